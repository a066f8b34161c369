#!/usr/bin/env bash
# The main job: a demo lab with a scenario suite on the built-in simulator.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports
# The suite runs the compiled step library (dist/), as users get it; skipped when it is up to date.
node scripts/build.ts
cucumber-js --profile demo
echo "demo: HTML report at $(pwd)/reports/demo.html"
