import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { distIsFresh } from './dist-freshness.js';

const root = mkdtempSync(join(tmpdir(), 'vracklab-fresh-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const past = new Date(Date.now() - 60_000);
const now = new Date();

/** Every input written a minute ago, the stamp now. */
function builtCheckout(): void {
  rmSync(root, { recursive: true, force: true });
  for (const d of ['sim/core', 'steps', 'topologies', 'scripts', 'dist']) mkdirSync(join(root, d), { recursive: true });
  for (const f of ['sim/core/a.ts', 'sim/core/gone.ts', 'steps/b.ts', 'topologies/lab.schema.json', 'tsconfig.json', 'scripts/build.ts']) writeFileSync(join(root, f), 'x');
  for (const p of ['sim/core/a.ts', 'sim/core/gone.ts', 'steps/b.ts', 'sim/core', 'sim', 'steps', 'topologies/lab.schema.json', 'tsconfig.json', 'scripts/build.ts']) utimesSync(join(root, p), past, past);
  writeFileSync(join(root, 'dist/.build-stamp'), '');
  utimesSync(join(root, 'dist/.build-stamp'), now, now);
}

describe('dist/ freshness (which code bin/vracklab.js runs, whether cucumber.js builds)', () => {
  beforeEach(builtCheckout);

  it('is fresh when every input is older than the stamp', () => {
    expect(distIsFresh(root)).toBe(true);
  });

  it('is stale without a stamp (never built)', () => {
    rmSync(join(root, 'dist/.build-stamp'));
    expect(distIsFresh(root)).toBe(false);
  });

  it('is stale after a source is edited', () => {
    utimesSync(join(root, 'steps/b.ts'), new Date(now.getTime() + 1000), new Date(now.getTime() + 1000));
    expect(distIsFresh(root)).toBe(false);
  });

  it('is stale after a source is deleted (its directory changed)', () => {
    rmSync(join(root, 'sim/core/gone.ts'));
    expect(distIsFresh(root)).toBe(false);
  });

  it('stays fresh when only a test changes (tests are not built)', () => {
    writeFileSync(join(root, 'sim/core/a.test.ts'), 'x');
    utimesSync(join(root, 'sim/core'), past, past);
    expect(distIsFresh(root)).toBe(true);
  });
});
