// app.js: the playground page.  Runs the program in a Web Worker
// (worker.js), shows stdout and stderr, and draws every list's buffer from
// the allocation trace's events as they come: one row of slots per list,
// used and free, each used slot labelled with what it holds, redrawn for
// the event the slider chooses.  A list held in a slot, and an object held
// in more than one, is drawn once with an arrow from every slot that holds
// it: what copy shares and deepcopy does not.  The tables under the
// drawing say the same in text.
'use strict';

const MAX_SLOTS = 128; // a longer buffer is drawn to here, with a count of the rest

const $ = (id) => document.getElementById(id);
const source = $('source');
const lineNumbers = $('line-numbers');
const step = $('step');
let worker = null;
let lines = [];  // the parsed trace lines, in order: buffer events and items
let stepAt = []; // where in lines each buffer event is: the slider's steps

// ------------------------------------------------------------- the editor

function updateLineNumbers() {
  const n = source.value.split('\n').length;
  let text = '';
  for (let i = 1; i <= n; i++) text += i + '\n';
  lineNumbers.textContent = text;
  lineNumbers.scrollTop = source.scrollTop;
}
source.addEventListener('input', updateLineNumbers);
source.addEventListener('scroll', () => { lineNumbers.scrollTop = source.scrollTop; });
source.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    run();
  }
});

async function loadExample(name) {
  const response = await fetch('examples/' + name);
  source.value = await response.text();
  updateLineNumbers();
}

async function loadExamples() {
  const names = await (await fetch('examples/index.json')).json();
  const menu = $('examples');
  for (const name of names) {
    const option = document.createElement('option');
    option.value = name;
    option.textContent = name.replace(/\.lst$/, '');
    menu.appendChild(option);
  }
  menu.addEventListener('change', () => loadExample(menu.value));
  if (names.length) await loadExample(names[0]);
}

// ---------------------------------------------------------------- running

function setRunning(running) {
  $('run').disabled = running;
  $('stop').disabled = !running;
}

function run() {
  if (worker) worker.terminate();
  $('stdout').textContent = '';
  $('stderr').textContent = '';
  lines = [];
  stepAt = [];
  showEvents(true);
  $('status').textContent = 'Running…';
  setRunning(true);
  worker = new Worker('worker.js');
  worker.onmessage = (message) => {
    const m = message.data;
    if (m.kind === 'stdout') $('stdout').textContent += m.line + '\n';
    else if (m.kind === 'stderr') $('stderr').textContent += m.line + '\n';
    else if (m.kind === 'event') {
      const following = stepAt.length === 0 || Number(step.value) === stepAt.length;
      const e = parseEvent(m.line);
      if (e.kind !== 'items') stepAt.push(lines.length);
      lines.push(e);
      showEvents(following);
    } else if (m.kind === 'done') {
      $('status').textContent = 'Finished with exit status ' + m.status + '.';
      worker.terminate();
      worker = null;
      setRunning(false);
    }
  };
  worker.postMessage({ source: source.value, rule: $('rule').value });
}

function stop() {
  if (!worker) return;
  worker.terminate();
  worker = null;
  $('status').textContent = 'Stopped.';
  setRunning(false);
}

$('run').addEventListener('click', run);
$('stop').addEventListener('click', stop);

// ------------------------------------------------------------ the events

// "[grow] line=7 list=#1 name=lst op=append len=5 cap=4->8 size=88->120 copies=4"
// "[items] line=9 list=#2 name=b len=3 cap=4 items=[#1,7,str@0x7f3a2c0e1b40]"
function parseEvent(line) {
  const e = { text: line, kind: line.slice(1, line.indexOf(']')) };
  for (const [, key, value] of line.matchAll(/(\w+)=(\S+)/g)) e[key] = value;
  const [oldCap, cap] = (e.cap || '0').split('->');
  const [oldSize, size] = (e.size || '0').split('->');
  e.id = Number((e.list || '#0').slice(1));
  e.oldCap = Number(oldCap);
  e.newCap = cap === undefined ? Number(oldCap) : Number(cap);
  e.oldSize = Number(oldSize);
  e.newSize = size === undefined ? Number(oldSize) : Number(size);
  e.len = Number(e.len || 0);
  if (e.kind === 'items') {
    const inside = e.items.slice(1, -1);
    e.held = inside ? inside.split(',').filter((t) => t !== '...') : [];
  }
  return e;
}

