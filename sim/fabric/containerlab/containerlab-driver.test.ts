/**
 * The containerlab driver through the fabric, on a recording Exec: a lab's hosts come from ONE
 * `containerlab deploy` (the bulk hook), their PIDs from `containerlab inspect`, the NICs are the
 * fabric's own plumbing, and destroy is `containerlab destroy` plus the reaper's label sweep.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordingExec, type RecordedCall } from '../../core/exec.ts';
import type { Capabilities } from '../capabilities.ts';
import { createFabric } from '../fabric.ts';
import { containerlabBin } from './cli.ts';
import { recordsOf } from './containerlab-driver.ts';
import { deploymentOf } from './deploy.ts';

process.env.VRACKLAB_RUN_DIR = mkdtempSync(join(tmpdir(), 'vl-lease-'));
process.env.VRACKLAB_CLAB_DIR = mkdtempSync(join(tmpdir(), 'vl-clab-'));
// The driver asks only whether a binary is there (every call goes to the recording Exec): a
// placeholder keeps the test independent of this machine's containerlab (built in the background by make test).
const placeholder = join(process.env.VRACKLAB_CLAB_DIR, 'containerlab');
writeFileSync(placeholder, '');
process.env.VRACKLAB_CONTAINERLAB = placeholder;
const caps: Capabilities = { kernel: { netns: true, veth: true, bridge: true, vlan8021q: false, vlanFiltering: false, netem: false, nftables: true }, docker: { version: '27.0.0' }, vlanMode: 'segment' };
const bin = containerlabBin();
const isClab = (c: RecordedCall, verb: string) => c.file === bin && c.args[0] === verb;

/** containerlab's `inspect --details --format json` for lab `lab` with these nodes (pid 0 = not running). */
function inspectJson(lab: string, nodes: Record<string, number>): string {
  const containers = Object.entries(nodes).map(([node, pid]) => ({ Names: [`clab-${lab}-${node}`], State: pid > 0 ? 'running' : 'exited', Pid: pid, Labels: { 'clab-node-name': node, containerlab: lab } }));
  return JSON.stringify({ [lab]: containers });
}

/** A machine with containerlab: every deploy of lab L answers inspect with `pids(L)`. */
function machine(pids: (lab: string) => Record<string, number>) {
  return recordingExec((c) => {
    if (isClab(c, 'version')) return { stdout: '    version: 0.79.0\n' };
    if (isClab(c, 'inspect')) {
      const lab = /vracklab-[^/]*-[a-z0-9]{6}(?=\.clab\.yml$)/.exec(c.args[2] ?? '')?.[0] ?? '';
      return { stdout: inspectJson(lab, pids(lab)) };
    }
    return undefined;
  });
}

