import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot, packageRootOf } from './package-root.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vracklab-root-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('packageRoot', () => {
  it('is the checkout when running from sources', () => {
    expect(packageRoot()).toBe(resolve(import.meta.dirname, '../..'));
  });

  it('skips package.json files of other packages on the way up (dist/, node_modules/vracklab/…)', () => {
    const pkg = join(tmp, 'node_modules/vracklab');
    mkdirSync(join(pkg, 'dist/sim/core'), { recursive: true });
    writeFileSync(join(tmp, 'package.json'), JSON.stringify({ name: 'users-suite' }));
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'vracklab' }));
    writeFileSync(join(pkg, 'dist/package.json'), JSON.stringify({ type: 'module' }));
    expect(packageRootOf(pathToFileURL(join(pkg, 'dist/sim/core/package-root.js')).href)).toBe(pkg);
  });

  it('throws when no vracklab package.json is above', () => {
    mkdirSync(join(tmp, 'alone'), { recursive: true });
    expect(() => packageRootOf(pathToFileURL(join(tmp, 'alone/x.js')).href)).toThrow(/no vracklab package.json/);
  });
});
