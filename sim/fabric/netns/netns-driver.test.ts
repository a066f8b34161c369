import { describe, expect, it } from 'vitest';
import { recordingExec } from '../../core/exec.ts';
import { isKeeperStart, keeperArgs, netnsDriver } from './netns-driver.ts';

/** A host made alone starts its keeper as itself (`nsenter --net=… sh -c …`), answered here. */
const keeperOut = (output: string, exitCode = 0) => ({ stdout: output, exitCode });

const ctx = (exec: ReturnType<typeof recordingExec>) => ({ runId: 'abc123', labName: 'l', exec });

describe('netns driver', () => {
  it('makes the namespace, then sets lo up and the sysctls and starts a detached keeper whose PID becomes the host PID, in one process', async () => {
    const exec = recordingExec((c) => (isKeeperStart(c) ? keeperOut('4242') : undefined));
    const record = await netnsDriver.createHost(ctx(exec), { name: 'gw', image: 'host', sysctls: { 'net.ipv4.ip_forward': '1' } });
    expect(record).toEqual({ name: 'gw', driver: 'netns', pid: 4242, netns: 'vlabc123-gw' });
    expect(exec.calls.map((c) => [c.file, ...c.args.slice(0, 2), c.input])).toEqual([
      ['ip', '-batch', '-', 'netns add vlabc123-gw\n'],
      ['nsenter', '--net=/run/netns/vlabc123-gw', 'sh', undefined],
    ]);
    expect(exec.calls[1]?.args.at(-1)).toBe("ip link set dev lo alias 'vracklab:abc123' up || exit 1; sysctl -q -w 'net.ipv4.ip_forward=1' || exit 1; setsid sleep infinity </dev/null >/dev/null 2>&1 & echo $!");
  });

  it('removes the namespace it made when the keeper does not start', async () => {
    const exec = recordingExec((c) => (isKeeperStart(c) ? keeperOut('') : undefined));
    await expect(netnsDriver.createHost(ctx(exec), { name: 'gw', image: 'host' })).rejects.toThrow(/host gw did not start: no keeper process in namespace vlabc123-gw/);
    expect(exec.calls.at(-1)?.args).toEqual(['-force', '-batch', '-']);
    expect(exec.calls.at(-1)?.input).toBe('netns del vlabc123-gw\n');
  });

  it('removes the namespace when a step inside it fails, but not one it could not make', async () => {
    const failing = recordingExec((c) => (isKeeperStart(c) ? keeperOut('sysctl: permission denied', 1) : undefined));
    await expect(netnsDriver.createHost(ctx(failing), { name: 'gw', image: 'host' })).rejects.toThrow(/exit code 1 \(starting the keeper of host gw in namespace vlabc123-gw\): sysctl: permission denied/);
    expect(failing.calls.at(-1)?.input).toBe('netns del vlabc123-gw\n');
    const taken = recordingExec((c) => (c.file === 'ip' ? { exitCode: 1, stderr: 'Cannot create namespace file "/run/netns/vlabc123-gw": File exists\nCommand failed -:1' } : undefined));
    await expect(netnsDriver.createHost(ctx(taken), { name: 'gw', image: 'host' })).rejects.toThrow(/line 1: netns add vlabc123-gw\): Cannot create namespace file/);
    expect(taken.calls.map((c) => c.input)).toEqual(['netns add vlabc123-gw\n']);
  });

  it('accepts a volume at its own path (the machine’s filesystem is shared) but refuses one that moves a directory', async () => {
    const exec = recordingExec((c) => (isKeeperStart(c) ? keeperOut('7') : undefined));
    await expect(netnsDriver.createHost(ctx(exec), { name: 'efs', image: 'host', volumes: [{ source: '/a', target: '/b' }] })).rejects.toThrow(/netns driver: volume \/a:\/b needs a container filesystem \(mount it at its own path, or use driver docker\)/);
    expect(exec.calls).toEqual([]);
    expect((await netnsDriver.createHost(ctx(exec), { name: 'efs', image: 'host', volumes: [{ source: '/a', target: '/a' }] })).pid).toBe(7);
  });

  it('refuses to kill the processes of, or delete, a namespace whose name is not ours (security review #2)', async () => {
    const { deleteNetns } = await import('./netns-driver.ts');
    const exec = recordingExec();
    for (const foreign of ['vlanprod', 'vlabc123', '../x', 'vlabc123-gw;x']) await expect(deleteNetns(exec, foreign)).rejects.toThrow(/invalid namespace: not a vracklab namespace name/);
    expect(exec.calls).toEqual([]);
    await deleteNetns(exec, 'vlabc123-gw');
    expect(exec.calls.map((c) => c.input)).toEqual(['netns del vlabc123-gw\n']);
  });

  it('quotes sysctl values for the shell', () => {
    expect(keeperArgs('n', { 'net.x': "a'b" }).at(-1)).toContain(`sysctl -q -w 'net.x=a'\\''b'`);
  });
});
