#!/usr/bin/env python3
"""Tests of `lst test` itself: every option, bad input (a missing .out, a
binary .out, an example with no expected output, a crash, a hang), and
--update touching no file it was not asked to.  Each check builds its
fixtures in a fresh temporary folder.

usage: check_runner.py LST"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

LST = os.path.abspath(sys.argv[1])


def lst_test(folder, *args, timeout=60):
    return subprocess.run([LST, "test", *args], cwd=folder, capture_output=True, text=True, timeout=timeout)


def write(folder, name, text, mode="w"):
    with open(os.path.join(folder, name), mode) as f:
        f.write(text)


def read(folder, name):
    return open(os.path.join(folder, name)).read()


def last(done):
    return done.stdout.rstrip("\n").split("\n")[-1]


def check_pass_and_fail(d):
    write(d, "ok.lst", "print([1, 2] * 2)\n")
    write(d, "ok.out", "[1, 2, 1, 2]\n")
    write(d, "bad.lst", "print(len([]))\n")
    write(d, "bad.out", "1\n")
    done = lst_test(d, ".")
    assert done.returncode == 1 and last(done) == "1 passed, 1 failed", done.stdout
    assert "FAIL ./bad.lst: stdout differs\n--- expected\n+++ got\n@@ -1,1 +1,1 @@\n-1\n+0\n" in done.stdout, done.stdout
    assert "ok.lst" not in done.stdout, "passes are not listed without -v"
    done = lst_test(d, "ok.lst")
    assert done.returncode == 0 and done.stdout == "1 passed, 0 failed\n", done.stdout


def check_verbose(d):
    write(d, "a.lst", "print(1)\n")
    write(d, "a.out", "1\n")
    done = lst_test(d, "-v", ".")
    assert done.stdout == "PASS ./a.lst\n1 passed, 0 failed\n", done.stdout


def check_tap(d):
    write(d, "a.lst", "print(1)\n")
    write(d, "a.out", "1\n")
    write(d, "b.lst", "print(2)\n")
    write(d, "b.out", "3\n")
    done = lst_test(d, "--tap", ".")
    lines = done.stdout.split("\n")
    assert lines[0] == "TAP version 13" and "ok 1 - ./a.lst" in lines and "not ok 2 - ./b.lst" in lines, done.stdout
    assert "1..2" in lines and "# -3" in lines and "# +2" in lines, done.stdout


def check_status_err_args_stdin(d):
    write(d, "fails.lst", "import sys\nprint(sys.argv[1:])\n[][0]\n")
    write(d, "fails.args", "x y\n")
    write(d, "fails.out", "['x', 'y']\n")
    write(d, "fails.status", "1\nIndexError: list index out of range\n")
    write(d, "fails.err", 'Traceback (most recent call last):\n  File "<dir>/fails.lst", line 3, in <module>\n'
                          "    [][0]\n    ~~^^^\nIndexError: list index out of range\n")
    write(d, "fed.lst", "print('on stdin')\n")
    write(d, "fed.stdin", "")
    write(d, "fed.out", "on stdin\n")
    done = lst_test(d, ".")
    assert done.returncode == 0 and last(done) == "2 passed, 0 failed", done.stdout
    write(d, "fails.status", "1\nKeyError: 0\n")
    done = lst_test(d, "fails.lst")
    assert "exit status or last stderr line differs" in done.stdout and "+IndexError" in done.stdout, done.stdout


def check_trace(d):
    write(d, "t.lst", "lst = []\nlst.append(1)\n")
    write(d, "t.out", "")
    write(d, "t.trace", "[alloc] line=2 list=#1 name=lst op=append len=1 cap=0->4 size=56->88 copies=0\n")
    assert lst_test(d, "t.lst").returncode == 0
    write(d, "t.trace", "[alloc] line=2 list=#1 name=lst op=append len=1 cap=0->8 size=56->120 copies=0\n")
    done = lst_test(d, "t.lst")
    assert "allocation trace differs" in done.stdout, done.stdout


def check_transcripts(d):
    write(d, "notes.md", """# Notes

