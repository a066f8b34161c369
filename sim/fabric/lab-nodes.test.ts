// Lab nodes on the fabric: the docker driver's command plan, and the refusal of a driver that runs none.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordingExec } from '../core/exec.ts';
import { createFabric } from './fabric.ts';
import type { Capabilities } from './capabilities.ts';
import { assertDriverRunsNodes } from './driver.ts';
import { getDriver } from './drivers.ts';
import type { NodeSpec } from './types.ts';

process.env.VRACKLAB_RUN_DIR = mkdtempSync(join(tmpdir(), 'vl-lease-'));

const caps: Capabilities = { kernel: { netns: true, veth: true, bridge: true, vlan8021q: false, vlanFiltering: false, netem: false, nftables: true }, docker: { version: '20.10.24' }, vlanMode: 'segment' };
const r1: NodeSpec = { name: 'r1', kind: 'linux', image: 'quay.io/frrouting/frr:9.1.0', recipe: null, capAdd: ['SYS_ADMIN'], sysctls: { 'net.ipv4.ip_forward': '1' } };

/** A Docker machine whose images are `present`; containers get ids and pids. */
function machine(present: string[]) {
  return recordingExec((c) => {
    if (c.file !== 'docker') return undefined;
    if (c.args[0] === 'image') return present.includes(c.args.at(-1) ?? '') ? { stdout: 'sha256:1' } : { exitCode: 1, stderr: 'No such image' };
    if (c.args[0] === 'run') return { stdout: 'cid-r1' };
    if (c.args[0] === 'inspect') return { stdout: '4242' };
    if (c.args[0] === 'exec') return { stdout: 'ok' };
    return undefined;
  });
}

describe('lab nodes with the docker driver', () => {
  it('runs the image as is (no pull, no build) with its capabilities and sysctls, labelled with the run, and execs through docker exec', async () => {
    const exec = machine([r1.image]);
    const fabric = await createFabric({ runId: 'abc123', labName: 'byon', driver: 'docker', exec, capabilities: caps });
    await fabric.addNode(r1);
    const run = exec.calls.find((c) => c.args[0] === 'run')?.args.join(' ') ?? '';
    expect(run).toBe(
      'run --detach --pull never --name vl-abc123-r1 --hostname r1 --network none --cap-add NET_ADMIN --cap-add NET_RAW --cap-add SYS_ADMIN --label vracklab.run-id=abc123 --label vracklab.lab=byon --label vracklab.host=r1 --sysctl net.ipv4.ip_forward=1 quay.io/frrouting/frr:9.1.0',
    );
    const r = await fabric.execInNode('r1', ['vtysh', '-c', 'show ip route']);
    expect(r.exitCode).toBe(0);
    // docker exec, not nsenter: the command runs with the container's capabilities, not the full root's.
    expect(exec.calls.at(-1)?.args).toEqual(['exec', 'cid-r1', 'vtysh', '-c', 'show ip route']);
    expect(fabric.records()).toEqual([{ name: 'r1', driver: 'docker', pid: 4242, containerId: 'cid-r1' }]);
  });

  it('refuses an image that is not on the machine before running anything, naming it and the recipes', async () => {
    const exec = machine([]);
    const fabric = await createFabric({ runId: 'abc123', labName: 'byon', driver: 'docker', exec, capabilities: caps });
    await expect(fabric.addNode(r1)).rejects.toThrow('node r1 cannot start: image quay.io/frrouting/frr:9.1.0 is not on this machine (vracklab pulls nothing: docker pull or docker load it first, or use a recipe: efs, frr, host)');
    expect(exec.calls.map((c) => c.args[0])).not.toContain('run');
  });

  it('refuses a kind it cannot run (a network OS needs containerlab)', async () => {
    const exec = machine([r1.image]);
    const fabric = await createFabric({ runId: 'abc123', labName: 'byon', driver: 'docker', exec, capabilities: caps });
    const before = exec.calls.length;
    await expect(fabric.addNode({ ...r1, kind: 'nokia_srlinux' })).rejects.toThrow(
      'driver docker cannot run the lab\'s node(s) r1 (kind nokia_srlinux): it runs only kinds linux (drivers that can: none registered; or run the lab\'s containerlab export: vracklab export FILE --format containerlab)',
    );
    expect(exec.calls.length).toBe(before);
  });
});

describe('a driver without lab nodes', () => {
  it('netns refuses every node before anything is built, naming the drivers that can', async () => {
    expect(() => assertDriverRunsNodes(getDriver('netns'), [{ name: 'r1', kind: 'linux' }, { name: 'r2', kind: 'linux' }])).toThrow(
      "driver netns cannot run the lab's node(s) r1 (kind linux), r2 (kind linux): it runs no lab nodes (drivers that can: docker; or run the lab's containerlab export: vracklab export FILE --format containerlab)",
    );
    const exec = machine([]);
    const fabric = await createFabric({ runId: 'abc124', labName: 'byon', driver: 'netns', exec, capabilities: caps });
    const before = exec.calls.length;
    await expect(fabric.addNode(r1)).rejects.toThrow('driver netns cannot run');
    await expect(fabric.execInNode('r1', ['true'])).rejects.toThrow('invalid host: no such host in lab byon');
    expect(exec.calls.length).toBe(before);
  });
});
