#!/bin/sh
# The WebAssembly build passes the golden suite: built with emscripten,
# run under node, checked by the native lst as its own runs are.
#
# usage: wasm_golden.sh LST SOURCE_ROOT BUILD_DIR
# Skipped (77, meson's code) when emcc or node is missing.
set -eu
lst=$1 src=$2 out=$3
command -v emcc > /dev/null && command -v node > /dev/null || { echo "emcc or node not found"; exit 77; }
"$src/web/build.sh" "$out" > "$out.log" 2>&1 || { cat "$out.log"; exit 1; }
exec "$lst" test --lst "$out/lst-node" "$src/tests/golden" "$src/examples"
