import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordingExec } from '../core/exec.ts';
import { gc, runLinks } from './gc.ts';

// Leases go to a scratch directory, not the machine's /run.
process.env.VRACKLAB_RUN_DIR = mkdtempSync(join(tmpdir(), 'vl-lease-'));

/** A machine with leftovers of runs aaa111 and bbb222, and other people's objects. */
function machine() {
  return recordingExec((c) => {
    const a = c.args.join(' ');
    if (c.file === 'docker' && a.startsWith('ps')) return { stdout: 'c1 aaa111 vl-aaa111-bm1\nc2 bbb222 vl-bbb222-bm1' };
    if (c.file === 'docker' && a.startsWith('network ls')) return { stdout: '' };
    if (c.file === 'ip' && a === 'netns list') return { stdout: 'vlaaa111-h1 (id: 3)\nvlbbb222-h1\nsomeones-ns' };
    if (c.file === 'ip' && a === 'netns pids vlaaa111-h1') return { stdout: '' };
    if (c.file === 'ip' && a === '-o link show') return { stdout: '1: lo: <LOOPBACK>\n5: vlaaa111b0: <BROADCAST>\n6: vlaaa111v0@if2: <BROADCAST>\n7: vlbbb222b0: <BROADCAST>\n8: docker0: <BROADCAST>' };
    if (c.file === 'iptables' && a === '-w -S DOCKER-USER')
      return { stdout: '-N DOCKER-USER\n-A DOCKER-USER -i vlaaa111b0 -o vlaaa111b0 -m comment --comment vracklab.run-id=aaa111 -j ACCEPT\n-A DOCKER-USER -i vlbbb222b0 -o vlbbb222b0 -m comment --comment vracklab.run-id=bbb222 -j ACCEPT\n-A DOCKER-USER -j RETURN' };
    if (c.file === 'iptables' && a === '-w -S FORWARD') return { stdout: '-P FORWARD DROP' };
    return undefined;
  });
}

describe('runLinks', () => {
  it('names a run’s links without their @peer suffix, and nobody else’s', async () => {
    expect(await runLinks(machine(), 'aaa111')).toEqual(['vlaaa111b0', 'vlaaa111v0']);
    expect(await runLinks(machine())).toEqual(['vlaaa111b0', 'vlaaa111v0', 'vlbbb222b0']);
  });
});

describe('gc', () => {
  it('removes every run’s objects but the kept ones, and nobody else’s', async () => {
    const exec = machine();
    const { removed } = await gc({ exec, keepRunIds: ['bbb222'] });
    expect(removed).toEqual(['container vl-aaa111-bm1', 'netns vlaaa111-h1', 'link vlaaa111b0', 'link vlaaa111v0', 'iptables rule DOCKER-USER -i vlaaa111b0 -o vlaaa111b0 -m comment --comment vracklab.run-id=aaa111 -j ACCEPT']);
    const commands = exec.calls.map((c) => `${c.file} ${c.args.join(' ')}`);
    expect(commands).toContain('docker rm --force --volumes c1');
    expect(commands).toContain('iptables -w -D DOCKER-USER -i vlaaa111b0 -o vlaaa111b0 -m comment --comment vracklab.run-id=aaa111 -j ACCEPT');
    expect(commands.filter((c) => c.includes('bbb222') && / (rm|del|-D) /.test(c))).toEqual([]);
    expect(commands.some((c) => c.includes('docker0') || c.includes('someones-ns'))).toBe(false);
  });

  it('restricted to one run id, filters containers by that label', async () => {
    const exec = machine();
    const { removed } = await gc({ exec, runId: 'bbb222' });
    expect(removed).toContain('netns vlbbb222-h1');
    expect(removed.some((r) => r.includes('aaa111'))).toBe(false);
    expect(exec.calls[0]?.args).toContain('label=vracklab.run-id=bbb222');
  });
});

describe('gc and live runs', () => {
  it('spares a run whose fabric a live process holds, unless asked by run id or includeLive', async () => {
    const { takeLease } = await import('./run-lease.ts');
    takeLease('aaa111');
    const spared = await gc({ exec: machine() });
    expect(spared.removed.some((r) => r.includes('aaa111'))).toBe(false);
    expect(spared.removed).toContain('netns vlbbb222-h1');
    expect((await gc({ exec: machine(), includeLive: true })).removed).toContain('netns vlaaa111-h1');
    expect((await gc({ exec: machine(), runId: 'aaa111' })).removed).toContain('netns vlaaa111-h1');
  });
});
