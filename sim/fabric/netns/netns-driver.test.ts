import { describe, expect, it } from 'vitest';
import { recordingExec } from '../../core/exec.ts';
import { keeperArgs, netnsDriver } from './netns-driver.ts';

const ctx = (exec: ReturnType<typeof recordingExec>) => ({ runId: 'abc123', labName: 'l', exec });

describe('netns driver', () => {
  it('sets lo up and the sysctls, then starts a detached keeper whose PID becomes the host PID, in one process', async () => {
    const exec = recordingExec((c) => (c.args[1] === 'exec' ? { stdout: '4242' } : undefined));
    const record = await netnsDriver.createHost(ctx(exec), { name: 'gw', image: 'host', sysctls: { 'net.ipv4.ip_forward': '1' } });
    expect(record).toEqual({ name: 'gw', driver: 'netns', pid: 4242, netns: 'vlabc123-gw' });
    expect(exec.calls.map((c) => c.args.slice(0, 3))).toEqual([
      ['netns', 'add', 'vlabc123-gw'],
      ['netns', 'exec', 'vlabc123-gw'],
    ]);
    expect(exec.calls[1]?.args.at(-1)).toBe("ip link set dev lo up || exit 1; sysctl -q -w 'net.ipv4.ip_forward=1' || exit 1; setsid sleep infinity </dev/null >/dev/null 2>&1 & echo $!");
  });

  it('removes the namespace it made when the keeper does not start', async () => {
    const exec = recordingExec((c) => (c.args[1] === 'exec' ? { stdout: '' } : undefined));
    await expect(netnsDriver.createHost(ctx(exec), { name: 'gw', image: 'host' })).rejects.toThrow(/host gw did not start: no keeper process in namespace vlabc123-gw/);
    expect(exec.calls.at(-1)?.args).toEqual(['netns', 'del', 'vlabc123-gw']);
  });

  it('refuses volumes, which need a container filesystem', async () => {
    const exec = recordingExec();
    await expect(netnsDriver.createHost(ctx(exec), { name: 'efs', image: 'host', volumes: [{ source: '/a', target: '/b' }] })).rejects.toThrow(/netns driver: volumes need a container filesystem \(use driver docker\)/);
    expect(exec.calls).toEqual([]);
  });

  it('quotes sysctl values for the shell', () => {
    expect(keeperArgs('n', { 'net.x': "a'b" }).at(-1)).toContain(`sysctl -q -w 'net.x=a'\\''b'`);
  });
});
