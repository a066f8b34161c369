import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { REGENERATE, TABLE_END, TABLE_START, duration, readResults, renderTable, tableIn } from './perf-table.ts';

describe('README performance table', () => {
  it('is the one bench/results/*.json renders (drift check)', async () => {
    const readme = await readFile('README.md', 'utf8');
    const current = tableIn(readme);
    expect(current, `README.md has no performance table between ${TABLE_START} and ${TABLE_END}: add the markers under "## Performance", then run ${REGENERATE}`).toBeDefined();
    expect(current, `README.md's performance table differs from bench/results/*.json: run ${REGENERATE}`).toBe(renderTable(await readResults()));
  });

  it('shows ours, floor and ratio from the results, and "not measured" for a bench not run', () => {
    const table = renderTable({
      fabric: { results: [{ driver: 'netns', hosts: 200, fabricUpMs: 1500, floorUpMs: 1000 }] },
      cli: { rows: [{ lab: 'vrack-services', driver: 'docker', upMedianMs: 2400, floorUpMedianMs: 2000, downMedianMs: 800, floorDownMedianMs: 400 }], status: { statusMedianMs: 250, nodeMedianMs: 60 } },
    });
    expect(table).toContain('| netns fabric, 200 hosts up | 1.50 s | 1.00 s | ×1.50 | ≤ ×2 floor |');
    expect(table).toContain('| `vracklab up` vrack-services (docker) | 2.40 s | 2.00 s | ×1.20 | ≤ ×1.5 floor |');
    expect(table).toContain('| `vracklab down` vrack-services (docker) | 800 ms | 400 ms | ×2.00 | ≤ 1 s |');
    expect(table).toContain('| `vracklab status` (floor: `node -e 0`) | 250 ms | 60 ms | ×4.17 | ≤ 0.3 s |');
    expect(table).toContain('| `vracklab up` vrack-services (netns) | not measured | not measured | — | ≤ ×1.5 floor |');
    expect(table).toContain('| classroom: N vrack-services labs (docker) all up | not measured | — | — | 20 labs up |');
    expect(table).toMatch(/\| `make test` on a fresh clone .* \| not measured \|/);
  });

  it('reads a results file of another shape as not measured, never as a wrong number', () => {
    const table = renderTable({ fabric: { results: 'oops' }, classroom: { labs: 'twenty', perLab: null }, suite: { makeTestMs: '11 min' } });
    expect(table).toContain('| netns fabric, 200 hosts up | not measured | not measured | — |');
    expect(table).toContain('| classroom: N vrack-services labs (docker) all up | not measured |');
    expect(table).toMatch(/\| `make test` on a fresh clone .* \| not measured \|/);
  });

  it('writes durations in the unit a reader expects', () => {
    expect([duration(840), duration(3156), duration(690_000), duration(undefined)]).toEqual(['840 ms', '3.16 s', '11.5 min', 'not measured']);
  });
});
