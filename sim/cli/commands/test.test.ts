import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cucumberArgs } from './test.ts';

const tmp = mkdtempSync(join(tmpdir(), 'vracklab-test-cmd-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('vracklab test: the arguments of cucumber-js', () => {
  it('adds the preset as the configuration when the project has none', () => {
    const args = cucumberArgs(['--shard', '1/3'], tmp);
    expect(args.slice(0, 2)).toEqual(['--config', join(import.meta.dirname, '../../../steps/cucumber-preset.ts')]);
    expect(args.slice(2)).toEqual(['--shard', '1/3']);
  });

  it("passes the user's arguments unchanged when the project has its own cucumber config, or names one", () => {
    expect(cucumberArgs(['--config', 'ci.mjs', 'features/a.feature'], tmp)).toEqual(['--config', 'ci.mjs', 'features/a.feature']);
    writeFileSync(join(tmp, 'cucumber.js'), 'export default {};\n');
    expect(cucumberArgs(['features/a.feature'], tmp)).toEqual(['features/a.feature']);
  });
});
