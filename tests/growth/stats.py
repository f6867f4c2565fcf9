#!/usr/bin/env python3
"""--alloc-stats against the trace: each figure of the summary equals a sum
computed here from the --trace-alloc lines of the same run, and the appends
equal what the program does (exercise 1: 100 appends to one list).

usage: stats.py LST EXAMPLES_DIR"""
import os
import re
import subprocess
import sys

LST, EXAMPLES = os.path.abspath(sys.argv[1]), sys.argv[2]
FIELD = re.compile(r"(\w+)=(\S+)")
bad = 0


def check(what, want, got):
    global bad
    print(("PASS " if want == got else "FAIL ") + f"{what}: want {want!r}, got {got!r}")
    bad += want != got


def run(program, *opts):
    done = subprocess.run([LST, "--trace-alloc", "--alloc-stats", *opts, program], capture_output=True,
                          text=True, timeout=60, cwd=EXAMPLES)
    events, stats = [], []
    for line in done.stderr.splitlines():
        m = re.match(r"^\[(\w+)\] (.*)$", line)
        assert m, line
        fields = dict(FIELD.findall(m.group(2)))
        (stats if m.group(1) == "stats" else events).append((m.group(1), fields))
    return done.stdout, events, [f for _, f in stats]


def from_trace(events, list_id=None):
    """The figures of one list (or all) summed from its trace lines."""
    f = {"grows": 0, "shrinks": 0, "copies": 0, "bytes": 0, "peak_cap": 0, "len_at_peak": 0}
    caps = {}
    for kind, e in events:
        if kind == "collect" or (list_id and e["list"] != list_id):
            continue
        old, new = (int(x) for x in e["cap"].split("->"))
        f["grows" if new > old else "shrinks"] += 1
        f["copies"] += int(e["copies"])
        f["bytes"] += 8 * new
        caps[e["list"]] = new
        total = sum(caps.values()) if list_id is None else new
        if total > f["peak_cap"]:
            f["peak_cap"], f["len_at_peak"] = total, int(e["len"])
    f["reallocs"] = f["grows"] + f["shrinks"]
    return f


# exercise 1: one list, 100 appends
out, events, stats = run("exercise1_reallocations.lst")
total, one = stats[0], stats[1]
want = from_trace(events)
for k in ["reallocs", "grows", "shrinks", "copies", "bytes", "peak_cap"]:
    check(f"exercise 1, all lists: {k}", str(want[k]), total[k])
    check(f"exercise 1, list #1: {k}", str(want[k]), one[k])
check("exercise 1: 11 reallocations, as the program counts", "11 reallocations for 100 appends",
      out.splitlines()[-1])
check("exercise 1: appends", "100", one["appends"])
check("exercise 1: per_append", f"{want['copies'] / 100:.2f}", one["per_append"])
check("exercise 1: peak_len", "100", one["peak_len"])
check("exercise 1: slack at peak", f"{100 * (want['peak_cap'] - want['len_at_peak']) / want['peak_cap']:.1f}%",
      one["slack_peak"])
check("exercise 1: slack at exit", f"{100 * (want['peak_cap'] - 100) / want['peak_cap']:.1f}%", one["slack_exit"])
check("exercise 1: the list's name and line", ("items", "4"), (one["name"], one["line"]))

# compare_growth under three rules: each list shown agrees with its trace
for rule in ["3.11", "3.8", "double"]:
    out, events, stats = run("compare_growth.lst", "--growth=" + rule)
    for s in stats[1:]:
        want = from_trace(events, s["list"])
        for k in ["reallocs", "copies", "bytes", "peak_cap"]:
            check(f"compare_growth {rule} {s['list']} {s['name']}: {k}", str(want[k]), s[k])
    want = from_trace(events)
    for k in ["reallocs", "copies", "bytes"]:
        check(f"compare_growth {rule} all: {k}", str(want[k]), stats[0][k])
print(f"{bad} failed")
sys.exit(1 if bad else 0)
