#!/usr/bin/env python3
"""The growth rules of --growth: 3.8 reproduces CPython 3.8 (expected files
written from its rule by tools/growth-oracle), double and 1.5 follow their
definitions, 3.11 is the default, and a bad rule is a usage error.

usage: rules.py LST EXAMPLES_DIR"""
import os
import subprocess
import sys

LST, EXAMPLES = os.path.abspath(sys.argv[1]), sys.argv[2]
HERE = os.path.dirname(os.path.abspath(__file__))
bad = 0


def run(*args, stdin=None):
    return subprocess.run([LST, *args], capture_output=True, text=True, input=stdin, timeout=60)


def check(what, want, got):
    global bad
    if want != got:
        bad += 1
        print(f"FAIL {what}\n  want: {want!r}\n  got:  {got!r}")
    else:
        print(f"PASS {what}")


for name in ["exercise1_reallocations", "tutorial_3_8"]:
    want = open(os.path.join(HERE, name + ".3.8.out")).read()
    check(f"{name} under --growth=3.8", want, run("--growth=3.8", os.path.join(EXAMPLES, name + ".lst")).stdout)

# capacities seen while appending 200 items, from each rule's definition
PROGRAM = """import sys
lst, seen = [], [0]
for i in range(200):
    lst.append(i)
    c = (sys.getsizeof(lst) - 56) // 8
    if c != seen[-1]:
        seen.append(c)
print(seen)
"""


def progression(step):
    cap, seen = 0, [0]
    for n in range(1, 201):
        if n > cap:
            cap = step(cap, n)
            seen.append(cap)
    return str(seen) + "\n"


def double(cap, n):
    return max(n, 4 if cap < 4 else 2 * cap)


def java(cap, n):
    return max(n, 10 if cap == 0 else cap + cap // 2)


check("--growth=double doubles from 4", progression(double), run("--growth=double", "-", stdin=PROGRAM).stdout)
check("--growth=1.5 grows by half from 10", progression(java), run("--growth=1.5", "-", stdin=PROGRAM).stdout)
plain = run("-", stdin=PROGRAM).stdout
check("--growth=3.11 is the default", plain, run("--growth", "3.11", "-", stdin=PROGRAM).stdout)
out = run("--growth=2x", "-", stdin=PROGRAM)
check("an unknown rule is a usage error", (2, ""), (out.returncode, out.stdout))
# shrinking follows each rule's source: MicroPython halves on pop, Java never shrinks
POPS = "import sys\nlst = list(range(64))\nfor i in range(60):\n    lst.pop()\nprint((sys.getsizeof(lst) - 56) // 8)\n"
check("double halves on pop (MicroPython)", "8\n", run("--growth=double", "-", stdin=POPS).stdout)
check("1.5 never shrinks (Java)", "64\n", run("--growth=1.5", "-", stdin=POPS).stdout)
print(f"{bad} failed")
sys.exit(1 if bad else 0)
