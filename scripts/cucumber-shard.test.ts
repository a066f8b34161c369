// cucumber-js --shard (cucumber-js ≥ 12.2; we run 13) splits our suite across CI runners: shards
// 1/2 and 2/2 of a dry run share no scenario and together hold every scenario of the unsharded run.
// A scratch config (our steps and features, a message report in a temporary file) keeps the
// project's reports/ untouched; the dry run builds no lab.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'vracklab-shard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The scenarios (`uri:line name`) a dry run with these extra arguments would run. */
async function scenarios(name: string, args: string[]): Promise<string[]> {
  const report = join(dir, `${name}.ndjson`);
  const config = join(dir, `${name}.config.mjs`);
  writeFileSync(config, `export default ${JSON.stringify({ import: ['steps/index.ts'], paths: ['features/**/*.feature'], format: [`message:${report}`], strict: true })};\n`);
  // cucumber-js joins the config path to the working directory: give it relative.
  await execa('node_modules/.bin/cucumber-js', ['--config', relative(process.cwd(), config), '--dry-run', ...args], { env: { VRACKLAB_SKIP_GC: '1' } });
  const messages = readFileSync(report, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, { id: string; uri: string; name: string; pickleId: string; location: { line: number } }>);
  const pickles = new Map(messages.filter((m) => m['pickle']).map((m) => [m['pickle']!.id, m['pickle']!]));
  return messages.filter((m) => m['testCase']).map((m) => {
    const p = pickles.get(m['testCase']!.pickleId)!;
    // Ids are fresh per run; a pickle's file and line name it (an outline's rows each have their own line).
    return `${p.uri}:${p.location.line} ${p.name}`;
  });
}

describe('cucumber-js --shard', () => {
  it('shards 1/2 and 2/2 partition the suite', { timeout: 120_000 }, async () => {
    const [all, first, second] = await Promise.all([scenarios('all', []), scenarios('s1', ['--shard', '1/2']), scenarios('s2', ['--shard', '2/2'])]);
    expect(all.length).toBeGreaterThan(50);
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    expect(first.filter((s) => second.includes(s))).toEqual([]);
    expect([...first, ...second].sort()).toEqual([...all].sort());
    // The lab-node feature is in the default run, on one of the shards.
    expect(all.some((s) => s.startsWith('features/byon/frr-router.feature'))).toBe(true);
  });
});