// An item's identity: a list (#N) or another object (type@address), which
// can be shared; a small int, None, True or False is a plain value.
const isObject = (token) => token.startsWith('#') || token.includes('@');

function slotText(token) {
  if (token.startsWith('#')) return token;
  const at = token.indexOf('@');
  if (at >= 0) return token.slice(0, at);
  return token.length > 5 ? token.slice(0, 4) + '…' : token;
}

// The lists as they stand after the first n buffer events: those events,
// the collections among them, and the items lines that follow them (an
// items line tells what a list holds once the operations before it are
// done, so it belongs to the step before the next buffer event).
function listsAfter(n) {
  const lists = new Map();
  const end = n < stepAt.length ? stepAt[n] : lines.length;
  for (let i = 0; i < end; i++) {
    const e = lines[i];
    if (e.kind === 'collect') {
      lists.delete(e.id);
    } else if (e.kind === 'items') {
      const list = lists.get(e.id);
      if (list) Object.assign(list, { held: e.held, len: e.len });
    } else {
      const old = lists.get(e.id);
      lists.set(e.id, { id: e.id, name: e.name, len: e.len, cap: e.newCap, size: e.newSize,
        last: `${e.kind} by ${e.op} at line ${e.line}`, held: old ? old.held : [] });
    }
  }
  return lists;
}

function showEvents(following) {
  step.max = String(stepAt.length);
  step.disabled = stepAt.length === 0;
  if (following) step.value = String(stepAt.length);
  draw();
}

step.addEventListener('input', draw);

// --------------------------------------------------------------- drawing

function slotRow(list, cap, len, label, before) {
  const row = document.createElement('div');
  row.className = before ? 'row before' : 'row';
  row.dataset.list = String(list.id);
  row.dataset.cap = String(cap);
  row.dataset.len = String(len);
  if (before) row.dataset.before = 'true';
  const text = document.createElement('div');
  text.className = 'label';
  text.textContent = label;
  row.appendChild(text);
  const slots = document.createElement('div');
  slots.className = 'slots';
  const shown = Math.min(cap, MAX_SLOTS);
  const held = before ? [] : list.held;
  for (let i = 0; i < shown; i++) {
    const slot = document.createElement('span');
    slot.className = i < len ? 'slot used' : 'slot';
    if (i < len && i < held.length) {
      slot.classList.add('labelled');
      slot.dataset.index = String(i);
      slot.dataset.item = held[i];
      slot.textContent = slotText(held[i]);
      slot.title = `[${i}] ${held[i]}`;
    }
    slots.appendChild(slot);
  }
  if (cap > shown) {
    const more = document.createElement('span');
    more.className = 'more';
    more.textContent = `… ${cap - shown} more slots`;
    slots.appendChild(more);
  }
  row.appendChild(slots);
  return row;
}

// Who holds each object: token -> [{ list, index }], in drawing order.
function holdersOf(lists) {
  const holders = new Map();
  for (const list of lists.values()) {
    list.held.slice(0, Math.min(list.len, MAX_SLOTS)).forEach((token, index) => {
      if (!isObject(token)) return;
      if (!holders.has(token)) holders.set(token, []);
      holders.get(token).push({ list, index });
    });
  }
  return holders;
}

