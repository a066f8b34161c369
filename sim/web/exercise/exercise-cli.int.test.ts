// `vracklab up FILE --exercise EX.yml` refuses a bad exercise in the user's terminal, before
// anything is built (no Docker needed: it fails before the fabric), with file:line and the rule.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'vracklab-exercise-'));
const env = { ...process.env, VRACKLAB_STATE_DIR: join(dir, 'state') };
const up = (...args: string[]) => execa(process.execPath, ['bin/vracklab.js', 'up', 'topologies/vrack-services.lab.yml', '--api-port', '0', ...args], { env, reject: false, timeout: 60_000 });

describe('vracklab up --exercise', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const detach of [false, true]) {
    it(`refuses an exercise naming a host the lab lacks, before building anything${detach ? ' (--detach)' : ''}`, async () => {
      const bad = join(dir, 'bad.exercise.yml');
      writeFileSync(bad, 'title: t\nlab: vrack-services\nsteps:\n  - id: a\n    title: a\n    check:\n      probe: { from: bm9, to: 10.120.0.1, kind: icmp, expect: ok }\n');
      const r = await up('--exercise', bad, ...(detach ? ['--detach'] : []));
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7:\\d+: step "a" names host "bm9", not in lab vrack-services \\(valid: .*bm1`));
      expect(r.stdout).not.toContain('creating fabric');
      expect(readdirSync(dir)).toEqual(['bad.exercise.yml']); // no state dir: no lab record was written
    });
  }

  it('refuses the other reference lab\'s exercise, naming both labs', async () => {
    const r = await up('--exercise', 'topologies/mks-private-networks.exercise.yml');
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/mks-private-networks\.exercise\.yml:\d+:\d+: this exercise is for lab "mks-private-networks", not "vrack-services"/);
  });
});
