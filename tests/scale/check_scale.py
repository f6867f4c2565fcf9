#!/usr/bin/env python3
"""Compilation in time and memory linear in the source, on the shapes that
were once quadratic: many module-level names, many adjacent string
literals, a long chained comparison.

usage: check_scale.py LST

Each check makes a large program, runs it under lst and asserts its output
and that it stays within a time and a peak-memory bound far below what a
quadratic cost would take.  Prints PASS or FAIL per check.
"""
import resource
import subprocess
import sys
import tempfile
import time


def run(lst, source):
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(source)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    p = subprocess.run([lst, f.name], capture_output=True, text=True, timeout=120)
    took = time.monotonic() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return p.stdout, took, max(peak_kb, before)


def main():
    lst = sys.argv[1]
    failures = 0
    checks = [
        ("70,000 module-level names",
         "\n".join(f"v{i} = {i}" for i in range(70000)) + "\nprint(v69999)\n", "69999\n", 5, 200_000),
        ("100,000 adjacent string literals",
         "x = " + " ".join('"ab"' for _ in range(100000)) + "\nprint(len(x))\n", "200000\n", 5, 200_000),
        ("a chained comparison of 50,000 operands",
         "x = 1\nprint(" + " < ".join("x" for _ in range(50000)) + ")\n", "False\n", 5, 200_000),
    ]
    for name, source, want, max_s, max_kb in checks:
        out, took, kb = run(lst, source)
        ok = out == want and took < max_s and kb < max_kb
        print(("PASS " if ok else "FAIL ") + f"{name}: {took:.2f} s, peak {kb // 1024} MiB")
        failures += not ok
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
