#!/usr/bin/env python3
"""How many small golden programs `lst test` checks a second.

usage: bench/test_runner.py [--lst PATH] [--programs N] [--runs R]

Generates N small list programs (appends, slices, sorting, copies,
getsizeof) in a temporary folder, their NAME.out written by this CPython
(each program run in this process with its stdout captured), then times
`lst test -j 1` (one core) and `lst test` (all cores) over them, R runs
each, and prints the median time and the programs per second.
"""
import contextlib
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def program(rng, i):
    n = rng.randint(5, 60)
    lines = ["import sys", f"lst = list(range({n}))"]
    for _ in range(rng.randint(3, 8)):
        lines.append(rng.choice([
            f"lst.append({rng.randint(0, 99)})",
            f"del lst[{rng.randint(0, 4)}:{rng.randint(5, 9)}]",
            "lst.sort(reverse=True)",
            f"lst = lst[::{rng.randint(1, 3)}]",
            f"lst.extend([{rng.randint(0, 9)}] * {rng.randint(1, 20)})",
            "lst.insert(0, len(lst))",
        ]))
        lines.append("print(len(lst), sys.getsizeof(lst), lst[:5])")
    lines.append(f"print('program', {i}, sum(lst))")
    return "\n".join(lines) + "\n"


def main(argv):
    lst = os.path.join(HERE, "..", "build", "lst")
    count, runs = 1000, 5
    it = iter(argv)
    for a in it:
        if a == "--lst":
            lst = next(it)
        elif a == "--programs":
            count = int(next(it))
        elif a == "--runs":
            runs = int(next(it))
    lst = os.path.abspath(lst)
    rng = random.Random(7)
    folder = tempfile.mkdtemp(prefix="lst-bench-test-")
    try:
        for i in range(count):
            src = program(rng, i)
            path = os.path.join(folder, f"p{i:04}.lst")
            with open(path, "w") as f:
                f.write(src)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(src, path, "exec"), {"__name__": "__main__"})
            with open(path[:-4] + ".out", "w") as f:
                f.write(out.getvalue())
        print(f"{count} programs; lst: {lst}; {runs} runs each")
        for label, args in [("one core (-j 1)", ["-j", "1"]), (f"all cores (-j {os.cpu_count()})", [])]:
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                done = subprocess.run([lst, "test", *args, folder], capture_output=True, text=True)
                times.append(time.perf_counter() - start)
                last = done.stdout.strip().split("\n")[-1]
                if last != f"{count} passed, 0 failed":
                    sys.exit(f"lst test did not pass them all: {last}")
            t = statistics.median(times)
            print(f"{label:22} {t:7.3f} s   {count / t:8.0f} programs/s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
