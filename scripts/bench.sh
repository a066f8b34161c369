#!/usr/bin/env bash
# Benchmarks; each writes its results to bench/results/<part>.json.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
for b in bench/*.bench.ts; do [ -e "$b" ] || continue; echo "== $b"; node "$b"; done
