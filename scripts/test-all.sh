#!/usr/bin/env bash
# Runs every test layer, keeps going past a failing layer so one report shows everything, and ends
# with one tally line `tests: N passed, N failed` (CI reads it) plus the leak check.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports
status=0
run() { local name=$1; shift; echo "== $name ($(date -u +%T))"; "$@" || { status=1; echo "== $name FAILED"; }; }
rm -f reports/*.json
run typecheck tsc -p tsconfig.json
run lint eslint .
run unit vitest run --project unit --reporter=default --reporter=json --outputFile.json=reports/unit.json
run integration vitest run --project integration --reporter=default --reporter=json --outputFile.json=reports/integration.json
run acceptance cucumber-js --format json:reports/cucumber.json
# The lab features again with hosts as network namespaces: both drivers pass the same scenarios.
VRACKLAB_FEATURES="features/endpoint features/routing" run acceptance-netns cucumber-js --profile netns --format json:reports/cucumber-netns.json
# The API features in real-API mode (OVH_* credentials, the user's own resources), against a
# standalone simulator playing the OVHcloud API: the path a real account takes, minus the internet.
run acceptance-real-api-mode node scripts/rehearse-real-api.ts --format json:reports/cucumber-real-api.json
run leak-check scripts/leak-check.sh
node scripts/tally.mjs reports/unit.json reports/integration.json reports/cucumber.json reports/cucumber-netns.json reports/cucumber-real-api.json || status=1
exit $status
