#!/usr/bin/env bash
# Runs every test layer, keeps going past a failing layer so one report shows everything, and ends
# with one tally line `tests: N passed, N failed` (CI reads it) plus the leak check.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p reports
status=0
run() { local name=$1; shift; echo "== $name ($(date -u +%T))"; "$@" || { status=1; echo "== $name FAILED"; }; }
rm -f reports/*.json
# dist/: the compiled package the acceptance layers and the CLI run (incremental; skipped when fresh).
run build node scripts/build.ts
run typecheck tsc -p tsconfig.json
run lint eslint .
run unit vitest run --project unit --reporter=default --reporter=json --outputFile.json=reports/unit.json
# What make test started in the background (scripts/setup.sh --background); run standalone, these
# build now (seconds when cached). The dot1q VM test waits on the VM kit's own lock (vm-kit.ts), so the
# integration layer starts as soon as the lab images and the tools are there.
run images-ready scripts/setup.sh --wait images images
run tools-ready scripts/setup.sh --wait tools containerlab clients
# integration includes sim/cli/package-install.int.test.ts: npm pack, install into a fresh directory,
# vracklab init, the sample suite green, a false expectation red.
run integration vitest run --project integration --reporter=default --reporter=json --outputFile.json=reports/integration.json
# OVHcloud's official clients (python-ovh, go-ovh, ovhcloud-cli) and schemathesis with the published
# OpenAPI files, against standalone simulators on both profiles (installed by `scripts/setup.sh clients`;
# a client that could not be installed is reported skipped, with the command and error).
run clients vitest run --project clients --reporter=default --reporter=json --outputFile.json=reports/clients.json
run acceptance cucumber-js --format json:reports/cucumber.json
# The lab features again with hosts as network namespaces: both drivers pass the same scenarios.
VRACKLAB_FEATURES="features/endpoint features/routing features/user-lab features/link" run acceptance-netns cucumber-js --profile netns --format json:reports/cucumber-netns.json
# And a third time with hosts deployed by containerlab (the containerlab driver; scripts/setup.sh containerlab).
VRACKLAB_FEATURES="features/endpoint features/routing" run acceptance-containerlab cucumber-js --profile containerlab --format json:reports/cucumber-containerlab.json
# The @dot1q-vm lab scenarios by cucumber inside a Debian-kernel VM (qemu TCG): netns hosts, VLAN mode
# dot1q (real 802.1Q tags: this machine's kernel has no 8021q), netem delay and loss. The first run
# builds the VM kit (cached under /var/cache/vracklab/dot1q-vm); a VM that does not boot fails the layer.
run vm-kit-ready scripts/setup.sh --wait vm-kit vm-kit
run acceptance-dot1q-vm node scripts/dot1q-vm.ts
# The API features again with untagged scenarios on the 2025-10 profile: they must pass unchanged on
# both profiles. Same API mode (in-process), so the tally counts each of them once.
VRACKLAB_API_PROFILE=2025-10 run acceptance-api-2025-10 cucumber-js --profile api --format json:reports/cucumber-api-2025-10.json
# A rehearsal of real-API mode (OVH_* credentials, the user's own resources) against a standalone
# simulator on the live API's profile (2025-10): the path a real account takes, minus the internet.
# It has never run against OVHcloud from here; the tally reports it under its own name.
run real-api-mode-rehearsal node scripts/rehearse-real-api.ts --format json:reports/cucumber-real-api.json
run leak-check scripts/leak-check.sh
node scripts/tally.mjs \
  unit=reports/unit.json \
  integration=reports/integration.json \
  "official clients against the simulator=reports/clients.json" \
  "acceptance, API features on in-process simulators, labs on docker[docker/in-process]=reports/cucumber.json" \
  "acceptance, labs on netns[netns/in-process]=reports/cucumber-netns.json" \
  "acceptance, labs on containerlab[containerlab/in-process]=reports/cucumber-containerlab.json" \
  "acceptance, labs on netns in dot1q mode in a Debian-kernel VM[netns-dot1q/in-process]=reports/cucumber-dot1q-vm.json" \
  "acceptance, API features with untagged scenarios on 2025-10[none/in-process]=reports/cucumber-api-2025-10.json" \
  "real-API mode rehearsed against a 2025-10 simulator (never run against OVHcloud)[none/real-api]=reports/cucumber-real-api.json" \
  || status=1
exit $status
