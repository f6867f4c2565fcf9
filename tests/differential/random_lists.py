#!/usr/bin/env python3
"""Differential test: random list programs, run by lst and by CPython.

usage: random_lists.py LST [FIRST_SEED COUNT]

Each seed makes a program of random list operations (append, insert,
extend, pop, remove, del of slices with steps, slice assignment, +=, *=,
copies, sorting, deepcopy ...), printing the length, sys.getsizeof and the
first items after every step.  A program passes when lst's stdout and last
stderr line equal CPython's (PYTHONHASHSEED=0), run there and then: the
expectation always comes from CPython.  Ends with 'N passed, M failed'.
"""
import os
import random
import subprocess
import sys
import tempfile


def program(seed):
    r = random.Random(seed)
    names = ["a", "b", "c"]
    lines = ["import sys", "import copy", "a = []", "b = [1, 2, 3]", "c = list(range(7))"]

    def lst():
        return r.choice(names)

    def idx():
        return str(r.randint(-12, 12))

    def val():
        return r.choice([str(r.randint(-5, 50)), "'s'", "None", "[1]", "(2, 3)", "1.5"])

    steps = [
        lambda L: f"{L}.append({val()})",
        lambda L: f"{L}.extend(range({r.randint(0, 40)}))",
        lambda L: f"{L}.insert({idx()}, {val()})",
        lambda L: f"if {L}: {L}.pop()",
        lambda L: f"if len({L}) > 3: {L}.pop({r.randint(0, 3)})",
        lambda L: f"del {L}[{idx()}:{idx()}]",
        lambda L: f"del {L}[::{r.choice([2, 3, -2, -1])}]",
        lambda L: f"{L}[{idx()}:{idx()}] = {r.choice(['[]', '[9]', 'list(range(5))', 'range(30)', lst()])}",
        lambda L: f"{L} = {L}[{idx()}:{idx()}]",
        lambda L: f"{L} = [x for x in {lst()} if x is not None]",
        lambda L: f"{L} = list({lst()})",
        lambda L: f"{L} = {lst()} + {lst()}",
        lambda L: f"{L} *= {r.randint(0, 4)}",
        lambda L: f"{L} += {lst()}",
        lambda L: f"{L}.clear()",
        lambda L: f"{L} = [0] * {r.randint(0, 40)}",
        lambda L: f"{L} = {lst()}.copy()",
        lambda L: f"{L} = sorted([x for x in {lst()} if isinstance(x, int)])",
        lambda L: f"{L}.reverse()",
        lambda L: f"if {L}: {L}.remove({L}[0])",
        lambda L: f"{L} = {lst()}[::{r.choice([1, 2, -1, -3])}]",
        lambda L: f"{L} = list(reversed({lst()}))",
        lambda L: f"{L}.extend({lst()})",
        lambda L: f"{L} = list(tuple({lst()}))",
        lambda L: f"{L} = [{', '.join(val() for _ in range(r.randint(0, 5)))}]",
        lambda L: f"{L}.sort(key=lambda v: str(v))",
        lambda L: f"{L} = list(enumerate({lst()}))",
        lambda L: f"{L} = [*{lst()}, *{lst()}]",
        lambda L: f"{L} = copy.deepcopy({lst()})",
        lambda L: f"{L} = {lst()} * {r.randint(0, 3)}",
        lambda L: f"{L}[::2] = [0] * len({L}[::2])",
        lambda L: f"{L} = list(x for x in {lst()})",
    ]
    for _ in range(r.randint(20, 80)):
        name = lst()
        lines.append(r.choice(steps)(name))
        lines.append(f"print(len({name}), sys.getsizeof({name}), {name}[:6])")
    return "\n".join(lines) + "\n"


def run(cmd, path):
    done = subprocess.run(cmd + [path], capture_output=True, timeout=30, env=dict(os.environ, PYTHONHASHSEED="0"))
    last = done.stderr.decode("utf-8", "replace").rstrip("\n").split("\n")[-1]
    return done.stdout, done.returncode, last


def main(argv):
    lst = os.path.abspath(argv[0])
    first, count = (int(argv[1]), int(argv[2])) if len(argv) > 2 else (1, 60)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "prog.lst")
        for seed in range(first, first + count):
            with open(path, "w") as f:
                f.write(program(seed))
            if run([sys.executable], path) == run([lst], path):
                passed += 1
            else:
                failed += 1
                print(f"FAIL seed {seed}:\n{program(seed)}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
