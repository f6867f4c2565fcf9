#!/usr/bin/env python3
"""--alloc-plot as a browser shows it: the SVG is rendered by headless
Chromium (Debian's chromium) and the PNG looked at: its size is the SVG's,
it is not blank, and each rule's capacity line and the length line are
drawn in their colours.  Skipped (exit 77) when chromium is not installed.

usage: render.py LST EXAMPLES_DIR OUT_DIR   (the PNG stays in OUT_DIR)"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

LST, EXAMPLES, OUT = os.path.abspath(sys.argv[1]), sys.argv[2], os.path.abspath(sys.argv[3])
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    print("SKIP chromium is not installed")
    sys.exit(77)
COLOURS = {"3.11": (0x1F, 0x4E, 0x9E), "3.8": (0xB3, 0x26, 0x1E), "double": (0x1B, 0x6E, 0x35),
           "length": (0x3A, 0x3A, 0x3A)}


def png_pixels(path):
    """(width, height, rows of (r, g, b)) of an 8-bit RGB or RGBA PNG."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    assert depth == 8 and ctype in (2, 6), (depth, ctype)
    bpp = 3 if ctype == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, bpp)])
        prev = line
    return w, h, rows


svg = os.path.join(OUT, "render.svg")
png = os.path.join(OUT, "render.png")
subprocess.run([LST, "--growth=3.11,3.8,double", "--alloc-plot=" + svg, "compare_growth.lst"], cwd=EXAMPLES,
               capture_output=True, check=True, timeout=60)
head = open(svg).read(400)
width = int(head.split('width="')[1].split('"')[0])
height = int(head.split('height="')[1].split('"')[0])
with tempfile.TemporaryDirectory() as profile:
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--hide-scrollbars", f"--user-data-dir={profile}", f"--window-size={width},{height}",
                    f"--screenshot={png}", "file://" + svg], capture_output=True, timeout=120)
bad = 0


def check(what, ok, detail=""):
    global bad
    print(("PASS " if ok else "FAIL ") + what + ("" if ok else f": {detail}"))
    bad += not ok


check("chromium wrote a PNG", os.path.exists(png))
if os.path.exists(png):
    w, h, rows = png_pixels(png)
    check("the PNG is the SVG's size", (w, h) == (width, height), (w, h))
    pixels = [p for row in rows for p in row]
    inked = sum(1 for p in pixels if sum(p) < 720)
    check("not blank", inked > len(pixels) // 100, inked)
    for name, colour in COLOURS.items():
        near = sum(1 for p in pixels if sum(abs(a - b) for a, b in zip(p, colour)) < 60)
        check(f"the {name} line is drawn", near > 300, near)
print(f"{bad} failed; the picture is {png}")
sys.exit(1 if bad else 0)
