import { existsSync, mkdtempSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordingExec, type RecordedCall } from '../../core/exec.ts';
import { loadLab } from '../../topology/load.ts';
import { parseRules } from '../firewall.ts';
import { leaseDir } from '../run-lease.ts';
import { deployContainerlab, destroyContainerlab } from './deploy.ts';

process.env.VRACKLAB_RUN_DIR = mkdtempSync(join(tmpdir(), 'vl-lease-'));
const dir = await mkdtemp(join(tmpdir(), 'vracklab-clab-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
const line = (c: RecordedCall) => [c.file, ...c.args].join(' ');

describe('deployContainerlab', async () => {
  const lab = await loadLab('topologies/mks-private-networks.lab.yml');

  it('creates run-id bridges, accept rules gc recognises and a lease, then deploys; destroy undoes it all', async () => {
    // DOCKER-USER lists this run's rules and another run's: destroy must delete only its own.
    let listing = '-N DOCKER-USER\n-A DOCKER-USER -j RETURN';
    const exec = recordingExec((c) => (c.file === 'iptables' && c.args[1] === '-S' && c.args[2] === 'DOCKER-USER' ? { stdout: listing } : undefined));
    const d = await deployContainerlab(exec, lab, { runId: 'abc123', dir });
    expect(d.bridges).toEqual(['vlabc123b0', 'vlabc123b1', 'vlabc123b2']);
    expect(exec.calls.map(line)).toEqual([
      'containerlab version',
      'iptables -w -S DOCKER-USER',
      'ip -batch -',
      'iptables -w -I DOCKER-USER -i vlabc123b0 -o vlabc123b0 -m comment --comment vracklab.run-id=abc123 -j ACCEPT',
      'iptables -w -I DOCKER-USER -i vlabc123b1 -o vlabc123b1 -m comment --comment vracklab.run-id=abc123 -j ACCEPT',
      'iptables -w -I DOCKER-USER -i vlabc123b2 -o vlabc123b2 -m comment --comment vracklab.run-id=abc123 -j ACCEPT',
      `containerlab deploy -t ${d.file} --reconfigure`,
    ]);
    expect(exec.calls[2]?.input).toBe(['vlabc123b0', 'vlabc123b1', 'vlabc123b2'].map((b) => `link add ${b} type bridge\nlink set dev ${b} alias vracklab:abc123 addrgenmode none\nlink set ${b} up\n`).join(''));
    // The rules as iptables would list them are the ones gc reaps for this run.
    const inserted = exec.calls.filter((c) => c.file === 'iptables' && c.args[1] === '-I').map((c) => `-A ${c.args.slice(2).join(' ')}`);
    expect(parseRules('DOCKER-USER', inserted.join('\n')).map((r) => r.runId)).toEqual(['abc123', 'abc123', 'abc123']);
    expect(existsSync(join(leaseDir(), 'abc123'))).toBe(true);
    const text = await readFile(d.file, 'utf8');
    expect(text).toContain('name: vracklab-mks-private-networks-abc123');
    expect(text).toContain('vracklab.run-id: abc123');
    expect(text).toContain('- node1:eth1\n');

    listing = [...inserted.slice(0, 2), '-A DOCKER-USER -i vlzzz999b0 -o vlzzz999b0 -m comment --comment vracklab.run-id=zzz999 -j ACCEPT', '-A DOCKER-USER -j RETURN'].join('\n');
    exec.calls.length = 0;
    await destroyContainerlab(exec, d);
    expect(exec.calls.map(line)).toEqual([
      `containerlab destroy -t ${d.file} --cleanup`,
      'iptables -w -S DOCKER-USER',
      'iptables -w -S FORWARD',
      'iptables -w -D DOCKER-USER -i vlabc123b0 -o vlabc123b0 -m comment --comment vracklab.run-id=abc123 -j ACCEPT',
      'iptables -w -D DOCKER-USER -i vlabc123b1 -o vlabc123b1 -m comment --comment vracklab.run-id=abc123 -j ACCEPT',
      'ip -force -batch -',
    ]);
    expect(exec.calls.at(-1)?.input).toBe('link del dev vlabc123b0\nlink del dev vlabc123b1\nlink del dev vlabc123b2\n');
    await expect(stat(d.file)).rejects.toThrow('ENOENT');
    expect(existsSync(join(leaseDir(), 'abc123'))).toBe(false);
  });

  it('refuses clearly when the containerlab CLI is missing, before creating anything', async () => {
    const exec = recordingExec((c) => (c.file === 'containerlab' ? { exitCode: 127, stderr: 'containerlab: not found' } : undefined));
    await expect(deployContainerlab(exec, lab, { runId: 'abc123', dir })).rejects.toThrow(
      'cannot deploy with containerlab: the containerlab CLI is not installed or does not run (install it from https://containerlab.dev/install, or use the docker or netns driver)',
    );
    expect(exec.calls.map(line)).toEqual(['containerlab version']);
  });

  it('rolls back the bridges when deploy fails', async () => {
    const exec = recordingExec((c) => (c.file === 'containerlab' && c.args[0] === 'deploy' ? { exitCode: 1, stderr: 'boom' } : c.file === 'iptables' && c.args[1] === '-S' ? { exitCode: 1, stderr: 'No chain/target/match by that name.' } : undefined));
    await expect(deployContainerlab(exec, lab, { runId: 'zzz999', dir })).rejects.toThrow('boom');
    const calls = exec.calls.map(line);
    expect(calls.filter((c) => c.startsWith('iptables -w -I'))).toEqual([]);
    expect(calls.slice(-2)).toEqual([`containerlab destroy -t ${join(dir, 'mks-private-networks-zzz999.clab.yml')} --cleanup`, 'ip -force -batch -']);
    expect(exec.calls.at(-1)?.input).toBe('link del dev vlzzz999b0\nlink del dev vlzzz999b1\nlink del dev vlzzz999b2\n');
    expect(existsSync(join(leaseDir(), 'zzz999'))).toBe(false);
  });

  it('rejects a malformed run id', async () => {
    await expect(deployContainerlab(recordingExec(), lab, { runId: 'BAD', dir })).rejects.toThrow('invalid run id');
  });
});
