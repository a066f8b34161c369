// Adds up vitest JSON and cucumber JSON reports into one closing line: `tests: N passed, N failed, N skipped`.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0, failed = 0, skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) continue;
  const data = JSON.parse(readFileSync(file, 'utf8'));
  if (Array.isArray(data)) {
    // cucumber JSON: features → elements (scenarios) → steps
    for (const feature of data) for (const scenario of feature.elements ?? []) {
      if (scenario.type !== 'scenario') continue;
      const statuses = (scenario.steps ?? []).map((s) => s.result?.status);
      if (statuses.some((s) => s === 'failed' || s === 'undefined' || s === 'ambiguous')) failed++;
      else if (statuses.every((s) => s === 'passed')) passed++;
      else skipped++;
    }
  } else {
    passed += data.numPassedTests ?? 0;
    failed += data.numFailedTests ?? 0;
    skipped += (data.numPendingTests ?? 0) + (data.numTodoTests ?? 0);
  }
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
