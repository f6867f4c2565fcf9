#!/usr/bin/env python3
"""Memory stays bounded while Python code runs under a built-in.

Each program makes garbage inside a built-in's own loop (sum()'s totals),
inside a generator that sum() or max() consumes, a predicate that filter() calls under list(), a special method
that `in` or sort calls. The collector must run there, so lst's peak
resident memory must stay within twice CPython's on the same program (and
its output equal CPython's).

usage: check_memory.py LST [PYTHON] [--sanitized]

With --sanitized (a sanitizer build, whose allocator keeps freed memory
in quarantine) it only reports itself skipped, as meson's status 77.
"""
import os
import subprocess
import sys
import tempfile

CLASSES = """
class Noisy:
    def __init__(self, k):
        self.k = k
    def __eq__(self, other):
        return [self.k] * 20 == []
    def __lt__(self, other):
        return [self.k] * 20 < [other.k] * 20
"""

PROGRAMS = [
    ("sum() of a range, its total past the small ints (no Python code under it)",
     "print(sum(range(10**7), 2**62))\n"),
    ("sum() of a generator that makes lists",
     "print(sum(len([k] * 10) for k in range(2_000_000)))\n"),
    ("max() with a key that makes lists",
     "print(max(range(1_000_000), key=lambda k: [k % 1000, k] * 3))\n"),
    ("list() of a filter whose predicate makes lists",
     "print(len(list(filter(lambda k: len([k] * 20) == 20 and k % 3 == 0, range(1_000_000)))))\n"),
    ("in on a list, with __eq__ that makes lists",
     CLASSES + "x = [Noisy(1)] * 500_000\nprint(Noisy(2) in x)\n"),
    ("sorted, with __lt__ that makes lists",
     CLASSES + "x = [Noisy(k * 7919 % 10007) for k in range(20_000)]\n"
     "print(sorted(x)[0].k)\n"),
]


def peak(cmd, path):
    """stdout and peak resident memory (KiB) of one run."""
    # MALLOC_PERTURB_ (meson sets it) makes malloc fill each block, so that
    # lst's lazily touched VM stack would count as resident
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_PERTURB_"}
    env["PYTHONHASHSEED"] = "0"
    p = subprocess.Popen(cmd + [path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out = p.stdout.read()
    p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    return out, status, usage.ru_maxrss


def main():
    args = [a for a in sys.argv[1:] if a != "--sanitized"]
    if "--sanitized" in sys.argv:
        print("skipped: peak memory means nothing under a sanitizer's allocator")
        return 77
    lst = args[0]
    python = args[1] if len(args) > 1 else "python3"
    failed = 0
    for name, source in PROGRAMS:
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
            f.write(source)
        try:
            want, _, theirs = peak([python], f.name)
            got, status, ours = peak([lst], f.name)
        finally:
            os.unlink(f.name)
        ok = got == want and status == 0 and ours <= 2 * theirs
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'} {name}: lst {ours // 1024} MiB, "
              f"CPython {theirs // 1024} MiB" + ("" if got == want else f", printed {got!r}"))
    print(f"{len(PROGRAMS) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
