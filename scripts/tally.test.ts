// The tally names every skipped test and scenario (a skip must be visible), and still exits 0 for
// skips alone; a failure exits 1.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'vracklab-tally-'));
const write = (name: string, data: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(data));
  return file;
};
const vitestReport = (failed: number) =>
  write(`vitest-${failed}.json`, {
    numPassedTests: 1,
    numFailedTests: failed,
    numPendingTests: 1,
    numTodoTests: 0,
    testResults: [
      {
        name: join(process.cwd(), 'sim/topology/graph.int.test.ts'),
        assertionResults: [
          { status: 'passed', fullName: 'graphviz renders the DOT output demo.lab.yml' },
          { status: 'skipped', fullName: 'graphviz renders the DOT output mks-private-networks.lab.yml' },
          ...(failed ? [{ status: 'failed', fullName: 'graphviz renders the DOT output two-regions.lab.yml' }] : []),
        ],
      },
    ],
  });
const cucumberReport = write('cucumber.json', [
  {
    uri: 'features/api/pagination.feature',
    elements: [
      { type: 'scenario', id: 'p;a', line: 6, name: 'a cursor walks the list', steps: [{ result: { status: 'passed' } }] },
      { type: 'scenario', id: 'p;b', line: 13, name: 'an invalid cursor is refused', steps: [{ result: { status: 'skipped' } }] },
    ],
  },
]);
const tally = (...args: string[]) => execa(process.execPath, ['scripts/tally.mjs', ...args], { reject: false });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scripts/tally.mjs', () => {
  it('lists each skipped test and scenario by name under its report, and exits 0 for skips', async () => {
    const r = await tally(`integration=${vitestReport(0)}`, `acceptance[docker/in-process]=${cucumberReport}`);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'integration: 1 passed, 0 failed, 1 skipped',
      '  skipped: sim/topology/graph.int.test.ts > graphviz renders the DOT output mks-private-networks.lab.yml',
      'acceptance: 1 passed, 0 failed, 1 skipped',
      '  skipped: features/api/pagination.feature:13 an invalid cursor is refused',
      'tests: 2 passed, 0 failed, 2 skipped',
    ]);
  });

  it('exits 1 when a test failed', async () => {
    const r = await tally(`integration=${vitestReport(1)}`);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('tests: 1 passed, 1 failed, 1 skipped');
  });
});
