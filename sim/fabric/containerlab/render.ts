/**
 * Renders a ResolvedLab as a containerlab topology (`.clab.yml`) that deploys on its own:
 * `containerlab deploy -t FILE` needs nothing created beforehand and leaves nothing on the
 * machine's own network stack.
 *
 * - Hosts are `linux` nodes running our images with `network-mode: none`: containerlab otherwise
 *   takes eth0 for its management network, and our hosts use eth0 as a data interface (k8s nodes).
 * - The vRack fabric is one more `linux` node, the backplane (FABRIC_NODE): every segment (one
 *   vRack VLAN, segment mode) is a Linux bridge inside ITS namespace, and every host NIC is a veth
 *   to it. Host-namespace bridges (containerlab's `bridge` kind) would have to exist before deploy,
 *   get a DOCKER-USER rule containerlab never removes, and be global names two labs can clash on.
 *   (containerlab's namespaced bridges, `br|node` with `network-mode: container:node`, would make
 *   containerlab create its management network, since then not every node is `network-mode: none`.)
 * - With every node `network-mode: none` and `mgmt.skip-when-unused`, containerlab creates no
 *   management docker network, no firewall rule and no /etc/hosts block.
 * - Addresses, routes, the cni0 bridge and the nft script are each node's post-deploy `exec`,
 *   one shell per node: containerlab runs exec commands one `docker exec` at a time.
 */
import { stringify } from 'yaml';
import { HarnessError } from '../../core/errors.ts';
import { shellQuote } from '../../core/exec.ts';
import { LABEL_LAB, LABEL_RUN_ID } from '../../core/run-id.ts';
import { hostSetupLines } from '../../topology/host-routes.ts';
import type { ResolvedHost, ResolvedLab } from '../../topology/model.ts';
import { imageTag } from '../images/image-tag.ts';
import { getRecipe } from '../images/registry.ts';

/** Every node plumbs its own interfaces and pings: what the docker driver grants its hosts too. */
export const NODE_CAPS = ['NET_ADMIN', 'NET_RAW'];

/** The node holding the segments' bridges. */
export const FABRIC_NODE = 'vrack-fabric';

export interface ContainerlabOptions {
  /** Image per host image name; defaults to the recipe's built tag `vracklab/<name>:<hash>` (image-tag.ts). */
  images?: Partial<Record<ResolvedHost['image'], string>>;
  /** The lab name becomes `vracklab-<lab>-<runId>` and every node carries the run-id label, so gc finds a crashed deploy. */
  runId?: string;
}

export interface ClabNode {
  kind: 'linux';
  image: string;
  'network-mode': 'none';
  /** containerlab runs linux nodes privileged by default; privileged containers fail on these machines (DESIGN §6). */
  privileged: false;
  /** No registry is reachable: a missing image must fail at once, not after a pull attempt. */
  'image-pull-policy': 'never';
  'cap-add': string[];
  sysctls?: Record<string, string>;
  labels: Record<string, string>;
  exec?: string[];
}

/** The bridge of segment `i` inside the backplane (a namespace of its own: short names suffice). */
export function segmentBridge(i: number): string {
  return `s${i}`;
}

/** The backplane end of host `h`'s NIC `n`. */
export function fabricPort(h: number, n: number): string {
  return `h${h}n${n}`;
}

/** containerlab's lab name: its containers are `clab-<name>-<node>`, its lab directory `clab-<name>`. */
export function containerlabName(lab: ResolvedLab, runId?: string): string {
  return runId ? `vracklab-${lab.name}-${runId}` : `vracklab-${lab.name}`;
}

/** One exec entry running `lines` in one shell, stopping at the first failure. */
function shellExec(lines: string[]): string[] {
  return lines.length === 0 ? [] : [`sh -ec ${shellQuote(lines.join('; '))}`];
}

function hostLines(lab: ResolvedLab, host: ResolvedHost): string[] {
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
  // The nft script travels base64-encoded: its quotes and line breaks survive any shell.
  if (host.firewall !== '') cmds.push(`echo ${Buffer.from(host.firewall).toString('base64')} | base64 -d | nft -f -`);
  return cmds;
}

