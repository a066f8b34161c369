// Adds up vitest JSON and cucumber JSON reports: one line per report under its own name, then one
// closing line `tests: N passed, N failed, N skipped` (CI reads it). Skips do not fail the run, but
// they are not silent either: every skipped test or scenario is listed by name under its report
// (its reason is in the run's log, where the test printed it).
//
// Arguments: `NAME=FILE` for a vitest report, `NAME[DRIVER/MODE]=FILE` for a cucumber report, where
// DRIVER is the lab driver (docker, netns) and MODE the API mode (in-process: the built-in simulator;
// real-api: real-API mode). The closing line counts each scenario once per driver and once per API
// mode: an @api scenario builds no lab, so the driver does not count for it, and a scenario found in
// two reports under the same driver and mode is counted once (its worst result).
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

const RANK = { passed: 0, skipped: 1, failed: 2 };
const worst = (a, b) => (RANK[a] >= RANK[b] ? a : b);

function parseArg(arg) {
  const m = /^([^=[]+)(?:\[([^/\]]+)\/([^\]]+)\])?=(.+)$/.exec(arg);
  if (!m) return { name: basename(arg), driver: 'unknown', mode: 'unknown', file: arg };
  return { name: m[1], driver: m[2] ?? 'unknown', mode: m[3] ?? 'unknown', file: m[4] };
}

/** passed, failed or skipped, from a cucumber JSON element (hooks are listed among its steps). */
function scenarioStatus(scenario) {
  const statuses = (scenario.steps ?? []).map((s) => s.result?.status);
  if (statuses.some((s) => s === 'failed' || s === 'undefined' || s === 'ambiguous' || s === 'pending')) return 'failed';
  return statuses.length > 0 && statuses.every((s) => s === 'passed') ? 'passed' : 'skipped';
}

const line = (c) => `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
const relative = (file) => (file.startsWith(process.cwd() + '/') ? file.slice(process.cwd().length + 1) : file);
/** vitest statuses of a test that did not run. */
const NOT_RUN = new Set(['skipped', 'pending', 'todo', 'disabled']);
const total = { passed: 0, failed: 0, skipped: 0 };
/** key (mode, driver for lab scenarios, scenario) → worst status across reports. */
const scenarios = new Map();
let repeats = 0;

for (const arg of process.argv.slice(2)) {
  const { name, driver, mode, file } = parseArg(arg);
  if (!existsSync(file)) {
    console.log(`${name}: no report (${file})`);
    continue;
  }
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const own = { passed: 0, failed: 0, skipped: 0 };
  /** Names of what this report skipped. */
  const skippedNames = [];
  if (Array.isArray(data)) {
    for (const feature of data) {
      for (const scenario of feature.elements ?? []) {
        if (scenario.type !== 'scenario') continue;
        const status = scenarioStatus(scenario);
        own[status]++;
        if (status === 'skipped') skippedNames.push(`${feature.uri}:${scenario.line} ${scenario.name}`);
        const isLab = [...(scenario.tags ?? []), ...(feature.tags ?? [])].some((t) => t.name === '@lab');
        const key = `${mode}|${isLab ? driver : '-'}|${feature.uri}|${scenario.id}|${scenario.line}`;
        if (scenarios.has(key)) repeats++;
        scenarios.set(key, scenarios.has(key) ? worst(scenarios.get(key), status) : status);
      }
    }
  } else {
    own.passed = data.numPassedTests ?? 0;
    own.failed = data.numFailedTests ?? 0;
    own.skipped = (data.numPendingTests ?? 0) + (data.numTodoTests ?? 0);
    for (const k of Object.keys(total)) total[k] += own[k];
    for (const file of data.testResults ?? []) {
      for (const test of file.assertionResults ?? []) if (NOT_RUN.has(test.status)) skippedNames.push(`${relative(file.name)} > ${test.fullName}`);
    }
  }
  console.log(`${name}: ${line(own)}`);
  for (const skipped of skippedNames) console.log(`  skipped: ${skipped}`);
}
for (const status of scenarios.values()) total[status]++;
if (repeats > 0) console.log(`(${repeats} scenario run(s) repeated under the same driver and API mode, counted once)`);
console.log(`tests: ${line(total)}`);
process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
