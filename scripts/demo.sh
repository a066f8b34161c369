#!/usr/bin/env bash
# The main job: a demo lab with a scenario suite on the built-in simulator.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports
cucumber-js --profile demo
echo "demo: HTML report at $(pwd)/reports/demo.html"
