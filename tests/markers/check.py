#!/usr/bin/env python3
"""Checks lst's stderr for each NAME.lst here against NAME.stderr, byte for
byte, the lines of ^ markers under the source included (the golden tests
leave those out); the folder is written <dir> in both.  The expected files come from CPython 3.11, written by
tools/markers-oracle.

usage: check.py LST
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    lst = os.path.abspath(sys.argv[1])
    failed = 0
    names = sorted(f[:-4] for f in os.listdir(HERE) if f.endswith(".lst"))
    for name in names:
        with open(os.path.join(HERE, name + ".stderr")) as fh:
            want = fh.read()
        path = os.path.join(HERE, name + ".lst")
        got = subprocess.run([lst, path], cwd=HERE, capture_output=True, text=True).stderr
        got = got.replace(HERE, "<dir>")
        if got != want:
            failed += 1
            print("FAIL %s\n--- expected\n%s--- got\n%s" % (name, want, got))
    print("%d passed, %d failed" % (len(names) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
