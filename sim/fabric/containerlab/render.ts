/**
 * Renders a ResolvedLab as a containerlab topology (`.clab.yml`), for users who run containerlab:
 * hosts are `linux` nodes running our images, each segment is a `bridge` node (segment mode: one
 * Linux bridge per vRack VLAN, as on CI kernels without 8021q), links are `node:iface` pairs, and
 * addresses, routes and NAT are applied by each node's post-deploy `exec` list.
 *
 * containerlab reserves eth0 for its management network; our hosts use eth0 as a data interface
 * (k8s nodes: public), so nodes run with `network-mode: none`.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { shellQuote } from '../../core/exec.ts';
import { LABEL_LAB, LABEL_RUN_ID, objectName } from '../../core/run-id.ts';
import { hostSetupLines } from '../../topology/host-routes.ts';
import type { ResolvedHost, ResolvedLab, ResolvedSegment } from '../../topology/model.ts';
import { imageTag } from '../images/image-tag.ts';
import { getRecipe } from '../images/registry.ts';
import { bridgeName } from '../names.ts';

export interface ContainerlabOptions {
  /** Image per host image name; defaults to the recipe's built tag `vracklab/<name>:<hash>` (image-tag.ts). */
  images?: Partial<Record<ResolvedHost['image'], string>>;
  /** When deploying: host-side names become `vl<runId>…` and nodes carry the run-id label, so gc finds them. */
  runId?: string;
}

interface ClabNode {
  kind: 'linux' | 'bridge';
  image?: string;
  'network-mode'?: string;
  'cap-add'?: string[];
  sysctls?: Record<string, string>;
  labels?: Record<string, string>;
  exec?: string[];
}

/** Host-side names (bridges, bridge ports) are global and at most 15 bytes: a short per-lab hash keeps labs apart. */
function labTag(lab: ResolvedLab): string {
  return createHash('sha256').update(lab.name).digest('hex').slice(0, 5);
}

/** A run's bridges are named as the fabric names them (gc finds them); a plain render gets per-lab names. */
function segmentBridge(lab: ResolvedLab, segment: ResolvedSegment, runId?: string): string {
  const i = lab.segments.indexOf(segment);
  return runId ? bridgeName(runId, i) : `vb${labTag(lab)}-${i}`;
}

/** The bridge-side end of host `h`'s NIC `n` (a host-global interface name, ≤ 15 bytes). */
function portName(lab: ResolvedLab, h: number, n: number, runId?: string): string {
  return runId ? objectName(runId, `h${h}n${n}`) : `v${labTag(lab)}-${h}-${n}`;
}

function hostExec(lab: ResolvedLab, host: ResolvedHost): string[] {
  const cmds: string[] = [];
  for (const nic of host.nics) cmds.push(`ip addr add ${nic.address} dev ${nic.ifname}`, `ip link set ${nic.ifname} up`);
  if (host.pod?.address) cmds.push(`ip addr add ${host.pod.address} dev eth0`, 'ip link set eth0 up');
  // containerlab links a pod to the node's veth, not to the bridge: the plan creates cni0 (hasPods false).
  cmds.push(...hostSetupLines(host, { hasPods: false }).map((l) => `ip ${l}`));
  if (host.podNetwork) {
    for (const pod of lab.pods.filter((p) => p.node === host.name && !p.hostNetwork && p.nodeIfname)) {
      cmds.push(`ip link set ${pod.nodeIfname} master ${host.podNetwork.bridge}`, `ip link set ${pod.nodeIfname} up`);
    }
  }
  if (host.firewall !== '') {
    // exec lines are not run by a shell; the nft script travels base64-encoded to survive quoting.
    cmds.push(`sh -c ${shellQuote(`echo ${Buffer.from(host.firewall).toString('base64')} | base64 -d | nft -f -`)}`);
  }
  return cmds;
}

export function renderContainerlab(lab: ResolvedLab, options: ContainerlabOptions = {}): string {
  const nodes: Record<string, ClabNode> = {};
  const links: { endpoints: [string, string] }[] = [];
  const runId = options.runId;
  const labels = (extra: Record<string, string>): Record<string, string> => ({ [LABEL_LAB]: lab.name, ...(runId ? { [LABEL_RUN_ID]: runId } : {}), ...extra });
  for (const seg of lab.segments) {
    nodes[segmentBridge(lab, seg, runId)] = { kind: 'bridge', labels: labels({ 'vracklab.segment': seg.key }) };
  }
  lab.hosts.forEach((host, h) => {
    const node: ClabNode = {
      kind: 'linux',
      image: options.images?.[host.image] ?? imageTag(getRecipe(host.image)),
      'network-mode': 'none',
      labels: labels({ 'vracklab.role': host.role }),
    };
    if (host.capAdd.length > 0) node['cap-add'] = [...host.capAdd];
    if (Object.keys(host.sysctls).length > 0) node.sysctls = { ...host.sysctls };
    const exec = hostExec(lab, host);
    if (exec.length > 0) node.exec = exec;
    nodes[host.name] = node;
    host.nics.forEach((nic, n) => {
      const seg = lab.segments.find((s) => s.key === nic.segment) as ResolvedSegment;
      links.push({ endpoints: [`${host.name}:${nic.ifname}`, `${segmentBridge(lab, seg, runId)}:${portName(lab, h, n, runId)}`] });
    });
    if (host.pod && host.pod.nodeIfname) links.push({ endpoints: [`${host.name}:eth0`, `${host.pod.node}:${host.pod.nodeIfname}`] });
  });
  const doc: Record<string, unknown> = { name: runId ? `vracklab-${lab.name}-${runId}` : `vracklab-${lab.name}`, topology: { nodes, ...(links.length > 0 ? { links } : {}) } };
  const header = [
    // JSON-quoted: a file path with a line break would otherwise end the comment and inject YAML.
    `# containerlab topology rendered by vracklab from ${JSON.stringify(lab.source)}`,
    `# Create the bridges first: ${lab.segments.map((s) => `${segmentBridge(lab, s, runId)} (${s.key})`).join(', ') || 'none'}`,
    '#   e.g. ip link add NAME type bridge && ip link set NAME up',
  ];
  return `${header.join('\n')}\n${stringify(doc, { lineWidth: 0 })}`;
}
