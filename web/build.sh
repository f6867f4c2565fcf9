#!/bin/sh
# The WebAssembly build of lst, with Debian's emscripten (web/emscripten.ini).
#
# usage: web/build.sh [OUT]     (default: build-wasm)
#
# OUT/lst.js and OUT/lst.wasm are the whole command line lst, run by node
# with the host's files as its own; OUT/lst-node runs it as a command
# (`lst test --lst OUT/lst-node tests/golden` checks it against the goldens).
# OUT/site is the playground: the page, its worker, the browser's build
# (lst-web.js, lst-web.wasm) and the examples, for any static file server
# (`python3 -m http.server -d OUT/site`).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-build-wasm}
[ -f "$out/build.ninja" ] || meson setup "$out" "$src" --cross-file "$src/web/emscripten.ini"
meson compile -C "$out" lst lst-web
abs=$(cd "$out" && pwd)
printf '#!/bin/sh\nexec node "%s/lst.js" "$@"\n' "$abs" > "$out/lst-node"
chmod +x "$out/lst-node"

site=$out/site
rm -rf "$site"
mkdir -p "$site/examples"
cp "$src/web/index.html" "$src/web/app.js" "$src/web/worker.js" "$src/web/style.css" \
  "$out/lst-web.js" "$out/lst-web.wasm" "$site/"
cp "$src"/examples/*.lst "$site/examples/"
(cd "$site/examples" && ls *.lst | sed 's/.*/"&"/' | paste -sd, | sed 's/^/[/; s/$/]/') \
  > "$site/examples/index.json"
