import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import createDebug from 'debug';
import { afterEach, describe, expect, it } from 'vitest';
import { recordingExec } from '../core/exec.ts';
import { gc, parseLinks, runLinks } from './gc.ts';

// Leases go to a scratch directory, not the machine's /run.
process.env.VRACKLAB_RUN_DIR = mkdtempSync(join(tmpdir(), 'vl-lease-'));

const alias = (id: string) => `\\    alias vracklab:${id}`;

/**
 * A machine with leftovers of runs aaa111 and bbb222 (each object carrying its run's marker), and
 * other people's objects: a Debian VLAN interface `vlan1000`, `vlan0005`, a namespace `vlanprod`,
 * and a link and a namespace named in our grammar but without our marker.
 */
function machine() {
  return recordingExec((c) => {
    const a = c.args.join(' ');
    if (c.file === 'docker' && a.startsWith('ps')) return { stdout: 'c1\taaa111\tvl-aaa111-bm1\nc2\tbbb222\tvl-bbb222-bm1' };
    if (c.file === 'docker' && a.startsWith('network ls')) return { stdout: '' };
    if (c.file === 'ip' && a === 'netns list') return { stdout: 'vlaaa111-h1 (id: 3)\nvlbbb222-h1\nsomeones-ns\nvlanprod\nvlccc333-h1' };
    if (c.file === 'ip' && a === '-n vlaaa111-h1 -o link show dev lo') return { stdout: `1: lo: <LOOPBACK,UP> mtu 65536${alias('aaa111')}` };
    if (c.file === 'ip' && a === '-n vlbbb222-h1 -o link show dev lo') return { stdout: `1: lo: <LOOPBACK,UP> mtu 65536${alias('bbb222')}` };
    if (c.file === 'ip' && a === '-n vlccc333-h1 -o link show dev lo') return { stdout: '1: lo: <LOOPBACK,UP> mtu 65536' };
    if (c.file === 'ip' && a === '-o link show')
      return {
        stdout: [
          '1: lo: <LOOPBACK>',
          `5: vlaaa111b0: <BROADCAST>${alias('aaa111')}`,
          `6: vlaaa111v0@if2: <BROADCAST> link-netnsid 0${alias('aaa111')}`,
          `7: vlbbb222b0: <BROADCAST>${alias('bbb222')}`,
          '8: docker0: <BROADCAST>',
          '9: vlan1000@eth0: <BROADCAST>',
          '10: vlan0005@eth0: <BROADCAST>',
          '11: vlccc333b0: <BROADCAST>',
          `12: vlddd444b0: <BROADCAST>${alias('eee555')}`,
        ].join('\n'),
      };
    if (c.file === 'iptables' && a === '-w -S DOCKER-USER')
      return { stdout: '-N DOCKER-USER\n-A DOCKER-USER -i vlaaa111b0 -o vlaaa111b0 -m comment --comment vracklab.run-id=aaa111 -j ACCEPT\n-A DOCKER-USER -i vlbbb222b0 -o vlbbb222b0 -m comment --comment vracklab.run-id=bbb222 -j ACCEPT\n-A DOCKER-USER -j RETURN' };
    if (c.file === 'iptables' && a === '-w -S FORWARD') return { stdout: '-P FORWARD DROP' };
    return undefined;
  });
}

const deletions = (exec: ReturnType<typeof machine>) =>
  exec.calls.flatMap((c) => (c.input !== undefined ? c.input.split('\n').filter(Boolean) : [`${c.file} ${c.args.join(' ')}`])).filter((c) => /(^| )(rm|del|-D|pids) /.test(c));

describe('parseLinks', () => {
  it('reads a link’s name without @peer and its alias', () => {
    expect(parseLinks(`6: vlaaa111v0@if2: <BROADCAST> link-netnsid 0${alias('aaa111')}\n9: vlan1000@eth0: <BROADCAST>`)).toEqual([
      { name: 'vlaaa111v0', alias: 'vracklab:aaa111' },
      { name: 'vlan1000', alias: undefined },
    ]);
  });
});

describe('runLinks', () => {
  it('names a run’s links in the full grammar only: vlan1000 and vlan0005 are not ours', async () => {
    expect(await runLinks(machine(), 'aaa111')).toEqual(['vlaaa111b0', 'vlaaa111v0']);
    expect(await runLinks(machine())).toEqual(['vlaaa111b0', 'vlaaa111v0', 'vlbbb222b0', 'vlccc333b0', 'vlddd444b0']);
  });
});

