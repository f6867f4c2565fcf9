#!/bin/sh
# The playground in headless chromium (page.mjs), from the WebAssembly build.
#
# usage: page.sh LST SOURCE_ROOT BUILD_DIR
# Skipped (77, meson's code) without emcc, node, chromium or playwright-core
# (npm install --prefix tests/web).
set -eu
lst=$1 src=$2 out=$3
for c in emcc node chromium; do
  command -v "$c" > /dev/null || { echo "$c not found"; exit 77; }
done
[ -d "$src/tests/web/node_modules/playwright-core" ] ||
  { echo "playwright-core not installed: npm install --prefix tests/web"; exit 77; }
"$src/web/build.sh" "$out" > "$out.log" 2>&1 || { cat "$out.log"; exit 1; }
exec node "$src/tests/web/page.mjs" "$out/site" "$src/examples" "$lst" "$out/playground.png"
