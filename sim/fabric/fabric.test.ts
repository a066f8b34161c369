import { isKeeperStart } from './netns/netns-driver.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordingExec } from '../core/exec.ts';
import type { RecordedCall } from '../core/exec.ts';
import { MAX_BRIDGE_PORTS, createFabric } from './fabric.ts';
import type { Capabilities } from './capabilities.ts';

// Leases go to a scratch directory, not the machine's /run.
process.env.VRACKLAB_RUN_DIR = mkdtempSync(join(tmpdir(), 'vl-lease-'));

const allKernel = { netns: true, veth: true, bridge: true, vlan8021q: true, vlanFiltering: true, netem: true, nftables: true };
const ciCaps: Capabilities = { kernel: { ...allKernel, vlan8021q: false, vlanFiltering: false, netem: false }, docker: { version: '20.10.24' }, vlanMode: 'segment' };
const fullCaps: Capabilities = { kernel: allKernel, docker: { version: '27.0.0' }, vlanMode: 'dot1q' };

/** Answers like a machine with Docker: containers get ids and pids, namespaces a keeper pid. */
function fakeMachine() {
  let pid = 1000;
  return recordingExec((c) => {
    if (c.file === 'docker' && c.args[0] === 'run') return { stdout: `cid-${c.args[c.args.indexOf('--hostname') + 1]}` };
    if (c.file === 'docker' && c.args[0] === 'inspect') return { stdout: String(++pid) };
    if (isKeeperStart(c)) return { stdout: String(++pid) };
    return undefined;
  });
}

const lines = (c: RecordedCall | undefined) => (c?.input ?? '').trim().split('\n');

describe('createFabric refuses before building anything', () => {
  it('an unknown driver, listing the valid ones', async () => {
    const exec = fakeMachine();
    await expect(createFabric({ runId: 'abc123', labName: 'l', driver: 'qemu' as 'docker', exec, capabilities: ciCaps })).rejects.toThrow(/invalid fabric driver: no driver with this name \(got "qemu"; valid: containerlab, docker, netns\)/);
    expect(exec.calls).toEqual([]);
  });

  it('dot1q on a kernel without 8021q', async () => {
    const exec = fakeMachine();
    await expect(createFabric({ runId: 'abc123', labName: 'l', driver: 'netns', vlanMode: 'dot1q', exec, capabilities: ciCaps })).rejects.toThrow(/dot1q cannot run here/);
    expect(exec.calls).toEqual([]);
  });

  it('the docker driver without a Docker engine', async () => {
    const exec = fakeMachine();
    await expect(createFabric({ runId: 'abc123', labName: 'l', driver: 'docker', exec, capabilities: { ...ciCaps, docker: null } })).rejects.toThrow(/driver docker cannot run here: this machine lacks a reachable Docker engine/);
    expect(exec.calls).toEqual([]);
  });

  it('a malformed run id', async () => {
    await expect(createFabric({ runId: 'ABC', labName: 'l', driver: 'netns', exec: fakeMachine(), capabilities: ciCaps })).rejects.toThrow(/invalid run id/);
  });
});

