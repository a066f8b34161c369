// The mks-private-networks model, built by hand in network namespaces, reproduces the guide "Communicating between different private networks": a pod
// cannot reach vm1 while host routes are off (its traffic leaves by eth0, to a public gateway that
// has no route to private networks) and reaches it once hostRoutesFor's lines are applied.
// Segments are bridges inside one dedicated "fabric" namespace: its fresh netfilter has no Docker
// FORWARD DROP policy, so no DOCKER-USER rule is needed (DESIGN §6). Every namespace is named
// vl<runId>-…, and all are deleted afterwards, also on failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realExec } from '../core/exec.ts';
import { NAME_PREFIX, newRunId } from '../core/run-id.ts';
import { waitFor } from '../core/wait.ts';
import { readFile } from 'node:fs/promises';
import { hostRoutesFor, hostSetupLines } from './host-routes.ts';
import { loadLab, parseLab } from './load.ts';
import type { ResolvedHost, ResolvedLab } from './model.ts';

async function capable(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'needs root for ip netns';
  for (const tool of ['ip', 'nft', 'ping']) {
    if ((await realExec('sh', ['-c', `command -v ${tool}`], { allowFailure: true })).exitCode !== 0) return `${tool} is not installed`;
  }
  return undefined;
}
const missing = await capable();
if (missing) console.log(`skipping mks model integration test: ${missing}`);