// The arrows: from each slot that holds a drawn list to that list's row,
// and from each slot that holds a shared object (held more than once) to
// that object, drawn once in a column right of the rows.  An arrow leaves
// its slot downwards into the gap under the row, runs along it to a lane
// of its own (lists' lanes in the left margin, objects' in the gap before
// their column), and along the lane to its target.
function drawArrows(drawing, rows, holders) {
  const column = document.createElement('div');
  column.className = 'objects';
  const targets = [];
  for (const [token, held] of holders) {
    if (token.startsWith('#')) {
      const row = rows.querySelector(`.row:not([data-before])[data-list="${token.slice(1)}"] .label`);
      if (row) targets.push([token, row, true]);
    } else if (held.length > 1) {
      const box = document.createElement('span');
      box.className = 'object';
      box.dataset.item = token;
      box.textContent = token.replace(/@0x[0-9a-f]*([0-9a-f]{4})$/, ' …$1');
      column.appendChild(box);
      targets.push([token, box, false]);
    }
  }
  if (column.childElementCount) {
    const title = document.createElement('div');
    title.className = 'label';
    title.textContent = 'shared objects, each drawn once';
    column.prepend(title);
    drawing.appendChild(column);
  }
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', 'arrows');
  const origin = drawing.getBoundingClientRect();
  svg.setAttribute('width', String(drawing.scrollWidth));
  svg.setAttribute('height', String(drawing.scrollHeight));
  svg.innerHTML = '<defs><marker id="head" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" ' +
    'markerHeight="6" orient="auto"><path d="M0,0 L8,4 L0,8 z"/></marker></defs>';
  const columnLeft = column.isConnected ? column.getBoundingClientRect().left - origin.left : 0;
  let listLanes = 0, objectLanes = 0;
  for (const [token, target, isList] of targets) {
    const to = target.getBoundingClientRect();
    const x2 = to.left - origin.left - 2, y2 = to.top - origin.top + to.height / 2;
    const lane = isList ? 6 + 6 * (listLanes++ % 5) : columnLeft - 14 - 6 * (objectLanes++ % 6);
    for (const { list, index } of holders.get(token)) {
      const slot = rows.querySelector(
        `.row:not([data-before])[data-list="${list.id}"] .slot[data-index="${index}"]`);
      if (!slot) continue;
      slot.classList.add('shared');
      const from = slot.getBoundingClientRect();
      const x1 = from.left - origin.left + from.width / 2, y1 = from.bottom - origin.top;
      const gap = y1 + 4;
      const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
      path.setAttribute('d', `M${x1},${y1} V${gap} H${lane} V${y2} H${x2}`);
      path.setAttribute('marker-end', 'url(#head)');
      path.dataset.from = `#${list.id}:${index}`;
      path.dataset.to = token;
      svg.appendChild(path);
    }
  }
  drawing.appendChild(svg);
}

function cells(row, values) {
  const tr = document.createElement('tr');
  for (const value of values) {
    const td = document.createElement('td');
    td.textContent = String(value);
    tr.appendChild(td);
  }
  row.appendChild(tr);
}

function draw() {
  const n = Number(step.value);
  const chosen = n > 0 ? lines[stepAt[n - 1]] : null;
  $('step-text').textContent = stepAt.length ? `event ${n} of ${stepAt.length}` : 'no events yet';
  $('event-text').textContent = chosen ? chosen.text : '';
  const drawing = $('drawing');
  const body = $('list-table').tBodies[0];
  const sharedBody = $('shared-table').tBodies[0];
  const rows = document.createElement('div');
  rows.className = 'rows';
  drawing.replaceChildren(rows);
  body.replaceChildren();
  sharedBody.replaceChildren();
  const lists = listsAfter(n);
  for (const list of lists.values()) {
    const moved = chosen && chosen.id === list.id && (chosen.kind === 'grow' || chosen.kind === 'shrink');
    if (moved) {
      // the old block beside the new: the items copied across were in it
      rows.appendChild(slotRow(list, chosen.oldCap, Math.min(Number(chosen.copies || 0), chosen.oldCap),
        `#${list.id} ${list.name}: the old block, ${chosen.oldCap} slots, ${chosen.copies} items copied out`, true));
    }
    rows.appendChild(slotRow(list, list.cap, list.len,
      `#${list.id} ${list.name}: len ${list.len}, capacity ${list.cap}, getsizeof ${list.size}`, false));
    cells(body, [`#${list.id}`, list.name, list.len, list.cap, list.size, list.last,
      list.held.length ? `[${list.held.join(', ')}${list.held.length < list.len ? ', …' : ''}]` : '']);
  }
  const holders = holdersOf(lists);
  drawArrows(drawing, rows, holders);
  for (const [token, held] of holders) {
    if (held.length < 2) continue;
    const named = token.startsWith('#') && lists.has(Number(token.slice(1)))
      ? `${token} (${lists.get(Number(token.slice(1))).name})` : token;
    cells(sharedBody, [named, held.map(({ list, index }) => `#${list.id} ${list.name}[${index}]`).join(', ')]);
  }
  $('shared-none').hidden = sharedBody.rows.length > 0;
}

updateLineNumbers();
loadExamples();
