// The playground end to end, in Debian's headless chromium driven by
// playwright-core: the page from a local server (python3 -m http.server),
// exercise 1 run, its stdout against CPython's (the example's .out), the
// drawn capacities after every event (the slider moved by keyboard)
// against the native lst's trace, Stop on an endless loop within a
// second, and a screenshot kept.
//
// usage: node page.mjs SITE EXAMPLES LST SCREENSHOT
import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [site, examples, lst, screenshot] = process.argv.slice(2);
const EXAMPLE = 'exercise1_reallocations.lst';
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
  const program = readFileSync(path.join(examples, EXAMPLE), 'utf8');
  await page.selectOption('#examples', EXAMPLE);
  await page.waitForFunction((p) => document.getElementById('source').value === p, program);
  const runAt = Date.now();
  await page.click('#run');
  await page.waitForFunction(() => /^Finished/.test(document.getElementById('status').textContent),
    null, { timeout: 20000 });
  console.log(`exercise 1 ran in ${Date.now() - runAt} ms (a new worker, the WebAssembly compiled, the program run)`);
  const stdout = await page.textContent('#stdout');
  const want = readFileSync(path.join(examples, EXAMPLE.replace(/\.lst$/, '.out')), 'utf8');
  check(stdout === want, 'stdout equals CPython\'s', `--- want\n${want}--- got\n${stdout}`);

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