/** A lab built in namespaces `vl<runId>-<host>`, segments as bridges in `vl<runId>-fabric`. */
class NsLab {
  readonly runId = newRunId();
  private readonly created: string[] = [];
  ns(name: string): string {
    return `${NAME_PREFIX}${this.runId}-${name}`;
  }
  inNs(name: string, argv: string[], input?: string) {
    return realExec('ip', ['netns', 'exec', this.ns(name), ...argv], { timeoutMs: 15_000, ...(input !== undefined ? { input } : {}) });
  }
  async ping(from: string, ip: string): Promise<boolean> {
    return (await realExec('ip', ['netns', 'exec', this.ns(from), 'ping', '-c', '1', '-W', '1', '-n', ip], { allowFailure: true, timeoutMs: 5_000 })).exitCode === 0;
  }
  async build(lab: ResolvedLab): Promise<void> {
    const fabric = this.ns('fabric');
    const add = async (name: string) => {
      await realExec('ip', ['netns', 'add', name]);
      this.created.push(name);
    };
    const hosts = lab.hosts.filter((h) => h.role !== 'efs');
    await add(fabric);
    for (const i of lab.segments.keys()) {
      await realExec('ip', ['-n', fabric, 'link', 'add', `br${i}`, 'type', 'bridge']);
      await realExec('ip', ['-n', fabric, 'link', 'set', `br${i}`, 'up']);
    }
    for (const h of hosts) {
      await add(this.ns(h.name));
      await this.inNs(h.name, ['ip', 'link', 'set', 'lo', 'up']);
    }
    const withPods = new Set(hosts.filter((h) => h.pod?.address && h.pod.nodeIfname).map((h) => h.pod!.node));
    let port = 0;
    for (const h of hosts) {
      for (const nic of h.nics) {
        const br = `br${lab.segments.findIndex((s) => s.key === nic.segment)}`;
        const p = `p${port++}`;
        await realExec('ip', ['-n', fabric, 'link', 'add', p, 'type', 'veth', 'peer', 'name', nic.ifname, 'netns', this.ns(h.name)]);
        await realExec('ip', ['-n', fabric, 'link', 'set', p, 'master', br, 'up']);
        await this.inNs(h.name, ['ip', 'addr', 'add', nic.address, 'dev', nic.ifname]);
        await this.inNs(h.name, ['ip', 'link', 'set', nic.ifname, 'up']);
      }
      // The pods' links make a node's bridge, as the fabric's linkHosts does; hostSetupLines addresses it.
      if (h.podNetwork && withPods.has(h.name)) await this.inNs(h.name, ['ip', 'link', 'add', h.podNetwork.bridge, 'type', 'bridge']);
    }
    for (const h of hosts.filter((x) => x.pod?.address && x.pod.nodeIfname)) {
      const pod = h.pod as NonNullable<ResolvedHost['pod']>;
      await realExec('ip', ['-n', this.ns(pod.node), 'link', 'add', pod.nodeIfname as string, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', this.ns(h.name)]);
      await realExec('ip', ['-n', this.ns(pod.node), 'link', 'set', pod.nodeIfname as string, 'master', 'cni0', 'up']);
      await this.inNs(h.name, ['ip', 'addr', 'add', pod.address as string, 'dev', 'eth0']);
      await this.inNs(h.name, ['ip', 'link', 'set', 'eth0', 'up']);
    }
    for (const h of hosts) {
      for (const [k, v] of Object.entries(h.sysctls)) await this.inNs(h.name, ['sysctl', '-qw', `${k}=${v}`]);
      const lines = hostSetupLines(h, { hasPods: withPods.has(h.name) });
      if (lines.length > 0) await this.inNs(h.name, ['ip', '-batch', '-'], lines.join('\n'));
      if (h.firewall) await this.inNs(h.name, ['nft', '-f', '-'], h.firewall);
    }
  }
  /** Deleting a namespace deletes the veths and bridges inside it. Returns what is left (should be nothing). */
  async destroy(): Promise<string[]> {
    for (const name of this.created.reverse()) await realExec('ip', ['netns', 'del', name], { allowFailure: true });
    this.created.length = 0;
    return (await realExec('ip', ['netns', 'list'])).stdout.split('\n').filter((l) => l.includes(`${NAME_PREFIX}${this.runId}`));
  }
}

describe.skipIf(missing !== undefined)('mks-private-networks model on real namespaces', async () => {
  const lab = await loadLab('topologies/mks-private-networks.lab.yml');
  const net = new NsLab();
  beforeAll(() => net.build(lab), 120_000);
  afterAll(async () => expect(await net.destroy()).toEqual([]));

  it('pods reach each other across nodes, nodes reach the control plane by eth0', async () => {
    expect(await waitFor(() => net.ping('pod1', '10.2.2.2'), { what: 'pod1 → pod3', timeoutMs: 10_000, intervalMs: 200 })).toBe(true);
    expect(await waitFor(() => net.ping('node1', '192.0.2.10'), { what: 'node1 → control plane', timeoutMs: 10_000, intervalMs: 200 })).toBe(true);
  });

  it('host routes off: pod3 → vm1 leaves by eth0 and fails; on: it goes through the gateway and succeeds', async () => {
    expect((await net.inNs('node3', ['ip', 'route', 'get', '10.0.2.142'])).stdout).toContain('via 198.51.100.1 dev eth0');
    expect(await net.ping('pod3', '10.0.2.142')).toBe(false);

    for (const name of ['priv-net-01', 'priv-net-02']) {
      for (const change of hostRoutesFor(lab, name)) await net.inNs(change.host, ['ip', '-batch', '-'], change.add.join('\n'));
    }
    expect((await net.inNs('node3', ['ip', 'route', 'get', '10.0.2.142'])).stdout).toContain('via 10.0.1.1 dev eth1');
    expect(await waitFor(() => net.ping('pod3', '10.0.2.142'), { what: 'pod3 → vm1 with host routes on', timeoutMs: 10_000, intervalMs: 200 })).toBe(true);

    // Switch back off: the del lines restore the failure.
    for (const name of ['priv-net-01', 'priv-net-02']) {
      for (const change of hostRoutesFor(lab, name)) await net.inNs(change.host, ['ip', '-batch', '-'], change.del.join('\n'));
    }
    expect((await net.inNs('node3', ['ip', 'route', 'get', '10.0.2.142'])).stdout).toContain('dev eth0');
    expect(await net.ping('pod3', '10.0.2.142')).toBe(false);
  });
});

describe.skipIf(missing !== undefined)('privateNetworkRoutingAsDefault on real namespaces', async () => {
  // The same lab with the 2022 fix instead of host routes: default via the gateway VM on eth1.
  const text = (await readFile('topologies/mks-private-networks.lab.yml', 'utf8'))
    .replace('privateNetworkRoutingAsDefault: false', 'privateNetworkRoutingAsDefault: true')
    .replace("defaultVrackGateway: ''", 'defaultVrackGateway: 10.0.1.1');
  const lab = parseLab(text, 'mks-routing-as-default');
  const net = new NsLab();
  beforeAll(() => net.build(lab), 120_000);
  afterAll(async () => expect(await net.destroy()).toEqual([]));

  it('pod3 → vm1 goes out eth1 through the gateway; the control plane stays on eth0', async () => {
    expect((await net.inNs('node3', ['ip', 'route', 'get', '10.0.2.142'])).stdout).toContain('via 10.0.1.1 dev eth1');
    expect((await net.inNs('node3', ['ip', 'route', 'get', '192.0.2.10'])).stdout).toContain('via 198.51.100.1 dev eth0');
    expect(await waitFor(() => net.ping('pod3', '10.0.2.142'), { what: 'pod3 → vm1 with routing as default', timeoutMs: 10_000, intervalMs: 200 })).toBe(true);
    expect(await waitFor(() => net.ping('node3', '192.0.2.10'), { what: 'node3 → control plane', timeoutMs: 10_000, intervalMs: 200 })).toBe(true);
  });
});
