#!/usr/bin/env python3
"""Run one golden test of lst, or check that the test list is complete.

usage: run.py LST TEST.lst          run TEST.lst with LST in its own folder
       run.py --complete LIST DIR   every .lst under DIR is named in LIST

A test passes when, for each expected file that exists beside TEST.lst:
  TEST.out     stdout, byte for byte (written by CPython 3.11)
  TEST.status  exit status on line 1 and the last stderr line on line 2
               (CPython's); without it the exit status must be 0
  TEST.err     all of stderr (CPython's), both sides without the lines of
               ^ and ~ markers under source lines and with the test's
               folder written as <dir>
  TEST.refuse  the program uses what lst does not implement: lst must stop
               with exit status 1 and this last stderr line, having
               printed a prefix of CPython's stdout (never anything else)
  TEST.trace   stderr of a second run with --trace-alloc: the allocation
               trace, whose figures agree with the getsizeof values
               CPython prints in TEST.out ([collect] lines are not
               compared under LST_GC_STRESS, which moves them)
Extra arguments for the program may be given in TEST.args (one line); with
TEST.stdin present the program is fed on stdin instead of named.
"""
import difflib
import os
import re
import subprocess
import sys

MARKERS = re.compile(r"^\s*[\^~]+\s*$")

def fail(name, what, want, got):
    print(f"FAIL {name}: {what}")
    for line in difflib.unified_diff(want.splitlines(), got.splitlines(), "expected", "lst", lineterm="", n=2):
        print("  " + line)
    return 1


def run(lst, test):
    lst = os.path.abspath(lst)
    folder, base = os.path.split(os.path.abspath(test))
    stem = test[:-4]
    args = []
    if os.path.exists(stem + ".args"):
        args = open(stem + ".args").read().split()
    env = dict(os.environ, PYTHONHASHSEED="0")
    if os.path.exists(stem + ".stdin"):
        # the program comes on stdin, with no program named
        with open(test, "rb") as f:
            done = subprocess.run([lst] + args, cwd=folder, stdin=f, capture_output=True, timeout=60, env=env)
    else:
        done = subprocess.run([lst, base] + args, cwd=folder, capture_output=True, timeout=60, env=env)
    out = done.stdout.decode("utf-8", "replace")
    # tracebacks name the script by its absolute path, which differs by checkout
    err = done.stderr.decode("utf-8", "replace").replace(folder + os.sep, "<dir>/")
    err = "".join(l for l in err.splitlines(True) if not MARKERS.match(l))
    bad = 0
    if os.path.exists(stem + ".refuse"):
        want_last = open(stem + ".refuse").read().rstrip("\n")
        got_last = err.rstrip("\n").split("\n")[-1]
        cpython = open(stem + ".out", encoding="utf-8").read()
        if done.returncode != 1 or got_last != want_last:
            bad |= fail(test, "refusal differs", f"1\n{want_last}", f"{done.returncode}\n{got_last}")
        if not cpython.startswith(out):
            bad |= fail(test, "stdout is not a prefix of CPython's", cpython, out)
        if not bad:
            print(f"PASS {test}")
        return bad
    if os.path.exists(stem + ".out"):
        want = open(stem + ".out", encoding="utf-8").read()
        if out != want:
            bad |= fail(test, "stdout differs", want, out)
    if os.path.exists(stem + ".status"):
        code, last = open(stem + ".status").read().rstrip("\n").split("\n", 1)
        got_last = err.rstrip("\n").split("\n")[-1]
        if done.returncode != int(code) or got_last != last:
            bad |= fail(test, "exit status or last stderr line differs", f"{code}\n{last}", f"{done.returncode}\n{got_last}")
    elif done.returncode != 0:
        bad |= fail(test, f"exit status {done.returncode}", "", err)
    if os.path.exists(stem + ".err"):
        want = open(stem + ".err", encoding="utf-8").read()
        if err != want:
            bad |= fail(test, "stderr differs", want, err)
    if os.path.exists(stem + ".trace"):
        traced = subprocess.run([lst, "--trace-alloc", base] + args, cwd=folder, capture_output=True, timeout=60, env=env)
        want = open(stem + ".trace", encoding="utf-8").read()
        got = traced.stderr.decode("utf-8", "replace")
        if os.environ.get("LST_GC_STRESS"):
            # the collector runs at every safe point: when a list is reclaimed is its own
            want, got = ("".join(l for l in t.splitlines(True) if not l.startswith("[collect]")) for t in (want, got))
        if got != want:
            bad |= fail(test, "allocation trace differs", want, got)
        if traced.stdout.decode("utf-8", "replace") != out:
            bad |= fail(test, "stdout changes under --trace-alloc", out, traced.stdout.decode("utf-8", "replace"))
    if not bad:
        print(f"PASS {test}")
    return bad


def complete(listing, folder):
    named = set(re.findall(r"'([^']+\.lst)'", open(listing).read()))
    missing = []
    for root, _, files in os.walk(folder):
        for f in files:
            if f.endswith(".lst"):
                rel = os.path.relpath(os.path.join(root, f), folder)
                if rel not in named:
                    missing.append(rel)
    for m in sorted(missing):
        print(f"not in {listing}: {m}")
    stale = [n for n in named if not os.path.exists(os.path.join(folder, n))]
    for s in sorted(stale):
        print(f"listed but missing: {s}")
    return 1 if missing or stale else 0


def main(argv):
    if len(argv) == 3 and argv[0] == "--complete":
        return complete(argv[1], argv[2])
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    return run(argv[0], argv[1])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
