#!/usr/bin/env python3
"""Writing to stdout fails as it does in CPython: a full disk (/dev/full)
and a pipe whose reader has gone.

Each program runs under CPython (with its stdout buffered, as by default)
and under lst, and the two must agree on stderr and the exit status:
- a write that fails while the program runs is an OSError (BrokenPipeError
  for the pipe) with its traceback, and status 1;
- output left in the buffer that cannot be written at exit is "Exception
  ignored in: <_io.TextIOWrapper name='<stdout>' ...>" and status 120
  (after a flush that failed too, whose bytes CPython keeps);
- a closed pipe is never a silent death by SIGPIPE.

usage: check_output_errors.py LST [PYTHON]
"""
import os
import subprocess
import sys
import tempfile

PROGRAMS = [
    ("one line", "print('hi')\n"),
    ("a few lines", "for i in range(3):\n    print(i)\n"),
    ("more than the buffer holds", "for i in range(20000):\n    print(i)\n"),
    ("sys.stdout.flush()", "import sys\nprint('a')\nsys.stdout.flush()\nprint('b')\n"),
    ("print(flush=True)", "print('a', flush=True)\nprint('b')\n"),
    ("caught and reported on stderr",
     "import sys\ntry:\n    for i in range(20000):\n        print(i)\n"
     "except Exception as e:\n    print(type(e).__name__, e, file=sys.stderr)\n"),
]


def run(cmd, path, sink):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env["PYTHONHASHSEED"] = "0"
    if sink == "full":
        with open("/dev/full", "w") as out:
            p = subprocess.run(cmd + [path], stdout=out, stderr=subprocess.PIPE, env=env,
                               timeout=60)
        return p.returncode, p.stderr
    # a pipe whose reader is gone before the program writes
    r, w = os.pipe()
    os.close(r)
    p = subprocess.run(cmd + [path], stdout=w, stderr=subprocess.PIPE, env=env, timeout=60)
    os.close(w)
    return p.returncode, p.stderr


def main():
    lst = sys.argv[1]
    python = sys.argv[2] if len(sys.argv) > 2 else "python3"
    failed = 0
    total = 0
    for name, source in PROGRAMS:
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
            f.write(source)
        try:
            for sink in ("full", "closed pipe"):
                total += 1
                want = run([python], f.name, sink)
                got = run([lst], f.name, sink)
                ok = want == got
                failed += not ok
                print(f"{'PASS' if ok else 'FAIL'} {name}, to {sink}: status {got[0]}"
                      + ("" if ok else f"\n  CPython: {want!r}\n  lst:     {got!r}"))
        finally:
            os.unlink(f.name)
    print(f"{total - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