/** Creates the segments' bridges in the backplane and plugs each host NIC's far end into its segment. */
function fabricLines(lab: ResolvedLab): string[] {
  const cmds = lab.segments.map((_, i) => `ip link add ${segmentBridge(i)} type bridge && ip link set ${segmentBridge(i)} up`);
  lab.hosts.forEach((host, h) =>
    host.nics.forEach((nic, n) => {
      const i = lab.segments.findIndex((s) => s.key === nic.segment);
      cmds.push(`ip link set ${fabricPort(h, n)} master ${segmentBridge(i)} up`);
    }),
  );
  return cmds;
}

export function renderContainerlab(lab: ResolvedLab, options: ContainerlabOptions = {}): string {
  if (lab.hosts.some((h) => h.name === FABRIC_NODE)) {
    throw new HarnessError('CONTAINERLAB_NAME_CLASH', `cannot render lab ${JSON.stringify(lab.name)} for containerlab: a host is named "${FABRIC_NODE}", the name of the node holding the vRack bridges (rename the host)`);
  }
  const runId = options.runId;
  const labels = (extra: Record<string, string>): Record<string, string> => ({ [LABEL_LAB]: lab.name, ...(runId ? { [LABEL_RUN_ID]: runId } : {}), ...extra });
  const image = (name: ResolvedHost['image']): string => options.images?.[name] ?? imageTag(getRecipe(name));
  const nodes: Record<string, ClabNode> = {};
  const links: { endpoints: [string, string] }[] = [];
  if (lab.segments.length > 0) {
    nodes[FABRIC_NODE] = { kind: 'linux', image: image('host'), 'network-mode': 'none', privileged: false, 'image-pull-policy': 'never', 'cap-add': [...NODE_CAPS], labels: labels({ 'vracklab.role': 'fabric', 'vracklab.segments': lab.segments.map((s, i) => `${segmentBridge(i)}=${s.key}`).join(',') }), exec: shellExec(fabricLines(lab)) };
  }
  lab.hosts.forEach((host, h) => {
    const node: ClabNode = { kind: 'linux', image: image(host.image), 'network-mode': 'none', privileged: false, 'image-pull-policy': 'never', 'cap-add': [...new Set([...NODE_CAPS, ...host.capAdd])], labels: labels({ 'vracklab.role': host.role }) };
    if (Object.keys(host.sysctls).length > 0) node.sysctls = { ...host.sysctls };
    const exec = shellExec(hostLines(lab, host));
    if (exec.length > 0) node.exec = exec;
    nodes[host.name] = node;
    host.nics.forEach((nic, n) => links.push({ endpoints: [`${host.name}:${nic.ifname}`, `${FABRIC_NODE}:${fabricPort(h, n)}`] }));
    if (host.pod && host.pod.nodeIfname) links.push({ endpoints: [`${host.name}:eth0`, `${host.pod.node}:${host.pod.nodeIfname}`] });
  });
  const doc: Record<string, unknown> = {
    name: containerlabName(lab, runId),
    // No management network: no docker network, no DOCKER-USER rule, no /etc/hosts block to leave behind.
    mgmt: { 'skip-when-unused': true, 'external-access': false },
    topology: { nodes, ...(links.length > 0 ? { links } : {}) },
  };
  const header = [
    // JSON-quoted: a file path with a line break would otherwise end the comment and inject YAML.
    `# containerlab topology rendered by vracklab from ${JSON.stringify(lab.source)}`,
    `# Deploy: containerlab deploy -t FILE   Remove: containerlab destroy -t FILE --cleanup`,
    `# vRack segments (bridges inside node ${FABRIC_NODE}): ${lab.segments.map((s, i) => `${segmentBridge(i)}=${s.key}`).join(', ') || 'none'}`,
  ];
  return `${header.join('\n')}\n${stringify(doc, { lineWidth: 0 })}`;
}
