// worker.js: runs one program with lst's WebAssembly build (lst-web.js)
// and posts what it prints, line by line, in the order it printed it:
// stdout, stderr, and the allocation trace with the lists' items
// (--trace-items), whose lines are told from stderr's by their
// "[event] line=" start.  The page stops
// a program by terminating this worker.
importScripts('lst-web.js');

const EVENT = /^\[(alloc|grow|shrink|free|collect|items)\] line=/;

onmessage = async (message) => {
  const { source, rule } = message.data;
  let status = 0;
  const lst = await createLst({
    print: (line) => postMessage({ kind: 'stdout', line }),
    printErr: (line) => postMessage({ kind: EVENT.test(line) ? 'event' : 'stderr', line }),
    quit: (code) => { status = code; },
  });
  lst.FS.writeFile('/main.lst', source);
  try {
    status = lst.callMain(['--trace-items', '--growth=' + rule, '/main.lst']);
  } catch (e) {
    if (!(e && e.name === 'ExitStatus')) {
      postMessage({ kind: 'stderr', line: String(e) });
      status = 1;
    }
  }
  postMessage({ kind: 'done', status });
};
