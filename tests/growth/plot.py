#!/usr/bin/env python3
"""--alloc-plot read back: the SVG parses as XML, has a panel for each list
that moved, and each capacity polyline, mapped back to slots through the
panel's own tick labels, steps through exactly the capacities the trace
reports for that list, in order, for each rule the program ran under.

usage: plot.py LST EXAMPLES_DIR OUT_DIR"""
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

LST, EXAMPLES, OUT = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
NS = "{http://www.w3.org/2000/svg}"
bad = 0


def check(what, ok, detail=""):
    global bad
    print(("PASS " if ok else "FAIL ") + what + ("" if ok else f": {detail}"))
    bad += not ok


def trace_caps(rule):
    """list id -> the capacities its trace lines step through, from 0."""
    done = subprocess.run([LST, "--trace-alloc", "--growth=" + rule, "compare_growth.lst"], cwd=EXAMPLES,
                          capture_output=True, text=True, timeout=60)
    caps = {}
    for line in done.stderr.splitlines():
        m = re.search(r"list=#(\d+) .*cap=(\d+)->(\d+)", line)
        if m:
            caps.setdefault(m.group(1), [0]).append(int(m.group(3)))
    return caps


def y_to_slots(panel):
    """The panel's linear map from y to slots, from its grid lines and their labels."""
    grid = [float(g.get("y1")) for g in panel.iter(NS + "line") if g.get("class") == "ygrid"]
    labels = [int(t.text) for t in panel.iter(NS + "text") if t.get("class") == "ytick"]
    ticks = list(zip(grid, labels))
    (y0, v0), (y1, v1) = ticks[0], ticks[-1]
    return lambda y: v0 + (y - (y0)) * (v1 - v0) / (y1 - y0)


svg = os.path.join(OUT, "compare_growth.svg")
rules = ["3.11", "3.8", "double"]
done = subprocess.run([LST, "--growth=" + ",".join(rules), "--alloc-plot=" + svg, "compare_growth.lst"],
                      cwd=EXAMPLES, capture_output=True, text=True, timeout=60)
plain = subprocess.run([LST, "compare_growth.lst"], cwd=EXAMPLES, capture_output=True, text=True, timeout=60)
check("stdout is the first rule's run, once", done.stdout == plain.stdout, done.stdout)
root = ET.parse(svg).getroot()
check("an svg root with a size", root.tag == NS + "svg" and int(root.get("width")) > 0 and int(root.get("height")) > 0)
check("no script inside", not list(root.iter(NS + "script")))
panels = [g for g in root.iter(NS + "g") if g.get("class") == "panel"]
check("a panel for each list that moved (appended, trimmed)", [p.get("data-list") for p in panels] == ["1", "2"],
      [p.get("data-list") for p in panels])
for rule in rules:
    caps = trace_caps(rule)
    for panel in panels:
        lid = panel.get("data-list")
        to_slots = y_to_slots(panel)
        line = [p for p in panel.iter(NS + "polyline") if p.get("class") == "capacity" and p.get("data-rule") == rule]
        check(f"rule {rule}, list #{lid}: one capacity line", len(line) == 1)
        if not line:
            continue
        points = [tuple(float(v) for v in p.split(",")) for p in line[0].get("points").split()]
        levels = []
        for x, y in points:
            v = round(to_slots(y))
            if not levels or levels[-1] != v:
                levels.append(v)
        check(f"rule {rule}, list #{lid}: the steps are the trace's capacities", levels == caps[lid],
              f"{levels} vs {caps[lid]}")
        xs = [x for x, _ in points]
        check(f"rule {rule}, list #{lid}: operations only go forward", xs == sorted(xs))
    length = [p for p in panels[0].iter(NS + "polyline") if p.get("class") == "length"]
    last_y = float(length[0].get("points").split()[-1].split(",")[1])
    check("the length line of list #1 ends at its length, 300", round(y_to_slots(panels[0])(last_y)) == 300)
print(f"{bad} failed")
sys.exit(1 if bad else 0)
