// The playground end to end, in Debian's headless chromium driven by
// playwright-core: the page from a local server (python3 -m http.server),
// exercise 1 run, its stdout against CPython's (the example's .out), the
// drawn capacities after every event (the slider moved by keyboard)
// against the native lst's trace, the arrows of copy_vs_deepcopy (from
// each slot to the list it holds, and to each object held more than once)
// against the native lst's --trace-items, Stop on an endless loop within a
// second, and screenshots kept (SCREENSHOT, the page; SCREENSHOT with -copy
// before .png, the drawing of copy_vs_deepcopy).
//
// usage: node page.mjs SITE EXAMPLES LST SCREENSHOT
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [site, examples, lst, screenshot] = process.argv.slice(2);
const EXAMPLE = 'exercise1_reallocations.lst', COPIES = 'copy_vs_deepcopy.lst';
let failures = 0;
function check(ok, what, detail = '') {
  console.log(`${ok ? 'ok' : 'FAIL'}: ${what}${ok || !detail ? '' : '\n' + detail}`);
  if (!ok) failures++;
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForServer(url) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start');
}

// The lists after each event of a trace: what the page should draw.
function statesOf(trace) {
  const states = [], lists = new Map();
  for (const line of trace.split('\n').filter((l) => /^\[\w+\] line=/.test(l))) {
    const id = Number(/list=#(\d+)/.exec(line)[1]);
    const cap = /cap=(?:\d+->)?(\d+)/.exec(line)[1];
    if (line.startsWith('[collect]')) lists.delete(id);
    else lists.set(id, Number(cap));
    states.push([...lists.entries()].map(([i, c]) => `#${i}:${c}`).join(' '));
  }
  return states;
}

// The arrows the page should draw at the end of a --trace-items trace:
// list arrows "#L:i->#K" exactly; objects, whose addresses differ between
// builds, as the groups of slots that hold one object.
function arrowsOf(trace) {
  const lists = new Map();
  for (const line of trace.split('\n').filter((l) => /^\[\w+\] line=/.test(l))) {
    const id = Number(/list=#(\d+)/.exec(line)[1]);
    if (line.startsWith('[collect]')) lists.delete(id);
    else if (line.startsWith('[items]')) {
      const inside = /items=\[(.*)\]$/.exec(line)[1];
      lists.get(id).held = inside ? inside.split(',').filter((t) => t !== '...') : [];
      lists.get(id).len = Number(/len=(\d+)/.exec(line)[1]);
    } else if (!lists.has(id)) lists.set(id, { held: [], len: 0 });
  }
  return arrowsFrom([...lists.entries()].flatMap(([id, { held, len }]) =>
    held.slice(0, Math.min(len, 128)).map((token, i) => [`#${id}:${i}`, token]))
    .filter(([, token]) => token.startsWith('#') ? lists.has(Number(token.slice(1))) : token.includes('@')));
}

// [[from, to]...] in the form arrowsOf gives: objects held once dropped.
function arrowsFrom(pairs) {
  const toLists = [], groups = new Map();
  for (const [from, to] of pairs) {
    if (to.startsWith('#')) toLists.push(`${from}->${to}`);
    else groups.set(to, [...(groups.get(to) || []), from]);
  }
  const shared = [...groups.values()].filter((g) => g.length > 1).map((g) => g.sort().join(' '));
  return { toLists: toLists.sort().join(', '), shared: shared.sort().join(' | ') };
}

async function runExample(page, name) {
  const program = readFileSync(path.join(examples, name), 'utf8');
  await page.selectOption('#examples', name);
  await page.waitForFunction((p) => document.getElementById('source').value === p, program);
  await page.click('#run');
  await page.waitForFunction(() => /^Finished/.test(document.getElementById('status').textContent),
    null, { timeout: 20000 });
  const stdout = await page.textContent('#stdout');
  const want = readFileSync(path.join(examples, name.replace(/\.lst$/, '.out')), 'utf8');
  check(stdout === want, `${name}: stdout equals CPython's`, `--- want\n${want}--- got\n${stdout}`);
}

const port = await freePort();
const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '-d', site],
  { stdio: 'ignore' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox'] });
try {
  const url = `http://127.0.0.1:${port}/`;
  await waitForServer(url);
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  const started = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => document.querySelectorAll('#examples option').length > 0);
  const interactive = Date.now() - started;
  console.log(`interactive after ${interactive} ms`);
  check(interactive < 1000, 'the page is interactive within a second');

  // exercise 1, run
  const runAt = Date.now();
  await runExample(page, EXAMPLE);
  console.log(`exercise 1 ran in ${Date.now() - runAt} ms (a new worker, the WebAssembly compiled, the program run)`);

  // every event's drawing, stepping back from the end with the keyboard
  const states = statesOf(execFileSync('sh', ['-c', `"$0" --trace-alloc ${EXAMPLE} 2>&1 >/dev/null`,
    path.resolve(lst)], { cwd: examples, encoding: 'utf8' }));
  const count = Number(await page.getAttribute('#step', 'max'));
  check(count === states.length, `the page has the trace's ${states.length} events`, `got ${count}`);
  await page.focus('#step');
  let drawnAll = true, detail = '';
  for (let k = count; k >= 1; k--) {
    const drawn = await page.$$eval('#drawing .row:not([data-before])',
      (rows) => rows.map((r) => `#${r.dataset.list}:${r.dataset.cap}`).join(' '));
    const table = await page.$$eval('#list-table tbody tr',
      (rows) => rows.map((r) => `${r.cells[0].textContent}:${r.cells[3].textContent}`).join(' '));
    if (drawn !== states[k - 1] || table !== states[k - 1]) {
      drawnAll = false;
      detail += `event ${k}: trace ${states[k - 1]} / drawn ${drawn} / table ${table}\n`;
    }
    await page.keyboard.press('ArrowLeft');
  }
  check(drawnAll, 'the drawn capacities equal the trace\'s after every event', detail);
  await page.keyboard.press('End');
  await page.screenshot({ path: screenshot, fullPage: true });

  // copy and deepcopy: what the arrows say is shared
  await runExample(page, COPIES);
  const native = arrowsOf(execFileSync('sh', ['-c', `"$0" --trace-items ${COPIES} 2>&1 >/dev/null`,
    path.resolve(lst)], { cwd: examples, encoding: 'utf8' }));
  const drawnArrows = arrowsFrom(await page.$$eval('#drawing svg path[data-from]',
    (paths) => paths.map((p) => [p.dataset.from, p.dataset.to])));
  check(native.toLists !== '' && drawnArrows.toLists === native.toLists,
    'an arrow from each slot holding a list to that list, as the trace\'s items say',
    `trace: ${native.toLists}\ndrawn: ${drawnArrows.toLists}`);
  check(drawnArrows.shared === native.shared, 'one object drawn for the slots that share it',
    `trace: ${native.shared}\ndrawn: ${drawnArrows.shared}`);
  // the text equivalent: the inner lists team and shallow share, deep's own
  const sharedRows = await page.$$eval('#shared-table tbody tr',
    (rows) => rows.map((r) => `${r.cells[0].textContent} / ${r.cells[1].textContent}`));
  const wantRows = ['#1 (<temporary>) / #3 team[0], #4 shallow[0]', '#2 (<temporary>) / #3 team[1], #4 shallow[1]',
    '#8 (shared) / #9 pair[0], #9 pair[1]', '#11 (twin) / #10 twin[0], #10 twin[1]'];
  check(wantRows.every((r) => sharedRows.includes(r)) && !sharedRows.some((r) => /^#\d+ \(deep\)/.test(r)),
    'the shared table names the inner lists team and shallow share, and none of deep\'s lists',
    sharedRows.join('\n'));
  await page.locator('#drawing').screenshot({ path: screenshot.replace(/\.png$/, '-copy.png') });

  // Stop ends an endless loop
  await page.fill('#source', 'n = 0\nwhile True:\n    n += 1\n');
  await page.click('#run');
  await page.waitForTimeout(500);
  const stopAt = Date.now();
  await page.click('#stop');
  await page.waitForFunction(() => document.getElementById('status').textContent === 'Stopped.' &&
    !document.getElementById('run').disabled, null, { timeout: 5000 });
  const stopped = Date.now() - stopAt;
  check(stopped < 1000, `Stop ends an endless loop within a second (${stopped} ms)`);
} finally {
  await browser.close();
  server.kill();
}
console.log(failures ? `${failures} failed` : 'all passed');
process.exit(failures ? 1 : 0);