describe('gc', () => {
  it('removes every marked object of runs not kept, and nobody else’s (security review #2)', async () => {
    const exec = machine();
    const { removed } = await gc({ exec, keepRunIds: ['bbb222'] });
    expect(removed).toEqual(['container vl-aaa111-bm1', 'netns vlaaa111-h1', 'link vlaaa111b0', 'link vlaaa111v0', 'iptables rule DOCKER-USER -i vlaaa111b0 -o vlaaa111b0 -m comment --comment vracklab.run-id=aaa111 -j ACCEPT']);
    const done = deletions(exec);
    expect(done).toContain('docker rm --force --volumes c1');
    expect(done).toContain('netns del vlaaa111-h1');
    expect(done).toContain('link del dev vlaaa111v0');
    // Foreign objects: standard VLAN interfaces, another tool's namespace, our grammar without our marker.
    for (const foreign of ['vlan1000', 'vlan0005', 'vlanprod', 'someones-ns', 'docker0', 'vlccc333', 'vlddd444', 'bbb222']) {
      expect(done.filter((c) => c.includes(foreign))).toEqual([]);
    }
  });

  it('names the proof of every deletion, and why it spared a look-alike, in DEBUG=vracklab:gc', async () => {
    const lines: string[] = [];
    const debugLog = createDebug.log;
    createDebug.enable('vracklab:gc');
    createDebug.log = (...args: unknown[]) => void lines.push(format(...args));
    try {
      await gc({ exec: machine(), keepRunIds: ['bbb222'] });
    } finally {
      createDebug.log = debugLog;
      createDebug.disable();
    }
    const text = lines.join('\n');
    expect(text).toMatch(/removing netns vlaaa111-h1 \(and killing its processes\): proof marker vracklab:aaa111/);
    expect(text).toMatch(/removing link vlaaa111b0: proof marker vracklab:aaa111/);
    expect(text).toMatch(/removing container vl-aaa111-bm1: proof label vracklab.run-id=aaa111/);
    expect(text).toMatch(/removing iptables rule .*: proof comment vracklab.run-id=aaa111/);
    expect(text).toMatch(/sparing link vlccc333b0: name of run ccc333 but no marker \(alias none\) and no lease/);
    expect(text).toMatch(/sparing link vlddd444b0: name of run ddd444 but no marker \(alias "vracklab:eee555"\)/);
  });

  it('restricted to one run id, filters containers by that label', async () => {
    const exec = machine();
    const { removed } = await gc({ exec, runId: 'bbb222' });
    expect(removed).toContain('netns vlbbb222-h1');
    expect(removed.some((r) => r.includes('aaa111'))).toBe(false);
    expect(exec.calls[0]?.args).toContain('label=vracklab.run-id=bbb222');
  });
});

describe('gc and leases', () => {
  afterEach(async () => {
    const { releaseLease } = await import('./run-lease.ts');
    for (const id of ['aaa111', 'ccc333']) releaseLease(id);
  });

  it('spares a run whose fabric a live process holds, unless asked by run id or includeLive', async () => {
    const { takeLease } = await import('./run-lease.ts');
    takeLease('aaa111');
    const spared = await gc({ exec: machine() });
    expect(spared.removed.some((r) => r.includes('aaa111'))).toBe(false);
    expect(spared.removed).toContain('netns vlbbb222-h1');
    expect((await gc({ exec: machine(), includeLive: true })).removed).toContain('netns vlaaa111-h1');
    expect((await gc({ exec: machine(), runId: 'aaa111' })).removed).toContain('netns vlaaa111-h1');
  });

  it('takes a crashed run’s lease as proof for its unmarked links (containerlab’s veths), not for foreign names', async () => {
    // A lease naming a PID that cannot exist: the run crashed.
    writeFileSync(join(process.env.VRACKLAB_RUN_DIR as string, 'ccc333'), '999999999 1\n');
    const exec = machine();
    const { removed } = await gc({ exec });
    expect(removed).toContain('link vlccc333b0');
    expect(removed).toContain('netns vlccc333-h1');
    expect(deletions(exec).filter((c) => /vlan1000|vlan0005|vlanprod/.test(c))).toEqual([]);
  });
});
