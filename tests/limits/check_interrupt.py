#!/usr/bin/env python3
"""Ctrl-C, typed on a terminal, stops lst inside long built-in loops.

Each program runs on its own pty and spends nearly all its time inside one
built-in (sort, sum, max, min, join, list() of an iterator, `in`, `*`), or
in a comprehension whose filter rejects every item (its only backward jump
is the filter's).
Ctrl-C is written to the pty, whose line discipline sends SIGINT as a
keyboard does. Then, as in CPython:
- the KeyboardInterrupt traceback appears within 100 ms (the median of
  three runs, as a shared machine can stall any single one);
- its last frame is the built-in's line (a built-in that did not look at
  Ctrl-C would be left first, and the loop's line would show instead, in
  every run), in one run of three at least: the loop around the call, a
  collection there, and what the call does before and after the built-in's
  own loop (list(x).sort() copies 8 MB first) take some of the time too,
  the more under a sanitizer on a loaded machine;
- the process ends by SIGINT, so that a shell loop over programs stops.

usage: check_interrupt.py LST
"""
import os
import pty
import select
import signal
import sys
import time

LATENCY = 0.1

SETUP = ("x = [(i * 7919) % 1000003 for i in range(1_000_000)]\n"
         "words = [''] * 3_000_000\n"
         "print('go', flush=True)\n")

CASES = [
    ("sorted", "sorted(x)"),
    ("list.sort", "list(x).sort()"),
    ("sorted with a key", "sorted(x, key=lambda v: -v)"),
    ("sum", "sum(range(10**15))"),
    ("max", "max(range(10**15))"),
    ("min", "min(range(10**15))"),
    ("join", "''.join(words)"),
    ("list() of an iterator", "list(iter(x))"),
    ("in on a long list", "-1 in x * 8"),
    ("* repeat", "x * 4"),
    ("a comprehension whose filter rejects everything", "[k for k in range(10**15) if k < 0]"),
]


def read_until(fd, needle, deadline):
    """Reads the pty until needle appears or the deadline passes."""
    got = b""
    while needle not in got:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        got += chunk
    return got


def run_case(lst, call, delay):
    path = f"/tmp/lst-interrupt-{os.getpid()}.py"
    with open(path, "w") as f:
        f.write(SETUP + "while True:\n    " + call + "\n")
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(lst, [lst, path])
    try:
        started = read_until(fd, b"go", time.monotonic() + 60)
        if b"go" not in started:
            return False, "the program never started"
        time.sleep(delay)  # well inside the loop
        os.write(fd, b"\x03")
        sent = time.monotonic()
        out = read_until(fd, b"KeyboardInterrupt", sent + 10)
        latency = time.monotonic() - sent
        out += read_until(fd, b"\0", time.monotonic() + 5)  # the rest
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
        os.unlink(path)
    text = out.decode(errors="replace").replace("\r\n", "\n")
    # the marker lines under source lines (^ and ~) say nothing of where
    lines = [l for l in text.splitlines() if l.strip() and l.strip().strip("^~")]
    if not lines or lines[-1] != "KeyboardInterrupt":
        return False, f"no KeyboardInterrupt last: {text[-300:]!r}"
    inside = len(lines) >= 2 and lines[-2].strip() == call
    if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGINT):
        return False, f"not ended by SIGINT (status {status})"
    return True, (latency, inside, lines[-3:])


def main():
    lst = os.path.abspath(sys.argv[1])
    failed = 0
    for name, call in CASES:
        # Ctrl-C at a different point of the loop in each run: the program
        # is deterministic, so one delay could meet the same collection at
        # the loop's safe point every time
        runs = [run_case(lst, call, delay) for delay in (0.35, 0.5, 0.65)]
        bad = [why for ok, why in runs if not ok]
        if bad:
            ok, why = False, bad[0]
        elif not any(inside for _, (_, inside, _) in runs):
            ok, why = False, f"the traceback does not end at the built-in's line: {runs[0][1][2]!r}"
        else:
            median = sorted(latency for _, (latency, _, _) in runs)[1]
            ok = median <= LATENCY
            why = f"KeyboardInterrupt after {median * 1000:.0f} ms (median of 3)"
        print(f"{'PASS' if ok else 'FAIL'} Ctrl-C in {name}: {why}")
        failed += not ok
    print(f"{len(CASES) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