describe('the containerlab driver', () => {
  it('deploys a lab\'s hosts in one containerlab deploy, plumbs them like docker\'s, and destroys them with containerlab destroy', async () => {
    const exec = machine((lab): Record<string, number> => (lab === 'vracklab-demo-abc123' ? { h1: 101, h2: 102 } : { efs: 103 }));
    const fabric = await createFabric({ runId: 'abc123', labName: 'demo', driver: 'containerlab', exec, capabilities: caps });
    await fabric.addHosts([{ name: 'h1', image: 'host' }, { name: 'h2', image: 'host', sysctls: { 'net.ipv4.ip_forward': '1' } }]);
    expect(exec.calls.filter((c) => isClab(c, 'deploy')).map((c) => c.args.join(' '))).toEqual([`deploy -t ${process.env.VRACKLAB_CLAB_DIR}/vracklab-demo-abc123.clab.yml`]);
    expect(fabric.records()).toEqual([
      { name: 'h1', driver: 'containerlab', pid: 101, containerId: 'clab-vracklab-demo-abc123-h1' },
      { name: 'h2', driver: 'containerlab', pid: 102, containerId: 'clab-vracklab-demo-abc123-h2' },
    ]);
    // A host added to the running lab: a deployment of its own, under the run's next lab name.
    await fabric.addHost({ name: 'efs', image: 'host' });
    expect(exec.calls.filter((c) => isClab(c, 'deploy')).at(-1)?.args[2]).toBe(`${process.env.VRACKLAB_CLAB_DIR}/vracklab-demo-1-abc123.clab.yml`);
    // The NIC is the fabric's own veth into the PID containerlab reported, exactly as for docker.
    await fabric.attachNic('h1', { kind: 'vrack', vrackId: 'pn-1', vlan: 10 }, { ifname: 'eth1', addresses: ['10.0.0.1/24'] });
    expect(exec.calls.some((c) => (c.input ?? '').includes('netns 101'))).toBe(true);

    exec.calls.length = 0;
    await fabric.destroy();
    const destroys = exec.calls.filter((c) => isClab(c, 'destroy')).map((c) => c.args[2]).sort();
    expect(destroys).toEqual([`${process.env.VRACKLAB_CLAB_DIR}/vracklab-demo-1-abc123.clab.yml`, `${process.env.VRACKLAB_CLAB_DIR}/vracklab-demo-abc123.clab.yml`]);
    expect(existsSync(deploymentOf('abc123', 'vracklab-demo-abc123').file)).toBe(false);
    // Then the reaper's sweep by label: containers of the run that containerlab would have missed.
    expect(exec.calls.some((c) => c.file === 'docker' && c.args.join(' ').startsWith('ps --all --filter label=vracklab.run-id=abc123 --filter label=containerlab'))).toBe(true);
  });

  it('a host removed from a running lab goes by its container; its deployment is destroyed when its last host goes', async () => {
    const exec = machine(() => ({ h1: 201, h2: 202 }));
    const fabric = await createFabric({ runId: 'def456', labName: 'demo', driver: 'containerlab', exec, capabilities: caps });
    await fabric.addHosts([{ name: 'h1', image: 'host' }, { name: 'h2', image: 'host' }]);
    exec.calls.length = 0;
    await fabric.removeHost('h1');
    expect(exec.calls.map((c) => [c.file === bin ? 'containerlab' : c.file, ...c.args].join(' '))).toEqual(['docker rm --force --volumes clab-vracklab-demo-def456-h1']);
    await fabric.removeHost('h2');
    expect(exec.calls.filter((c) => isClab(c, 'destroy'))).toHaveLength(1);
    await fabric.destroy();
  });

  it('fails the lab\'s start clearly when a host has no running process, and rolls the deployment back', async () => {
    const exec = machine(() => ({ h1: 301, h2: 0 }));
    const fabric = await createFabric({ runId: 'ghi789', labName: 'demo', driver: 'containerlab', exec, capabilities: caps });
    const file = `${process.env.VRACKLAB_CLAB_DIR}/vracklab-demo-ghi789.clab.yml`;
    await expect(fabric.addHosts([{ name: 'h1', image: 'host' }, { name: 'h2', image: 'host' }])).rejects.toThrow(
      `host h2 did not start: containerlab inspect of lab vracklab-demo-ghi789 shows its container clab-vracklab-demo-ghi789-h2 is exited with pid 0 (file ${file})`,
    );
    expect(exec.calls.filter((c) => isClab(c, 'destroy')).map((c) => c.args[2])).toEqual([file]);
    expect(fabric.records()).toEqual([]);
    await fabric.destroy();
  });

  it('names a node containerlab did not list at all', () => {
    const d = deploymentOf('abc123', 'vracklab-demo-abc123', '/x');
    expect(() => recordsOf(d, [{ name: 'h9', image: 'host' }], [])).toThrow('host h9 did not start: containerlab inspect of lab vracklab-demo-abc123 shows no container of node h9 (listed: none) (file /x/vracklab-demo-abc123.clab.yml)');
  });
});
