#!/usr/bin/env bash
# Runs every test layer, keeps going past a failing layer so one report shows everything, and ends
# with one tally line `tests: N passed, N failed` (CI reads it) plus the leak check.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports
status=0
run() { echo "== $1"; shift; "$@" || status=1; }
run typecheck tsc -p tsconfig.json
run lint eslint .
run unit vitest run --project unit --reporter=default --reporter=json --outputFile.json=reports/unit.json
run integration vitest run --project integration --reporter=default --reporter=json --outputFile.json=reports/integration.json
if [ -f cucumber.js ]; then run acceptance cucumber-js --format json:reports/cucumber.json; fi
run leak-check scripts/leak-check.sh
node scripts/tally.mjs reports/unit.json reports/integration.json reports/cucumber.json || status=1
exit $status
