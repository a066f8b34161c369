/**
 * The fabric's lifecycle as a resource: `await using` destroys it, a failed teardown keeps its errors
 * as Error objects, and the build's AbortSignal reaches build commands but never teardown ones.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordingExec } from '../core/exec.ts';
import type { Exec } from '../core/exec.ts';
import { createFabric } from './fabric.ts';
import type { Capabilities } from './capabilities.ts';

process.env.VRACKLAB_RUN_DIR = mkdtempSync(join(tmpdir(), 'vl-lease-'));

const caps: Capabilities = { kernel: { netns: true, veth: true, bridge: true, vlan8021q: false, vlanFiltering: false, netem: false, nftables: true }, docker: { version: '27.0.0' }, vlanMode: 'segment' };

/** A docker machine whose `docker rm` fails when `failRm` (a daemon gone away). Each call notes whether it carried a signal. */
function machine(failRm = false) {
  let pid = 1000;
  const fake = recordingExec((c) => {
    if (c.file === 'docker' && c.args[0] === 'run') return { stdout: 'cid' };
    if (c.file === 'docker' && c.args[0] === 'inspect') return { stdout: String(++pid) };
    return undefined;
  });
  const signalled: { command: string; signal: boolean }[] = [];
  const exec: Exec = async (file, args, options) => {
    signalled.push({ command: `${file} ${args[0]}`, signal: options?.signal !== undefined });
    if (failRm && file === 'docker' && args[0] === 'rm') throw new Error('Cannot connect to the Docker daemon');
    return fake(file, args, options);
  };
  return { exec, calls: fake.calls, signalled };
}

describe('Fabric as an AsyncDisposable', () => {
  it('is destroyed at the end of an `await using` scope', async () => {
    const m = machine();
    {
      await using fabric = await createFabric({ runId: 'abc123', labName: 'demo', driver: 'docker', exec: m.exec, capabilities: caps });
      await fabric.addHost({ name: 'h1', image: 'host' });
      expect(m.calls.some((c) => c.args[0] === 'rm')).toBe(false);
    }
    expect(m.calls.find((c) => c.file === 'docker' && c.args[0] === 'rm')?.args).toEqual(['rm', '--force', '--volumes', 'cid']);
  });
});

describe('Fabric.destroy failures', () => {
  it('goes on past a failed step and keeps the error itself in an AggregateError', async () => {
    const m = machine(true);
    const fabric = await createFabric({ runId: 'abc123', labName: 'demo', driver: 'docker', exec: m.exec, capabilities: caps });
    await fabric.addHost({ name: 'h1', image: 'host' });
    const err = await fabric.destroy().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CLEANUP_FAILED', details: { steps: ['hosts'] } });
    expect((err as Error).message).toBe('fabric teardown failed: 1 step(s) failed (hosts: Cannot connect to the Docker daemon)');
    const cause = (err as Error).cause as AggregateError;
    expect(cause).toBeInstanceOf(AggregateError);
    expect((cause.errors[0] as Error).message).toBe('Cannot connect to the Docker daemon');
    // It went on: the reaper still looked at the machine after the failed step.
    expect(m.calls.some((c) => c.file === 'ip' && c.args.join(' ') === '-o link show')).toBe(true);
  });
});

describe('the build AbortSignal', () => {
  it('reaches every build command, and no teardown command', async () => {
    const m = machine();
    const abort = new AbortController();
    const fabric = await createFabric({ runId: 'abc123', labName: 'demo', driver: 'docker', exec: m.exec, capabilities: caps, signal: abort.signal });
    // createFabric's own probe (which iptables chain) runs before the fabric exists: not a build step.
    const start = m.signalled.length;
    await fabric.addHost({ name: 'h1', image: 'host' });
    await fabric.attachNic('h1', { kind: 'public' }, { ifname: 'eth0', addresses: ['192.0.2.5/24'] });
    const built = m.signalled.length;
    await fabric.destroy();
    expect(m.signalled.slice(start, built).filter((c) => !c.signal)).toEqual([]);
    expect(built - start).toBeGreaterThan(3);
    expect(m.signalled.slice(built).filter((c) => c.signal)).toEqual([]);
    expect(m.signalled.length).toBeGreaterThan(built);
  });

  it('without a signal, no command carries one (the control)', async () => {
    const m = machine();
    const fabric = await createFabric({ runId: 'abc123', labName: 'demo', driver: 'docker', exec: m.exec, capabilities: caps });
    await fabric.addHost({ name: 'h1', image: 'host' });
    expect(m.signalled.filter((c) => c.signal)).toEqual([]);
  });
});
