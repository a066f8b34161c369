// The catalogue against the code as it is now: every fault must plant (its text occurs exactly once),
// and every feature it names must exist. This fails in `make check` the day the code moves.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from './catalogue.ts';
import { applyFault, FAULT_ID_PATTERN } from './fault.ts';

const repo = resolve(import.meta.dirname, '../..');

describe('the mutant catalogue', () => {
  it('has at least 15 faults with unique kebab-case ids and 3 quick ones', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(15);
    const ids = CATALOGUE.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(FAULT_ID_PATTERN);
    expect(CATALOGUE.filter((f) => f.quick)).toHaveLength(3);
  });

  it('covers the simulator, the reconciler, the fabric, the EFS, routing and the prober', () => {
    const dirs = new Set(CATALOGUE.map((f) => f.file.split('/').slice(0, 2).join('/')));
    for (const d of ['sim/api', 'sim/fabric', 'sim/services', 'sim/topology', 'sim/lab', 'sim/probe']) expect(dirs).toContain(d);
  });

  it.each(CATALOGUE.map((f) => [f.id, f] as const))('%s plants exactly once and names existing features', (_id, fault) => {
    const text = readFileSync(join(repo, fault.file), 'utf8');
    const planted = applyFault(text, fault);
    expect(planted).not.toBe(text);
    expect(planted).toContain(fault.replace);
    expect(fault.features.length).toBeGreaterThan(0);
    for (const f of fault.features) expect(existsSync(join(repo, f.replace(/:\d+$/, '')))).toBe(true);
    // Lab faults run on a lab; API-profile faults only on API features (the api profile has no lab).
    if (fault.profile === 'api') for (const f of fault.features) expect(f).toMatch(/^features\/api\//);
  });
});
