#!/usr/bin/env python3
"""The limits for untrusted programs (--max-time, --max-steps,
--max-memory), and Ctrl-C: seen within long built-in loops, and ending the
process by SIGINT as CPython's does.

usage: check_limits.py LST

Each check runs lst on a small program with a limit and asserts the exit
status and the last line of stderr; a program inside its limits must run as
it does without them.  Prints PASS or FAIL per check; status 1 on a failure.
"""
import signal
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
    # Ctrl-C inside long built-in loops: a traceback, then death by SIGINT
    for name, body in [("sum", "x = list(range(30_000_000))\nwhile True:\n    sum(x)\n"),
                       ("sorted with a key", "x = list(range(3_000_000))\nwhile True:\n    sorted(x, key=lambda v: -v)\n"),
                       ("in on a long list", "x = list(range(30_000_000))\nwhile True:\n    -1 in x\n"),
                       ("max", "x = list(range(30_000_000))\nwhile True:\n    max(x)\n")]:
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
            f.write(body)
        p = subprocess.Popen([lst, f.name], stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)
        sent = time.monotonic()
        p.send_signal(signal.SIGINT)
        try:
            err = p.communicate(timeout=10)[1]
        except subprocess.TimeoutExpired:
            p.kill()
            err = ""
        took = time.monotonic() - sent
        last = err.strip().splitlines()[-1] if err.strip() else ""
        check(f"Ctrl-C in {name}: KeyboardInterrupt within 0.5 s, then the process ends by SIGINT",
              p.returncode == -signal.SIGINT and last == "KeyboardInterrupt" and took < 0.5)
    for bad in (["--max-memory=lots"], ["--max-time=-1"], ["--max-steps=0"]):
        status, out, last, _ = run(lst, bad, SMALL)
        check(f"{bad[0]} is a usage error (status 2)", status == 2)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
