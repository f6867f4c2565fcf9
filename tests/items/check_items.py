#!/usr/bin/env python3
"""--trace-items against CPython: what each list holds, by identity.

Each NAME.lst here names its roots on a line `# roots: NAME[=EXPR] ...`:
NAME is how the trace names a list (the variable it was first stored in),
EXPR how Python reaches it at the end (NAME itself when not given).  The
program runs under CPython with a few lines added that print the sharing
among the roots and everything they reach: each list and each object
labelled in order of first sight, small ints and None, True, False by
value.  lst runs the program alone with --trace-items; the same labelling
is made from the last [items] line of each list, starting at the first
made of the lists the trace names NAME (deepcopy makes the copy before
what it holds, and names them all after the variable).  The two must be equal.

Every [items] line must also hold as many items as its len says.

usage: check_items.py LST FOLDER"""
import os
import re
import subprocess
import sys

LST, FOLDER = os.path.abspath(sys.argv[1]), sys.argv[2]
FIELD = re.compile(r"(\w+)=(\S+)")

# Run after the program under CPython: `_roots` holds (name, object) pairs.
EPILOGUE = '''
def _label(x, seen, out):
    if x is None or x is True or x is False or type(x) is int:
        return repr(x)
    if id(x) in seen:
        return seen[id(x)]
    kind = "L" if type(x) is list else type(x).__name__
    seen[id(x)] = name = kind + str(len(seen))
    if type(x) is list:
        out.append(name + "=[" + ",".join(_label(v, seen, out) for v in x) + "]")
    return name

_seen, _out = {}, []
for _name, _root in _roots:
    _out.append(_name + ":" + _label(_root, _seen, _out))
print(" ".join(_out))
'''


def roots_of(source):
    m = re.search(r"^# roots: (.*)$", source, re.M)
    assert m, "no roots line"
    return [(r.split("=")[0], r.split("=")[-1]) for r in m.group(1).split()]


def cpython(path, roots):
    source = open(path).read()
    program = source + "\n_roots = [" + ", ".join(f"({n!r}, {e})" for n, e in roots) + "]\n" + EPILOGUE
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONHASHSEED": "0"})
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def lst(path, roots):
    done = subprocess.run([LST, "--trace-items", path], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    items, first_named, problems = {}, {}, []
    for line in done.stderr.splitlines():
        m = re.match(r"^\[(\w+)\] (.*)$", line)
        assert m, line
        f = dict(FIELD.findall(m.group(2)))
        number = int(f["list"][1:])
        first_named[f["name"]] = min(first_named.get(f["name"], number), number)
        if m.group(1) == "items":
            held = f["items"][1:-1].split(",") if f["items"] != "[]" else []
            if len(held) != int(f["len"]):
                problems.append(f"{line}: {len(held)} items for len {f['len']}")
            items[f["list"]] = held

    seen, out = {}, []

    def label(token):
        if re.fullmatch(r"-?\d+|None|True|False", token):
            return token
        if token in seen:
            return seen[token]
        kind = "L" if token.startswith("#") else token.split("@")[0]
        seen[token] = name = kind + str(len(seen))
        if token.startswith("#"):
            out.append(name + "=[" + ",".join(label(t) for t in items[token]) + "]")
        return name

    for name, _ in roots:
        out.append(name + ":" + label(f"#{first_named[name]}"))
    return " ".join(out), problems


bad = 0
for entry in sorted(os.listdir(FOLDER)):
    if not entry.endswith(".lst"):
        continue
    path = os.path.join(FOLDER, entry)
    roots = roots_of(open(path).read())
    want = cpython(path, roots)
    got, problems = lst(path, roots)
    ok = want == got and not problems
    print(("PASS " if ok else "FAIL ") + entry)
    if want != got:
        print(f"  CPython: {want}\n  lst:     {got}")
    for p in problems:
        print("  " + p)
    bad += not ok
print(f"{bad} failed" if bad else "all passed")
sys.exit(1 if bad else 0)
