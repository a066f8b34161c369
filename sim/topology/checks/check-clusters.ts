/** The Kubernetes clusters of a lab file: pod CIDR, node and pod names and addresses, the vRack gateway. */
import { didYouMean } from '../did-you-mean.ts';
import { containsIp, formatIp, isNetworkAddress, overlaps, parseCidr, parseIp, type Cidr } from '../../core/ipv4.ts';
import type { DocPath } from '../lab-issue.ts';
import type { ClusterFile } from '../lab-file.ts';
import { DEFAULT_POD_CIDR } from '../defaults.ts';
import type { CheckContext, NetInfo } from './check-context.ts';

export function checkClusters(ctx: CheckContext, pub: NetInfo): void {
  const clusterNames: string[] = [];
  (ctx.lab.kubernetes ?? []).forEach((c, i) => {
    const p: DocPath = ['kubernetes', i];
    if (clusterNames.includes(c.name)) ctx.add([...p, 'name'], `duplicate cluster ${JSON.stringify(c.name)}: already declared (cluster names are unique)`);
    clusterNames.push(c.name);
    const net = ctx.refNet(c.privateNetwork, [...p, 'privateNetwork'], `cluster ${JSON.stringify(c.name)}`, false);
    const podCidr = checkPodCidr(ctx, c, p);
    const nodeNames = checkNodes(ctx, c, p, net, pub);
    if (2 ** (24 - Math.min(24, podCidr.prefix)) < nodeNames.length) {
      const room = 2 ** (24 - Math.min(24, podCidr.prefix));
      ctx.add([...p, 'nodes'], `too many nodes in cluster ${JSON.stringify(c.name)}: podCidr ${c.podCidr ?? DEFAULT_POD_CIDR} has room for ${room} node${room === 1 ? '' : 's'} (one /24 slice per node; ${nodeNames.length} requested)`);
    }
    checkPods(ctx, c, p, nodeNames);
    checkVrackGateway(ctx, c, p, net);
  });
}

function checkPodCidr(ctx: CheckContext, c: ClusterFile, p: DocPath): Cidr {
  const podCidr = parseCidr(c.podCidr ?? DEFAULT_POD_CIDR) as Cidr;
  if (!isNetworkAddress(podCidr)) ctx.add([...p, 'podCidr'], `invalid podCidr ${c.podCidr}: not a network address (did you mean ${formatIp(podCidr.network)}/${podCidr.prefix}?)`);
  if (podCidr.prefix > 24) ctx.add([...p, 'podCidr'], `invalid podCidr ${c.podCidr}: each node takes a /24 slice, so the prefix must be /24 or shorter`);
  for (const other of ctx.nets.values()) {
    if (overlaps(podCidr, other.cidr)) ctx.add([...p, 'podCidr'], `invalid podCidr ${formatIp(podCidr.address)}/${podCidr.prefix} of cluster ${JSON.stringify(c.name)}: overlaps network ${JSON.stringify(other.name)} (${formatIp(other.cidr.network)}/${other.cidr.prefix}); OVHcloud reserves 10.2.0.0/16 for pods`);
  }
  return podCidr;
}

/** Claims the node names (generated from a count, or listed) and their addresses; returns the names. */
function checkNodes(ctx: CheckContext, c: ClusterFile, p: DocPath, net: NetInfo | undefined, pub: NetInfo): string[] {
  const nodeNames: string[] = [];
  if (typeof c.nodes === 'number') {
    for (let k = 1; k <= c.nodes; k++) nodeNames.push(`${c.name}-node${k}`);
    for (const n of nodeNames) {
      ctx.checkGenerated(n, [...p, 'nodes'], `cluster name ${JSON.stringify(c.name)} or the node count`);
      ctx.claimName(n, [...p, 'nodes']);
    }
    return nodeNames;
  }
  c.nodes.forEach((n, j) => {
    const np: DocPath = [...p, 'nodes', j];
    const node = typeof n === 'string' ? { name: n } : n;
    ctx.claimName(node.name, typeof n === 'string' ? np : [...np, 'name']);
    nodeNames.push(node.name);
    if (typeof n !== 'string' && n.ip !== undefined && net) ctx.claimIp(net, n.ip, [...np, 'ip'], `node ${JSON.stringify(node.name)}`);
    if (typeof n !== 'string' && n.publicIp !== undefined) ctx.claimIp(pub, n.publicIp, [...np, 'publicIp'], `node ${JSON.stringify(node.name)}`);
  });
  return nodeNames;
}

function checkPods(ctx: CheckContext, c: ClusterFile, p: DocPath, nodeNames: string[]): void {
  const perNode = new Map<string, number>();
  (c.pods ?? []).forEach((pod, j) => {
    const pp: DocPath = [...p, 'pods', j];
    ctx.claimName(pod.name, [...pp, 'name']);
    if (!nodeNames.includes(pod.node)) {
      ctx.add([...pp, 'node'], `unknown node ${JSON.stringify(pod.node)} for pod ${JSON.stringify(pod.name)}: not a node of cluster ${JSON.stringify(c.name)}${didYouMean(pod.node, nodeNames)} (valid: ${nodeNames.join(', ')})`);
    }
    perNode.set(pod.node, (perNode.get(pod.node) ?? 0) + 1);
  });
  if (c.pods === undefined) {
    for (const n of nodeNames)
      for (let k = 1; k <= (c.podsPerNode ?? 0); k++) {
        ctx.checkGenerated(`${n}-pod${k}`, [...p, 'podsPerNode'], `cluster name ${JSON.stringify(c.name)} (or node names) or podsPerNode`);
        ctx.claimName(`${n}-pod${k}`, [...p, 'podsPerNode']);
      }
  }
  for (const [node, count] of perNode) {
    if (count > 253) ctx.add([...p, 'pods'], `too many pods on node ${JSON.stringify(node)}: a /24 slice holds 253 pods (got ${count})`);
  }
}

function checkVrackGateway(ctx: CheckContext, c: ClusterFile, p: DocPath, net: NetInfo | undefined): void {
  const gw = c.defaultVrackGateway ?? '';
  if (gw !== '') {
    const g = parseIp(gw);
    if (g === undefined) ctx.add([...p, 'defaultVrackGateway'], `invalid defaultVrackGateway ${JSON.stringify(gw)}: must be an IPv4 address or empty (e.g. 10.0.1.1)`);
    else if (net && !containsIp(net.cidr, g)) ctx.add([...p, 'defaultVrackGateway'], `invalid defaultVrackGateway ${gw} of cluster ${JSON.stringify(c.name)}: outside its private network ${JSON.stringify(net.name)} (${formatIp(net.cidr.network)}/${net.cidr.prefix})`);
  }
  if (c.privateNetworkRoutingAsDefault && gw === '') {
    ctx.add([...p, 'defaultVrackGateway'], `missing defaultVrackGateway for cluster ${JSON.stringify(c.name)}: privateNetworkRoutingAsDefault sends the default route to it (set an address in ${JSON.stringify(c.privateNetwork)})`);
  }
}
