// A run of the step library on a feature with misspelled steps, outside features/ (a temporary
// directory, as a user's project would be): the run fails, Cucumber prints its snippet, and the
// plugin names the step that was meant with its example.
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'vracklab-typo-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cucumber(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(ROOT, 'node_modules/@cucumber/cucumber/bin/cucumber.js'), ...args], { cwd: dir, env: { ...process.env, VRACKLAB_SKIP_GC: '1' } }, (err, stdout, stderr) =>
      done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('an undefined step', () => {
  it('fails the run with Cucumber\'s snippet and the closest existing step with its example', async () => {
    mkdirSync(join(dir, 'features'));
    writeFileSync(
      join(dir, 'features', 'typo.feature'),
      ['Feature: typos', '  Scenario: a misspelled word', '    Given a deliverd vRack Services "acme-vrs" in region "GRA"', '    Then the request is acepted', ''].join('\n'),
    );
    const run = await cucumber(['--import', join(ROOT, 'steps/**/*.ts'), '--plugin', pathToFileURL(join(ROOT, 'sim/cucumber/did-you-mean-plugin.ts')).href, '--strict', '--parallel', '2', 'features/typo.feature']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('You can implement missing steps with the snippets below');
    // Words stay words in the snippet: {host} and {vlan} are not offered for snippets.
    expect(run.stdout).toContain("Given('a deliverd vRack Services {string} in region {string}'");
    expect(run.stderr).toContain(
      [
        'Undefined step: Given a deliverd vRack Services "acme-vrs" in region "GRA" (features/typo.feature:3)',
        '  did you mean: Given a delivered vRack Services {string} in region {string}',
        '         e.g.: Given a delivered vRack Services',
      ].join('\n'),
    );
    expect(run.stderr).toContain('Undefined step: Then the request is acepted (features/typo.feature:4)\n  did you mean: Then the request is accepted\n');
  }, 120_000);
});
