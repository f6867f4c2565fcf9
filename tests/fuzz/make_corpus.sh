#!/bin/sh
# make_corpus.sh DIR: the fuzzer's seed corpus, made of the project's own
# programs (the golden tests and the examples; the benchmarks run too long
# to be worth mutating).
set -e
here=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$1"
for f in "$here"/tests/golden/*/*.lst "$here"/examples/*.lst; do
  cp "$f" "$1/$(echo "$f" | sed "s|$here/||; s|/|_|g")"
done
