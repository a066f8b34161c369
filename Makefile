# vracklab — every target sets up what it needs first (idempotent, seconds when already done).
# Node 24 lives in .tools/node when the machine's Node is older; put it first on PATH for every recipe.
export PATH := $(CURDIR)/.tools/node/bin:$(CURDIR)/node_modules/.bin:$(PATH)
SHELL := /bin/bash

.PHONY: setup setup-node build demo test check typecheck lint unit integration clients acceptance bench mutants gc clean

setup:            ## everything: Node 24, npm deps, Docker engine, lab images
	scripts/setup.sh

setup-node:       ## Node 24 and npm deps only (enough for unit tests)
	scripts/setup.sh node deps

build: setup-node ## the npm package's dist/ (incremental: skipped when newer than every source)
	node scripts/build.ts

demo: setup       ## the demo lab with a scenario suite on the built-in simulator
	scripts/demo.sh

test: setup-node  ## all tests: typecheck, lint, unit, integration, official clients, acceptance; ends with a tally line
	scripts/setup.sh system test-tools
	@# Lab images, the dot1q VM kit and the Go/Python tools build while typecheck, lint and unit run;
	@# test-all.sh waits for each before the first layer that needs it (scripts/setup.sh --wait).
	scripts/setup.sh --background images images
	scripts/setup.sh --background vm-kit vm-kit
	scripts/setup.sh --background tools containerlab clients
	scripts/test-all.sh

check: setup-node ## typecheck + lint + unit tests
	tsc -p tsconfig.json
	eslint .
	vitest run --project unit

typecheck: setup-node
	tsc -p tsconfig.json

lint: setup-node
	eslint .

unit: setup-node
	vitest run --project unit

integration: setup
	scripts/setup.sh test-tools containerlab
	vitest run --project integration

clients: setup-node ## OVHcloud's official clients and schemathesis against the simulator
	scripts/setup.sh clients
	vitest run --project clients

acceptance: setup
	cucumber-js

bench: setup      ## benchmarks; results in bench/results/*.json
	scripts/bench.sh

mutants: setup    ## plant each fault of scripts/mutants/catalogue.ts, its features must fail; bench/results/mutants.json
	node scripts/mutants/run.ts --baseline $(MUTANTS_ARGS)

gc: setup-node    ## remove whatever a crashed run left behind
	node bin/vracklab.js gc

clean:
	rm -rf reports coverage dist
