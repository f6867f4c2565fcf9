// app.js: the playground page.  Runs the program in a Web Worker
// (worker.js), shows stdout and stderr, and draws every list's buffer from
// the allocation trace's events as they come: one row of slots per list,
// used and free, redrawn for the event the slider chooses.  The table
// under the drawing says the same in text.
'use strict';

const MAX_SLOTS = 128; // a longer buffer is drawn to here, with a count of the rest

const $ = (id) => document.getElementById(id);
const source = $('source');
const lineNumbers = $('line-numbers');
const step = $('step');
let worker = null;
let events = []; // parsed trace lines, in order

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
  events = [];
  showEvents(true);
  $('status').textContent = 'Running…';
  setRunning(true);
  worker = new Worker('worker.js');
  worker.onmessage = (message) => {
    const m = message.data;
    if (m.kind === 'stdout') $('stdout').textContent += m.line + '\n';
    else if (m.kind === 'stderr') $('stderr').textContent += m.line + '\n';
    else if (m.kind === 'event') {
      const following = events.length === 0 || Number(step.value) === events.length;
      events.push(parseEvent(m.line));
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
  return e;
}

// The lists as they stand after the first n events.
function listsAfter(n) {
  const lists = new Map();
  for (let i = 0; i < n; i++) {
    const e = events[i];
    if (e.kind === 'collect') {
      lists.delete(e.id);
      continue;
    }
    lists.set(e.id, { id: e.id, name: e.name, len: e.len, cap: e.newCap, size: e.newSize,
      last: `${e.kind} by ${e.op} at line ${e.line}` });
  }
  return lists;
}

function showEvents(following) {
  step.max = String(events.length);
  step.disabled = events.length === 0;
  if (following) step.value = String(events.length);
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
  for (let i = 0; i < shown; i++) {
    const slot = document.createElement('span');
    slot.className = i < len ? 'slot used' : 'slot';
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

function draw() {
  const n = Number(step.value);
  const chosen = n > 0 ? events[n - 1] : null;
  $('step-text').textContent = events.length ? `event ${n} of ${events.length}` : 'no events yet';
  $('event-text').textContent = chosen ? chosen.text : '';
  const drawing = $('drawing');
  const body = $('list-table').tBodies[0];
  drawing.replaceChildren();
  body.replaceChildren();
  for (const list of listsAfter(n).values()) {
    const moved = chosen && chosen.id === list.id && (chosen.kind === 'grow' || chosen.kind === 'shrink');
    if (moved) {
      // the old block beside the new: the items copied across were in it
      drawing.appendChild(slotRow(list, chosen.oldCap, Math.min(Number(chosen.copies || 0), chosen.oldCap),
        `#${list.id} ${list.name}: the old block, ${chosen.oldCap} slots, ${chosen.copies} items copied out`, true));
    }
    drawing.appendChild(slotRow(list, list.cap, list.len,
      `#${list.id} ${list.name}: len ${list.len}, capacity ${list.cap}, getsizeof ${list.size}`, false));
    const tr = document.createElement('tr');
    for (const cell of [`#${list.id}`, list.name, list.len, list.cap, list.size, list.last]) {
      const td = document.createElement('td');
      td.textContent = String(cell);
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
}

updateLineNumbers();
loadExamples();
