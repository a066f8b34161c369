/**
 * Kubernetes clusters → node hosts (addresses from the pools, one /24 pod slice each, routes to the
 * other nodes' slices), pod hosts and the cluster records.
 */
import { DEFAULT_POD_CIDR, PUBLIC } from '../defaults.ts';
import { formatCidr, formatIp, nthSubnet, parseCidr, type Cidr } from '../../core/ipv4.ts';
import type { ClusterFile } from '../lab-file.ts';
import type { ResolvedCluster, ResolvedHost, ResolvedLab, ResolvedPod, ResolvedRoute } from '../model.ts';
import { podMasqueradePlan } from '../nat-rules.ts';
import { EMPTY_HOST } from './resolve-hosts.ts';
import { ipOf, nodeList, type NetworkPlan } from './network-plan.ts';

interface PlacedNode {
  name: string;
  privIp: number;
  pubIp: number;
  slice: Cidr;
}

export interface ResolvedClusters {
  clusters: ResolvedCluster[];
  pods: ResolvedPod[];
  hosts: ResolvedHost[];
}

export function resolveClusters(clusterFiles: readonly ClusterFile[], plan: NetworkPlan): ResolvedClusters {
  const out: ResolvedClusters = { clusters: [], pods: [], hosts: [] };
  for (const c of clusterFiles) {
    const podCidr = parseCidr(c.podCidr ?? DEFAULT_POD_CIDR) as Cidr;
    const nodes: PlacedNode[] = nodeList(c).map((n, k) => ({
      name: n.name,
      privIp: n.ip ? ipOf(n.ip) : plan.pool(c.privateNetwork).take(`node ${n.name}`),
      pubIp: n.publicIp ? ipOf(n.publicIp) : plan.pool(PUBLIC).take(`node ${n.name}`),
      slice: nthSubnet(podCidr, 24, k),
    }));
    const podFiles = c.pods ?? nodes.flatMap((n) => Array.from({ length: c.podsPerNode ?? 0 }, (_, k) => ({ name: `${n.name}-pod${k + 1}`, node: n.name, hostNetwork: false })));
    for (const n of nodes) out.hosts.push(nodeHost(c, n, nodes, plan));
    placePods(c, podFiles, nodes, out);
    out.clusters.push({
      name: c.name,
      privateNetwork: c.privateNetwork,
      nodes: nodes.map((n) => n.name),
      pods: podFiles.map((p) => p.name),
      podCidr: c.podCidr ?? DEFAULT_POD_CIDR,
      privateNetworkRoutingAsDefault: c.privateNetworkRoutingAsDefault ?? false,
      defaultVrackGateway: c.defaultVrackGateway ? c.defaultVrackGateway : null,
    });
  }
  return out;
}

function nodeHost(c: ClusterFile, n: PlacedNode, nodes: PlacedNode[], plan: NetworkPlan): ResolvedHost {
  const pub = plan.publicNetwork as NonNullable<ResolvedLab['publicNetwork']>;
  const nics = [plan.nic('eth0', PUBLIC, n.pubIp), plan.nic('eth1', c.privateNetwork, n.privIp)];
  const routes: ResolvedRoute[] = c.privateNetworkRoutingAsDefault
    ? [
        { destination: `${pub.controlPlane}/32`, via: pub.gateway, dev: 'eth0', origin: 'control-plane' },
        { destination: 'default', via: c.defaultVrackGateway as string, dev: 'eth1', origin: 'routing-as-default' },
      ]
    : [{ destination: 'default', via: pub.gateway, dev: 'eth0', origin: 'default' }];
  // Pods of other nodes are reached through those nodes' private addresses (host-gw style CNI).
  for (const other of nodes) {
    if (other !== n) routes.push({ destination: formatCidr(other.slice), via: formatIp(other.privIp), dev: 'eth1', origin: 'pod-cidr' });
  }
  routes.push(...plan.dhcpRoutes('k8s-node', nics));
  const nat = podMasqueradePlan(c.podCidr ?? DEFAULT_POD_CIDR, 'cni0');
  return {
    ...EMPTY_HOST,
    name: n.name,
    role: 'k8s-node',
    image: 'host',
    nics,
    routes,
    sysctls: { 'net.ipv4.ip_forward': '1' },
    firewall: nat.firewall,
    iptables: nat.iptables,
    cluster: c.name,
    podNetwork: { bridge: 'cni0', cidr: formatCidr(n.slice), address: `${formatIp(n.slice.address + 1)}/24` },
  };
}

/** Pods take the next address of their node's slice; a host-network pod shares its node's. */
function placePods(c: ClusterFile, podFiles: readonly { name: string; node: string; hostNetwork?: boolean }[], nodes: PlacedNode[], out: ResolvedClusters): void {
  const perNode = new Map<string, number>();
  for (const p of podFiles) {
    const node = nodes.find((n) => n.name === p.node) as PlacedNode;
    const gateway = formatIp(node.slice.address + 1);
    const hostNetwork = p.hostNetwork ?? false;
    let pod: ResolvedPod;
    if (hostNetwork) {
      pod = { name: p.name, node: p.node, cluster: c.name, hostNetwork, address: null, nodeIfname: null, gateway };
    } else {
      const k = perNode.get(p.node) ?? 0;
      perNode.set(p.node, k + 1);
      pod = { name: p.name, node: p.node, cluster: c.name, hostNetwork, address: `${formatIp(node.slice.address + 2 + k)}/24`, nodeIfname: `veth${k}`, gateway };
      out.hosts.push({ ...EMPTY_HOST, name: p.name, role: 'pod', image: 'host', nics: [], routes: [{ destination: 'default', via: gateway, dev: 'eth0', origin: 'default' }], cluster: c.name, pod });
    }
    out.pods.push(pod);
  }
}
