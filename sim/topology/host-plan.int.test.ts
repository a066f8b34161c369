// The model's iproute2 lines and nft scripts, applied by the real kernel tools in throwaway network
// namespaces (`unshare -n`: anonymous, gone when the shell exits, nothing to clean up on the host).
import { describe, expect, it } from 'vitest';
import { realExec } from '../core/exec.ts';
import { hostRoutesFor, hostSetupLines } from './host-routes.ts';
import { loadLab } from './load.ts';
import type { ResolvedHost, ResolvedLab } from './model.ts';

async function capable(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'needs root for unshare -n';
  for (const tool of ['unshare', 'ip', 'nft']) {
    const r = await realExec('sh', ['-c', `command -v ${tool}`], { allowFailure: true });
    if (r.exitCode !== 0) return `${tool} is not installed`;
  }
  return undefined;
}
const missing = await capable();
if (missing) console.log(`skipping host-plan integration tests: ${missing}`);

function heredoc(tag: string, body: string): string {
  return `<<'${tag}'\n${body}\n${tag}\n`;
}

/** A shell script building `host` as the engine would, with veth stand-ins for its NICs. */
function script(lab: ResolvedLab, host: ResolvedHost, extra: string[] = []): string {
  const lines: string[] = ['set -e'];
  host.nics.forEach((n, i) => lines.push(`ip link add ${n.ifname} type veth peer name peer${i}`, `ip link set peer${i} up`, `ip addr add ${n.address} dev ${n.ifname}`, `ip link set ${n.ifname} up`));
  if (host.pod?.address) lines.push('ip link add eth0 type veth peer name peerpod', 'ip link set peerpod up', `ip addr add ${host.pod.address} dev eth0`, 'ip link set eth0 up');
  // The pods' links make the node's bridge, as the fabric's linkHosts does; hostSetupLines does the rest.
  const pods = lab.pods.filter((x) => x.node === host.name && x.nodeIfname);
  if (host.podNetwork && pods.length > 0) {
    lines.push(`ip link add ${host.podNetwork.bridge} type bridge`);
    for (const p of pods) lines.push(`ip link add ${p.nodeIfname} type veth peer name pp${p.nodeIfname}`, `ip link set ${p.nodeIfname} master ${host.podNetwork.bridge}`, `ip link set ${p.nodeIfname} up`);
  }
  lines.push(`ip -batch - ${heredoc('IPB', [...hostSetupLines(host, { hasPods: pods.length > 0 }), ...extra].join('\n'))}`.trimEnd());
  if (host.firewall) lines.push(`nft -f - ${heredoc('NFT', host.firewall.trimEnd())}`.trimEnd());
  lines.push('ip -4 route show', 'echo ---', 'nft list ruleset');
  return lines.join('\n');
}

describe.skipIf(missing !== undefined)('host plans on a real kernel', async () => {
  const lab = await loadLab('topologies/mks-private-networks.lab.yml');
  const host = (name: string) => lab.hosts.find((h) => h.name === name) as ResolvedHost;

  it('a k8s node: default via the public gateway, pod routes, masquerade', async () => {
    const r = await realExec('unshare', ['-n', 'sh', '-c', script(lab, host('node1'))], { timeoutMs: 20_000 });
    const [routes, rules] = r.stdout.split('---');
    expect(routes).toContain('default via 198.51.100.1 dev eth0');
    expect(routes).toContain('10.2.1.0/24 via 10.0.1.147 dev eth1');
    expect(rules).toContain('oifname != "cni0" masquerade');
  });

  it('the gateway: the tutorial SNAT loads as nft rules', async () => {
    const r = await realExec('unshare', ['-n', 'sh', '-c', script(lab, host('my-vrack-gateway'))], { timeoutMs: 20_000 });
    expect(r.stdout).toContain('oifname "eth1" ip daddr != 10.0.1.0/24 snat to 10.0.2.1');
  });

  it('toggling host routes: the add lines install the route, the del lines remove it', async () => {
    const change = hostRoutesFor(lab, 'priv-net-01').find((c) => c.host === 'node2');
    expect(change).toBeDefined();
    const on = await realExec('unshare', ['-n', 'sh', '-c', script(lab, host('node2'), change?.add ?? [])], { timeoutMs: 20_000 });
    expect(on.stdout).toContain('10.0.2.0/24 via 10.0.1.1 dev eth1');
    const off = await realExec('unshare', ['-n', 'sh', '-c', script(lab, host('node2'), [...(change?.add ?? []), ...(change?.del ?? [])])], { timeoutMs: 20_000 });
    expect(off.stdout).not.toContain('10.0.2.0/24 via 10.0.1.1');
  });

  it('a pod and the public gateway', async () => {
    const pod = await realExec('unshare', ['-n', 'sh', '-c', script(lab, host('pod1'))], { timeoutMs: 20_000 });
    expect(pod.stdout).toContain('default via 10.2.0.1 dev eth0');
    const ext = await realExec('unshare', ['-n', 'sh', '-c', `${script(lab, host('ext-gw'))}\nip -4 addr show dev lo`], { timeoutMs: 20_000 });
    expect(ext.stdout).toContain('inet 192.0.2.10/32');
  });
});