describe('segment mode with the docker driver: command plan', () => {
  it('starts a labelled container with --network none and added capabilities', async () => {
    const exec = fakeMachine();
    const fabric = await createFabric({ runId: 'abc123', labName: 'demo', driver: 'docker', exec, capabilities: ciCaps });
    await fabric.addHost({ name: 'efs1', image: 'host', capAdd: ['SYS_ADMIN'], volumes: [{ source: '/tmp/x', target: '/export' }], sysctls: { 'net.ipv4.ip_forward': '1' } });
    const run = exec.calls.find((c) => c.args[0] === 'run')?.args ?? [];
    expect(run.join(' ')).toMatch(
      /^run --detach --pull never --name vl-abc123-efs1 --hostname efs1 --network none --cap-add NET_ADMIN --cap-add NET_RAW --cap-add SYS_ADMIN --label vracklab.run-id=abc123 --label vracklab.lab=demo --label vracklab.host=efs1 --volume \/tmp\/x:\/export --sysctl net.ipv4.ip_forward=1 vracklab\/host:[0-9a-f]{12}$/,
    );
    expect(fabric.records()).toEqual([{ name: 'efs1', driver: 'docker', pid: 1001, containerId: 'cid-efs1' }]);
    expect(fabric.vlanMode).toBe('segment');
  });

  it('gives each (vRack, VLAN) its own bridge with a DOCKER-USER accept rule, and plumbs a veth into the host', async () => {
    const exec = fakeMachine();
    const fabric = await createFabric({ runId: 'abc123', labName: 'demo', driver: 'docker', exec, capabilities: ciCaps });
    await fabric.addHost({ name: 'bm1', image: 'host' });
    const b10 = await fabric.ensureSegment({ kind: 'vrack', vrackId: 'pn-1', vlan: 10 });
    const b20 = await fabric.ensureSegment({ kind: 'vrack', vrackId: 'pn-1', vlan: 20 });
    const other = await fabric.ensureSegment({ kind: 'vrack', vrackId: 'pn-2', vlan: 10 });
    expect(new Set([b10, b20, other]).size).toBe(3);
    expect(await fabric.ensureSegment({ kind: 'vrack', vrackId: 'pn-1', vlan: 10 })).toBe(b10);
    const start = exec.calls.length;
    await fabric.attachNic('bm1', { kind: 'vrack', vrackId: 'pn-1', vlan: 10 }, { ifname: 'eth1', addresses: ['10.0.1.5/24'], mac: '02:00:00:00:00:05' });
    const calls = exec.calls.slice(start);
    // Marked (ownership alias, no IPv6 link-local) before it is enslaved and up (security review #2, #8).
    expect(lines(calls[0])).toEqual([`link add vlabc123v0 type veth peer name eth1 netns 1001`, 'link set dev vlabc123v0 alias vracklab:abc123 addrgenmode none', `link set dev vlabc123v0 master ${b10}`, 'link set dev vlabc123v0 up']);
    expect(calls[1]?.args).toEqual(['-t', '1001', '-n', 'ip', '-batch', '-']);
    expect(lines(calls[1])).toEqual(['link set dev eth1 address 02:00:00:00:00:05', 'addr add 10.0.1.5/24 dev eth1', 'link set dev eth1 up']);
    const bridgeBatch = exec.calls.find((c) => c.file === 'ip' && c.args[0] === '-batch');
    expect(lines(bridgeBatch)).toEqual([`link add ${b10} type bridge`, `link set dev ${b10} alias vracklab:abc123 addrgenmode none`, `link set dev ${b10} up`]);
    const rule = exec.calls.find((c) => c.file === 'iptables' && c.args.includes('-I'));
    expect(rule?.args).toEqual(['-w', '-I', 'DOCKER-USER', '-i', b10, '-o', b10, '-m', 'comment', '--comment', 'vracklab.run-id=abc123', '-j', 'ACCEPT']);
  });

  it('refuses a NIC on a segment whose bridge has no port left (1,023), and a detach frees one', async () => {
    const fabric = await createFabric({ runId: 'abc123', labName: 'demo', driver: 'docker', exec: fakeMachine(), capabilities: ciCaps });
    const seg = { kind: 'vrack', vrackId: 'pn-1', vlan: 10 } as const;
    await fabric.addHost({ name: 'bm1', image: 'host' });
    for (let i = 0; i < MAX_BRIDGE_PORTS; i++) await fabric.attachNic('bm1', seg, { ifname: `e${i}`, addresses: [] });
    await expect(fabric.attachNic('bm1', seg, { ifname: 'full', addresses: [] })).rejects.toThrow(/is full: a Linux bridge takes at most 1023 ports \(split the hosts over more VLANs/);
    await fabric.attachNic('bm1', { ...seg, vlan: 11 }, { ifname: 'other', addresses: [] });
    await fabric.detachNic('bm1', 'e0');
    await fabric.attachNic('bm1', seg, { ifname: 'full', addresses: [] });
  });

  it('rejects bad input naming the input and the rule', async () => {
    const fabric = await createFabric({ runId: 'abc123', labName: 'demo', driver: 'docker', exec: fakeMachine(), capabilities: ciCaps });
    await fabric.addHost({ name: 'bm1', image: 'host' });
    await expect(fabric.attachNic('bm1', { kind: 'vrack', vrackId: 'pn-1', vlan: 4095 }, { ifname: 'eth1', addresses: [] })).rejects.toThrow(/invalid VLAN: an integer 2–4094/);
    await expect(fabric.attachNic('bm1', { kind: 'public' }, { ifname: 'eth1', addresses: ['10.0.0.1'] })).rejects.toThrow(/invalid address of eth1: IPv4 CIDR notation/);
    // An octet above 255 looks like CIDR to a digit-count regex but is no address.
    await expect(fabric.attachNic('bm1', { kind: 'public' }, { ifname: 'eth1', addresses: ['999.1.1.1/24'] })).rejects.toThrow(/invalid address of eth1: IPv4 CIDR notation a\.b\.c\.d\/n, octets 0–255, prefix 0–32, e\.g\. 10\.0\.1\.5\/24 \(got "999\.1\.1\.1\/24"\)/);
    await expect(fabric.attachNic('nope', { kind: 'public' }, { ifname: 'eth1', addresses: [] })).rejects.toThrow(/invalid host: no such host in lab demo \(got "nope"; valid: bm1\)/);
    await expect(fabric.addHost({ name: 'bm1', image: 'host' })).rejects.toThrow(/already used/);
    await expect(fabric.addHost({ name: 'x', image: 'windows' })).rejects.toThrow(/invalid image recipe: .*valid: efs, frr, host/);
  });

  it('detaches by deleting the machine end, idempotently; destroy removes containers then reaps the run', async () => {
    const exec = fakeMachine();
    const fabric = await createFabric({ runId: 'abc123', labName: 'demo', driver: 'docker', exec, capabilities: ciCaps });
    await fabric.addHost({ name: 'bm1', image: 'host' });
    await fabric.attachNic('bm1', { kind: 'public' }, { ifname: 'eth0', addresses: [] });
    await fabric.detachNic('bm1', 'eth0');
    expect(exec.calls.at(-1)?.args).toEqual(['link', 'del', 'dev', 'vlabc123v0']);
    await fabric.detachNic('bm1', 'eth0');
    expect(exec.calls.at(-1)?.args).toEqual(['-t', '1001', '-n', 'ip', 'link', 'del', 'dev', 'eth0']);
    await fabric.addHost({ name: 'bm3', image: 'host' });
    const start = exec.calls.length;
    await fabric.destroy();
    const after = exec.calls.slice(start);
    // Containers first, all in one command (their veths go with them), then the bridges in one forced batch, then the reaper.
    expect(after[0]?.args).toEqual(['rm', '--force', '--volumes', 'cid-bm1', 'cid-bm3']);
    expect(after[1]?.args).toEqual(['-force', '-batch', '-']);
    expect(lines(after[1])).toEqual(['link del dev vlabc123b0']);
    expect(after.some((c) => c.file === 'docker' && c.args[0] === 'ps')).toBe(true);
    expect(after.some((c) => c.file === 'iptables' && c.args.includes('-S'))).toBe(true);
    await expect(fabric.addHost({ name: 'bm2', image: 'host' })).rejects.toThrow(/destroyed/);
  });
});

describe('dot1q mode: command plan (this kernel cannot run it, so the plan is what is tested)', () => {
  it('one VLAN-aware bridge per vRack, trunk ports carrying only their VLAN, tagged sub-interfaces in hosts', async () => {
    const exec = fakeMachine();
    const fabric = await createFabric({ runId: 'abc123', labName: 'demo', driver: 'netns', vlanMode: 'dot1q', exec, capabilities: fullCaps });
    expect(fabric.vlanMode).toBe('dot1q');
    await fabric.addHost({ name: 'bm1', image: 'host' });
    const pid = fabric.records()[0]?.pid;
    const b10 = await fabric.ensureSegment({ kind: 'vrack', vrackId: 'pn-1', vlan: 10 });
    expect(await fabric.ensureSegment({ kind: 'vrack', vrackId: 'pn-1', vlan: 20 })).toBe(b10);
    expect(await fabric.ensureSegment({ kind: 'vrack', vrackId: 'pn-2', vlan: 10 })).not.toBe(b10);
    expect(lines(exec.calls.find((c) => c.file === 'ip' && c.args[0] === '-batch' && c.input?.includes('bridge')))).toEqual([`link add ${b10} type bridge vlan_filtering 1 vlan_default_pvid 1`, `link set dev ${b10} alias vracklab:abc123 addrgenmode none`, `link set dev ${b10} up`]);
    const start = exec.calls.length;
    await fabric.attachNic('bm1', { kind: 'vrack', vrackId: 'pn-1', vlan: 10 }, { ifname: 'eth1.10', addresses: ['10.0.1.5/24'] });
    const [machine, bridge, host] = exec.calls.slice(start);
    expect(lines(machine)).toEqual([`link add vlabc123v0 type veth peer name t-eth1.10 netns ${pid}`, 'link set dev vlabc123v0 alias vracklab:abc123 addrgenmode none', `link set dev vlabc123v0 master ${b10}`, 'link set dev vlabc123v0 up']);
    expect(bridge?.file).toBe('bridge');
    expect(lines(bridge)).toEqual(['vlan del dev vlabc123v0 vid 1', 'vlan add dev vlabc123v0 vid 10']);
    expect(lines(host)).toEqual(['link set dev t-eth1.10 up', 'link add link t-eth1.10 name eth1.10 type vlan id 10', 'addr add 10.0.1.5/24 dev eth1.10', 'link set dev eth1.10 up']);
  });

  it('untagged NICs are plain access ports on the default PVID', async () => {
    const exec = fakeMachine();
    const fabric = await createFabric({ runId: 'abc123', labName: 'demo', driver: 'netns', vlanMode: 'dot1q', exec, capabilities: fullCaps });
    await fabric.addHost({ name: 'bm1', image: 'host' });
    const start = exec.calls.length;
    await fabric.attachNic('bm1', { kind: 'vrack', vrackId: 'pn-1', vlan: null }, { ifname: 'eth1', addresses: [] });
    expect(exec.calls.slice(start).some((c) => c.file === 'bridge')).toBe(false);
  });
});

describe('linkHosts: command plan', () => {
  async function podAndNode(failInNode: () => boolean) {
    let pid = 1000;
    const exec = recordingExec((c) => {
      if (isKeeperStart(c)) return { stdout: String(++pid) };
      if (c.file === 'nsenter' && c.args.includes('show')) return { exitCode: 1 }; // no cni0 yet
      if (failInNode() && c.file === 'nsenter' && c.args[1] === '1002' && c.args.includes('-batch')) return { exitCode: 2, stderr: 'Error: bad address' };
      return undefined;
    });
    const fabric = await createFabric({ runId: 'abc123', labName: 'demo', driver: 'netns', exec, capabilities: ciCaps });
    await fabric.addHost({ name: 'pod1', image: 'host' }); // pid 1001
    await fabric.addHost({ name: 'node1', image: 'host' }); // pid 1002
    return { fabric, exec, start: exec.calls.length };
  }

  it('creates both ends directly in their namespaces and enslaves b to a bridge created inside b', async () => {
    const { fabric, exec, start } = await podAndNode(() => false);
    await fabric.linkHosts({ host: 'pod1', ifname: 'eth0', addresses: ['10.2.0.10/24'] }, { host: 'node1', ifname: 'vethp1', bridge: 'cni0' });
    const calls = exec.calls.slice(start);
    expect(lines(calls[0])).toEqual(['link add eth0 netns 1001 type veth peer name vethp1 netns 1002']);
    expect(lines(calls[1])).toEqual(['addr add 10.2.0.10/24 dev eth0', 'link set dev eth0 up']);
    expect(calls[3]?.args).toEqual(['-t', '1002', '-n', 'ip', 'link', 'add', 'cni0', 'type', 'bridge']);
    expect(lines(calls[4])).toEqual(['link set dev cni0 up', 'link set dev vethp1 master cni0', 'link set dev vethp1 up']);
  });

  it('removes a half-made link and says which', async () => {
    const { fabric, exec } = await podAndNode(() => true);
    await expect(fabric.linkHosts({ host: 'pod1', ifname: 'eth0' }, { host: 'node1', ifname: 'vethp1' })).rejects.toThrow(/link pod1:eth0 ↔ node1:vethp1 could not be configured: .*bad address/);
    expect(exec.calls.at(-1)?.args).toEqual(['-t', '1001', '-n', 'ip', 'link', 'del', 'dev', 'eth0']);
  });
});
