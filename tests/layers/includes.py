#!/usr/bin/env python3
"""Fails on any upward include in src/: a file may include headers of its
own layer and of the layers below it (base < front < core < lib < shell),
each written from src/ ("core/list.h").

usage: includes.py SRC_DIR"""
import os
import re
import sys

LAYERS = ["base", "front", "core", "lib", "shell"]
src = sys.argv[1]
bad = 0
for layer in LAYERS:
    for name in sorted(os.listdir(os.path.join(src, layer))):
        path = os.path.join(src, layer, name)
        for n, line in enumerate(open(path, encoding="utf-8"), 1):
            m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
            top = m and m.group(1).split("/")[0]
            if m and (top not in LAYERS or LAYERS.index(top) > LAYERS.index(layer)):
                print(f"{layer}/{name}:{n}: includes {m.group(1)}, not from its own layer or one below")
                bad += 1
print(f"{bad} upward include(s)")
sys.exit(1 if bad else 0)
