#!/usr/bin/env python3
"""The limits for untrusted programs (--max-time, --max-steps,
--max-memory). Ctrl-C has its own check, on a terminal: check_interrupt.py.

usage: check_limits.py LST

Each check runs lst on a small program with a limit and asserts the exit
status and the last line of stderr; a program inside its limits must run as
it does without them.  Prints PASS or FAIL per check; status 1 on a failure.
"""
import subprocess
import sys
import tempfile
import time

LOOP = "x = 0\nwhile True:\n    x += 1\n"
CATCHER = "try:\n    while True:\n        pass\nexcept BaseException as e:\n    print(type(e).__name__)\n    while True:\n        pass\n"
GROW = "keep = []\nwhile True:\n    keep.append([0] * 1000)\n"
BIG = "x = [0] * 10**9\nprint(len(x))\n"
SMALL = "print(sum(range(100)))\n"


def run(lst, args, source, timeout=20):
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(source)
    start = time.monotonic()
    p = subprocess.run([lst] + args + [f.name], capture_output=True, text=True, timeout=timeout)
    lines = p.stderr.strip().splitlines()
    return p.returncode, p.stdout, lines[-1] if lines else "", time.monotonic() - start


def main():
    lst = sys.argv[1]
    failures = 0

    def check(name, ok):
        nonlocal failures
        print(("PASS " if ok else "FAIL ") + name)
        failures += not ok

    status, out, last, took = run(lst, ["--max-time=0.3"], LOOP)
    check("--max-time stops an endless loop with LimitExceeded and status 3",
          status == 3 and last == "LimitExceeded: the program ran past its time limit (--max-time)" and took < 5)
    status, out, last, _ = run(lst, ["--max-steps=1000"], LOOP)
    check("--max-steps stops an endless loop", status == 3 and last.startswith("LimitExceeded:") and "--max-steps" in last)
    status, out, last, _ = run(lst, ["--max-steps=1000"], CATCHER)
    check("a program that catches LimitExceeded meets it again", status == 3 and out == "LimitExceeded\n")
    status, out, last, _ = run(lst, ["--max-memory=64M"], GROW)
    check("--max-memory turns a growing heap into MemoryError", status == 1 and last == "MemoryError")
    status, out, last, _ = run(lst, ["--max-memory=64M"], BIG)
    check("--max-memory refuses one large buffer", status == 1 and last == "MemoryError" and out == "")
    status, out, last, _ = run(lst, ["--max-memory=64M", "--max-steps=100000", "--max-time=10"], SMALL)
    check("a program within its limits runs as without them", status == 0 and out == "4950\n" and last == "")
    status, out, last, took = run(lst, ["--max-time=0.5"], "x = list(range(3_000_000))\nx.reverse()\nwhile True:\n    y = sorted(x, key=lambda v: -v)\n")
    check("--max-time stops a long sort in its comparisons", status == 3 and took < 5)
    status, out, last, took = run(lst, ["--max-steps=100000"], "print([k for k in range(10**15) if k < 0])\n")
    check("--max-steps stops a comprehension whose filter rejects everything",
          status == 3 and last.startswith("LimitExceeded") and took < 5)
    for bad in (["--max-memory=lots"], ["--max-time=-1"], ["--max-steps=0"]):
        status, out, last, _ = run(lst, bad, SMALL)
        check(f"{bad[0]} is a usage error (status 2)", status == 2)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
