import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordingExec, type RecordedCall } from '../../core/exec.ts';
import { loadLab } from '../../topology/load.ts';
import { deployContainerlab, destroyContainerlab } from './deploy.ts';

const dir = await mkdtemp(join(tmpdir(), 'vracklab-clab-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
const line = (c: RecordedCall) => [c.file, ...c.args].join(' ');

describe('deployContainerlab', async () => {
  const lab = await loadLab('topologies/mks-private-networks.lab.yml');

  it('creates run-id bridges, DOCKER-USER rules, then deploys; destroy undoes it all', async () => {
    const exec = recordingExec();
    const d = await deployContainerlab(exec, lab, { runId: 'abc123', dir });
    expect(d.bridges).toEqual(['vlabc123b0', 'vlabc123b1', 'vlabc123b2']);
    expect(exec.calls.map(line)).toEqual([
      'containerlab version',
      'iptables -S DOCKER-USER',
      'ip link add vlabc123b0 type bridge',
      'ip link set vlabc123b0 up',
      'iptables -I DOCKER-USER -i vlabc123b0 -o vlabc123b0 -j ACCEPT -m comment --comment vracklab:abc123',
      'ip link add vlabc123b1 type bridge',
      'ip link set vlabc123b1 up',
      'iptables -I DOCKER-USER -i vlabc123b1 -o vlabc123b1 -j ACCEPT -m comment --comment vracklab:abc123',
      'ip link add vlabc123b2 type bridge',
      'ip link set vlabc123b2 up',
      'iptables -I DOCKER-USER -i vlabc123b2 -o vlabc123b2 -j ACCEPT -m comment --comment vracklab:abc123',
      `containerlab deploy -t ${d.file} --reconfigure`,
    ]);
    const text = await readFile(d.file, 'utf8');
    expect(text).toContain('name: vracklab-mks-private-networks-abc123');
    expect(text).toContain('vracklab.run-id: abc123');
    expect(text).toContain('- node1:eth1\n');

    exec.calls.length = 0;
    await destroyContainerlab(exec, d);
    expect(exec.calls.map(line)).toEqual([
      `containerlab destroy -t ${d.file} --cleanup`,
      'iptables -D DOCKER-USER -i vlabc123b0 -o vlabc123b0 -j ACCEPT -m comment --comment vracklab:abc123',
      'ip link del vlabc123b0',
      'iptables -D DOCKER-USER -i vlabc123b1 -o vlabc123b1 -j ACCEPT -m comment --comment vracklab:abc123',
      'ip link del vlabc123b1',
      'iptables -D DOCKER-USER -i vlabc123b2 -o vlabc123b2 -j ACCEPT -m comment --comment vracklab:abc123',
      'ip link del vlabc123b2',
    ]);
    await expect(stat(d.file)).rejects.toThrow('ENOENT');
  });

  it('refuses clearly when the containerlab CLI is missing, before creating anything', async () => {
    const exec = recordingExec((c) => (c.file === 'containerlab' ? { exitCode: 127, stderr: 'containerlab: not found' } : undefined));
    await expect(deployContainerlab(exec, lab, { runId: 'abc123', dir })).rejects.toThrow(
      'cannot deploy with containerlab: the containerlab CLI is not installed or does not run (install it from https://containerlab.dev/install, or use the docker or netns driver)',
    );
    expect(exec.calls.map(line)).toEqual(['containerlab version']);
  });

  it('rolls back the bridges when deploy fails', async () => {
    const exec = recordingExec((c) => (c.file === 'containerlab' && c.args[0] === 'deploy' ? { exitCode: 1, stderr: 'boom' } : c.file === 'iptables' && c.args[0] === '-S' ? { exitCode: 1, stderr: 'No chain/target/match by that name.' } : undefined));
    await expect(deployContainerlab(exec, lab, { runId: 'zzz999', dir })).rejects.toThrow('boom');
    const calls = exec.calls.map(line);
    expect(calls.filter((c) => c.startsWith('iptables -I'))).toEqual([]);
    expect(calls.slice(-4)).toEqual([`containerlab destroy -t ${join(dir, 'mks-private-networks-zzz999.clab.yml')} --cleanup`, 'ip link del vlzzz999b0', 'ip link del vlzzz999b1', 'ip link del vlzzz999b2']);
  });

  it('rejects a malformed run id', async () => {
    await expect(deployContainerlab(recordingExec(), lab, { runId: 'BAD', dir })).rejects.toThrow('invalid run id');
  });
});