```
>>> lst = [3, 1, 2]
>>> sorted(lst)
[1, 2, 3]
>>> print("a\\n\\nb")
a
<BLANKLINE>
b
>>> list(range(50))  # doctest: +ELLIPSIS
[0, 1, ..., 49]
>>> print("x   y")  # doctest: +NORMALIZE_WHITESPACE
x y
>>> 1 / 0  # doctest: +SKIP
2
>>> lst[7]
Traceback (most recent call last):
  ...
IndexError: list index out of range
```
""")
    write(d, "mod.lst", '''"""
>>> half(8)
4
"""


def half(n):
    """
    >>> half(3)
    1
    """
    return n // 2
''')
    done = lst_test(d, "-v", ".")
    assert done.returncode == 0 and last(done) == "8 passed, 0 failed", done.stdout
    assert "1 skipped" in done.stdout and "SKIP ./notes.md:15" in done.stdout, done.stdout
    # an example with no expected output that prints something fails
    write(d, "quiet.txt", ">>> print('loud')\n")
    done = lst_test(d, "quiet.txt")
    assert done.returncode == 1 and "FAIL quiet.txt:1: output differs" in done.stdout and "+loud" in done.stdout, done.stdout


def check_bad_input(d):
    write(d, "nothing.lst", "print(1)\n")
    done = lst_test(d, "nothing.lst")
    assert done.returncode == 1 and "FAIL nothing.lst: holds no test" in done.stdout, done.stdout
    write(d, "bin.lst", "print(1)\n")
    write(d, "bin.out", "1\n\0\1", "w")
    done = lst_test(d, "bin.lst")
    assert "an expected file is not text" in done.stdout, done.stdout
    write(d, "lacks.txt", ">>>1 + 1\n2\n")
    done = lst_test(d, "lacks.txt")
    assert "lacks a blank after >>>" in done.stdout, done.stdout
    # in a folder, a program with no .out is no test at all
    shutil.rmtree(d)
    os.mkdir(d)
    write(d, "alone.lst", "print(1)\n")
    assert lst_test(d, ".").stdout == "0 passed, 0 failed\n"


def check_hang_and_crash(d):
    write(d, "hang.lst", "while True:\n    pass\n")
    write(d, "hang.out", "")
    write(d, "after.lst", "print('still runs')\n")
    write(d, "after.out", "still runs\n")
    start = time.time()
    done = lst_test(d, "--timeout", "1", ".")
    assert "FAIL ./hang.lst: timed out after 1 s" in done.stdout and last(done) == "1 passed, 1 failed", done.stdout
    assert time.time() - start < 8, "the run went on"
    # a child that crashes: it is killed here by SIGSEGV while it loops
    proc = subprocess.Popen([LST, "test", "--timeout", "20", "hang.lst"], cwd=d, stdout=subprocess.PIPE, text=True)
    child = None
    for _ in range(100):
        time.sleep(0.05)
        kids = open(f"/proc/{proc.pid}/task/{proc.pid}/children").read().split()
        if kids:
            child = int(kids[0])
            break
    assert child, "no child for the test"
    time.sleep(0.2)
    os.kill(child, signal.SIGSEGV)
    out, _ = proc.communicate(timeout=20)
    # (under AddressSanitizer its handler turns the SIGSEGV into an abort)
    assert ("FAIL hang.lst: crashed (signal 11, SIGSEGV)" in out or
            "FAIL hang.lst: crashed (signal 6, SIGABRT)" in out), out


def check_memory(d):
    write(d, "big.lst", "x = [0] * (2 ** 40)\nprint('made')\n")
    write(d, "big.out", "made\n")
    done = lst_test(d, "big.lst")
    assert done.returncode == 1 and "exit status 1" in done.stdout and "MemoryError" in done.stdout, done.stdout


def check_jobs(d):
    for i in range(12):
        write(d, f"p{i:02}.lst", f"print({i} * {i})\n")
        write(d, f"p{i:02}.out", f"{i * i if i != 5 else 0}\n")
    one, many = lst_test(d, "-j", "1", "."), lst_test(d, "-j", "4", ".")
    assert one.stdout == many.stdout and last(one) == "11 passed, 1 failed", (one.stdout, many.stdout)


def check_update(d):
    write(d, "a.lst", "print([1] * 3)\n")
    write(d, "a.out", "[1]\n")
    write(d, "b.lst", "print('b')\n")
    write(d, "b.out", "b\n")
    write(d, "c.lst", "print(2)\n[][1]\n")
    write(d, "c.out", "2\n")
    write(d, "c.status", "1\nKeyError: 1\n")
    write(d, "t.txt", ">>> x = [1, 2]\n>>> x + x\n[1, 2]\n>>> len(x)\n2\n")
    before = {n: os.stat(os.path.join(d, n)).st_mtime_ns for n in os.listdir(d)}
    time.sleep(0.01)
    done = lst_test(d, "--update", ".")
    assert done.returncode == 0 and "UPDATED ./a.lst" in done.stdout and "updated a.out" in done.stdout, done.stdout
    assert read(d, "a.out") == "[1, 1, 1]\n" and read(d, "c.status") == "1\nIndexError: list index out of range\n"
    assert read(d, "t.txt") == ">>> x = [1, 2]\n>>> x + x\n[1, 2, 1, 2]\n>>> len(x)\n2\n", read(d, "t.txt")
    changed = {n for n in before if os.stat(os.path.join(d, n)).st_mtime_ns != before[n]}
    assert changed == {"a.out", "c.status", "t.txt"}, changed
    assert lst_test(d, ".").returncode == 0
    # where CPython prints something else, lst's output is not kept without --force
    write(d, "refused.lst", "print(bytes(2))\n")
    write(d, "refused.out", "old\n")
    done = lst_test(d, "--update", "refused.lst")
    assert done.returncode == 1 and "not updated: CPython (python3) prints something else" in done.stdout, done.stdout
    assert read(d, "refused.out") == "old\n"
    done = lst_test(d, "--update", "--force", "refused.lst")
    assert done.returncode == 0 and read(d, "refused.out") == "", read(d, "refused.out")


def check_oracle(d):
    write(d, "p.lst", "print(bytes(2))\n")
    write(d, "p.out", "wrong\n")
    done = lst_test(d, "--oracle", "python3", "p.lst")
    assert done.returncode == 1 and "+b'\\x00\\x00'" in done.stdout, done.stdout
    done = lst_test(d, "--oracle", "python3", "--update", "p.lst")
    assert done.returncode == 0 and read(d, "p.out") == "b'\\x00\\x00'\n", read(d, "p.out")
    write(d, "t.txt", ">>> len([1, 2])\n3\n")
    done = lst_test(d, "--oracle=python3", "t.txt")
    assert done.returncode == 1 and "+2" in done.stdout, done.stdout


def check_usage(d):
    for args in (["--bogus", "."], [], ["no-such-path"], ["--force", "."], ["-j", "0", "."]):
        done = lst_test(d, *args)
        assert done.returncode == 2, (args, done.returncode, done.stderr)


def main():
    checks = [check_pass_and_fail, check_verbose, check_tap, check_status_err_args_stdin, check_trace,
              check_transcripts, check_bad_input, check_hang_and_crash, check_memory, check_jobs, check_update,
              check_oracle, check_usage]
    passed = failed = 0
    for check in checks:
        d = tempfile.mkdtemp(prefix="lst-runner-")
        try:
            check(d)
            passed += 1
            print(f"PASS {check.__name__}")
        except Exception as e:
            failed += 1
            where = traceback.extract_tb(e.__traceback__)[-1]
            print(f"FAIL {check.__name__} (line {where.lineno}): {e}")
        finally:
            shutil.rmtree(d, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
