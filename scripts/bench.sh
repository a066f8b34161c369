#!/usr/bin/env bash
# Benchmarks; each writes its results to bench/results/<part>.json (bench/classroom.bench.ts →
# classroom.json brings up 20 labs at once: run `make bench` on a quiet machine). Then regenerate the
# README's performance table: node scripts/perf-table.ts --write
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
for b in bench/*.bench.ts; do [ -e "$b" ] || continue; echo "== $b"; node "$b"; done
