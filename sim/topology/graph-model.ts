/**
 * A ResolvedLab as boxes and lines, independent of the output syntax: groups (vRacks, the public
 * network, clusters), nodes (segments, hosts, EFS, vRack Services) and edges (NICs, pod links,
 * associations). The Mermaid and DOT renderers only print it.
 */
import type { ResolvedLab } from './model.ts';

export type GraphShape = 'segment' | 'host' | 'gateway' | 'public-gateway' | 'k8s-node' | 'pod' | 'efs' | 'vrack-services';

export interface GraphNode {
  id: string;
  /** Lines of text; the first is the name. */
  label: string[];
  shape: GraphShape;
}

export interface GraphGroup {
  id: string;
  label: string;
  kind: 'vrack' | 'public' | 'cluster';
  nodes: string[];
}

export interface GraphEdge {
  from: string;
  to: string;
  label: string;
  style: 'solid' | 'dotted';
}

export interface LabGraph {
  title: string;
  groups: GraphGroup[];
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export function graphId(prefix: string, name: string): string {
  return `${prefix}_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
}

const SEGMENT = (key: string): string => graphId('seg', key);

export function labGraph(lab: ResolvedLab): LabGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const groups: GraphGroup[] = [];

  if (lab.publicNetwork) {
    groups.push({ id: 'grp_public', label: `Public network ${lab.publicNetwork.cidr}`, kind: 'public', nodes: [SEGMENT('public')] });
    nodes.push({ id: SEGMENT('public'), label: ['Ext-Net', lab.publicNetwork.cidr, 'no route to private networks'], shape: 'segment' });
  }
  for (const vrack of lab.vracks) {
    const segs = lab.segments.filter((s) => s.kind === 'vrack' && s.vrackId === vrack);
    groups.push({ id: graphId('vrack', vrack), label: `vRack ${vrack}`, kind: 'vrack', nodes: segs.map((s) => SEGMENT(s.key)) });
    for (const s of segs) {
      if (s.kind !== 'vrack') continue;
      const nets = lab.privateNetworks.filter((n) => s.networks.includes(n.name));
      const routes = nets.flatMap((n) => n.hostRoutes.map((r) => `host route ${r.destination} via ${r.gateway} (${n.hostRoutesEnabled ? 'on' : 'off'})`));
      nodes.push({ id: SEGMENT(s.key), label: [s.vlan === null ? 'untagged' : `VLAN ${s.vlan}`, ...nets.map((n) => `${n.name} ${n.cidr}`), ...routes], shape: 'segment' });
    }
  }
  for (const c of lab.clusters) {
    groups.push({ id: graphId('k8s', c.name), label: `Kubernetes ${c.name} (pods ${c.podCidr})`, kind: 'cluster', nodes: [...c.nodes, ...c.pods.filter((p) => lab.hosts.some((h) => h.name === p))].map((n) => graphId('h', n)) });
  }

  for (const h of lab.hosts) {
    const id = graphId('h', h.name);
    switch (h.role) {
      case 'efs': {
        const svc = lab.storageNetApp.find((s) => s.host === h.name);
        nodes.push({ id, label: [h.name, `storageNetApp ${svc?.region ?? ''}`.trim(), ...(svc?.shares ?? []).map((s) => `share ${s.name}`)], shape: 'efs' });
        break;
      }
      case 'pod':
        nodes.push({ id, label: [h.name, `pod ${h.pod?.address ?? ''}`.trim()], shape: 'pod' });
        if (h.pod) edges.push({ from: id, to: graphId('h', h.pod.node), label: `eth0 - cni0 ${h.pod.nodeIfname ?? ''}`.trim(), style: 'solid' });
        break;
      default: {
        const extra: string[] = [];
        if (h.role === 'gateway' && h.sysctls['net.ipv4.ip_forward'] === '1') extra.push('ip_forward');
        if (h.role === 'gateway' && h.iptables.length > 0) extra.push('SNAT');
        if (h.role === 'public-gateway') extra.push(`control plane ${h.loopbackAddresses.join(', ')}`);
        const def = h.routes.find((r) => r.destination === 'default');
        if (def && h.role === 'k8s-node') extra.push(`default via ${def.via} (${def.dev})`);
        nodes.push({ id, label: [h.name, h.role, ...extra], shape: h.role === 'gateway' ? 'gateway' : h.role === 'public-gateway' ? 'public-gateway' : h.role === 'k8s-node' ? 'k8s-node' : 'host' });
      }
    }
    for (const nic of h.nics) edges.push({ from: id, to: SEGMENT(nic.segment), label: `${nic.ifname} ${nic.address}`, style: 'solid' });
  }
  // Nodes the lab file brings: their kind and image, plugged into their VLANs like hosts.
  for (const n of lab.nodes) {
    nodes.push({ id: graphId('h', n.name), label: [n.name, `node ${n.kind}`, n.image], shape: 'host' });
    for (const nic of n.nics) edges.push({ from: graphId('h', n.name), to: SEGMENT(nic.segment), label: `${nic.ifname} ${nic.address}`, style: 'solid' });
  }
  for (const pod of lab.pods.filter((p) => p.hostNetwork)) {
    nodes.push({ id: graphId('h', pod.name), label: [pod.name, 'pod (hostNetwork)'], shape: 'pod' });
    groups.find((g) => g.id === graphId('k8s', pod.cluster))?.nodes.push(graphId('h', pod.name));
    edges.push({ from: graphId('h', pod.name), to: graphId('h', pod.node), label: 'host network', style: 'dotted' });
  }
  for (const v of lab.vrackServices) {
    const id = graphId('vrs', v.name);
    nodes.push({ id, label: [v.name, `vRack Services ${v.region}`, ...v.subnets.map((s) => `subnet ${s.cidr} ${s.vlan === null ? 'untagged' : `VLAN ${s.vlan}`}`)], shape: 'vrack-services' });
    if (v.vrackId) edges.push({ from: id, to: graphId('vrack', v.vrackId), label: 'associated', style: 'dotted' });
    for (const s of v.subnets) for (const ep of s.serviceEndpoints) {
      const efs = lab.storageNetApp.find((e) => e.name === ep);
      if (efs) edges.push({ from: id, to: graphId('h', efs.host), label: 'service endpoint', style: 'dotted' });
    }
  }
  return { title: lab.name, groups, nodes, edges };
}
