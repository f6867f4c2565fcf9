#!/bin/sh
# The WebAssembly build of lst, with Debian's emscripten (web/emscripten.ini).
#
# usage: web/build.sh [OUT]     (default: build-wasm)
#
# OUT/lst.js and OUT/lst.wasm are the whole command line lst, run by node
# with the host's files as its own; OUT/lst-node runs it as a command
# (`lst test --lst OUT/lst-node tests/golden` checks it against the goldens).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-build-wasm}
[ -f "$out/build.ninja" ] || meson setup "$out" "$src" --cross-file "$src/web/emscripten.ini"
meson compile -C "$out" lst
abs=$(cd "$out" && pwd)
printf '#!/bin/sh\nexec node "%s/lst.js" "$@"\n' "$abs" > "$out/lst-node"
chmod +x "$out/lst-node"
