#!/usr/bin/env python3
"""The README's picture, docs/compare_growth.svg, is what lst draws now with
the README's command, byte for byte.  To redraw it, run that command.

usage: picture.py LST EXAMPLES_DIR SVG OUT_DIR"""
import os
import subprocess
import sys

lst, examples, svg, out = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
fresh = os.path.join(out, "readme_picture.svg")
subprocess.run([lst, "--growth=3.11,3.8,double", "--alloc-plot=" + fresh, "compare_growth.lst"], cwd=examples,
               capture_output=True, check=True, timeout=60)
same = open(fresh, "rb").read() == open(svg, "rb").read()
print("PASS the README picture is current" if same else
      f"FAIL {svg} differs from what lst draws now ({fresh}): redraw it with the README's command")
sys.exit(0 if same else 1)
