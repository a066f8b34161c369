/**
 * Lab file → ResolvedLab: fills defaults, allocates the addresses nobody wrote down (node IPs,
 * pod CIDR slices, pod IPs), and computes per-host routes, sysctls and NAT. Runs only on a file
 * that passed the schema and the semantic checks, so references are known to resolve.
 */
import { HarnessError } from '../core/errors.ts';
import {
  AUTO_ADDRESS_OFFSET, DEFAULT_CONTROL_PLANE, DEFAULT_POD_CIDR, DEFAULT_PUBLIC_CIDR, DEFAULT_PUBLIC_GATEWAY,
  DEFAULT_PUBLIC_GATEWAY_HOST, PUBLIC,
} from './defaults.ts';
import { DHCP_ROLES, dhcpRoutesFor, nicForNextHop } from './host-routes.ts';
import { formatCidr, formatIp, nthSubnet, parseCidr, parseHostAddress, type Cidr } from '../core/ipv4.ts';
import type { ClusterFile, LabFile, NodeFile, TimingsFile } from './lab-file.ts';
import type {
  ResolvedCluster, ResolvedHost, ResolvedLab, ResolvedNic, ResolvedPod, ResolvedPrivateNetwork, ResolvedRoute,
  ResolvedSegment, ResolvedTimings,
} from './model.ts';
import { podMasqueradePlan, snatPlan } from './nat-rules.ts';
import { defaultLimits, regionsFor, TIMING_PRESETS } from './profiles.ts';
import { EFS_CAPABILITIES, EFS_SYSCTLS } from '../fabric/images/recipes/efs.ts';

export function segmentKey(vrackId: string, vlan: number | null): string {
  return `vrack:${vrackId}:${vlan ?? 'untagged'}`;
}

function timings(t: 'realistic' | 'fast' | TimingsFile | undefined): ResolvedTimings {
  if (t === undefined || t === 'realistic' || t === 'fast') {
    const preset = t ?? 'realistic';
    return { preset, ...TIMING_PRESETS[preset] };
  }
  return { preset: 'custom', ...TIMING_PRESETS.realistic, ...t };
}

/** Hands out the lowest free address of a network from a fixed offset, after the explicit ones. */
class AddressPool {
  readonly cidr: Cidr;
  readonly used = new Set<number>();
  constructor(cidr: Cidr) {
    this.cidr = cidr;
  }
  take(what: string): number {
    for (let ip = this.cidr.network + AUTO_ADDRESS_OFFSET; ip < this.cidr.last; ip++) {
      if (!this.used.has(ip)) {
        this.used.add(ip);
        return ip;
      }
    }
    throw new HarnessError('LAB_INVALID', `cannot allocate an address for ${what}: network ${formatCidr(this.cidr)} is full (write addresses explicitly or use a larger network)`);
  }
}

function ipOf(text: string): number {
  return (parseHostAddress(text) as { ip: number }).ip;
}

function nodeList(c: ClusterFile): NodeFile[] {
  if (typeof c.nodes === 'number') return Array.from({ length: c.nodes }, (_, k) => ({ name: `${c.name}-node${k + 1}` }));
  return c.nodes.map((n) => (typeof n === 'string' ? { name: n } : n));
}

const EMPTY_HOST = { capAdd: [] as string[], loopbackAddresses: [] as string[], routes: [] as ResolvedRoute[], sysctls: {} as Record<string, string>, firewall: '', iptables: [] as string[] };

export function resolveLab(file: LabFile, source: string): ResolvedLab {
  const profile = file.api?.profile ?? '2024-04';

  // Private networks and their segments.
  const privateNetworks: ResolvedPrivateNetwork[] = (file.privateNetworks ?? []).map((n) => ({
    name: n.name,
    vrackId: n.vrack,
    vlan: n.vlan ?? null,
    cidr: n.cidr,
    segment: segmentKey(n.vrack, n.vlan ?? null),
    hostRoutes: (n.dhcp?.hostRoutes ?? []).map((r) => ({ destination: r.destination, gateway: r.gateway })),
    hostRoutesEnabled: n.dhcp?.hostRoutesEnabled ?? (n.dhcp?.hostRoutes ?? []).length > 0,
  }));
  const segments: ResolvedSegment[] = [];
  for (const n of privateNetworks) {
    const existing = segments.find((s) => s.key === n.segment);
    if (existing && existing.kind === 'vrack') existing.networks.push(n.name);
    else segments.push({ kind: 'vrack', key: n.segment, vrackId: n.vrackId, vlan: n.vlan, networks: [n.name] });
  }
  const netByName = new Map(privateNetworks.map((n) => [n.name, n]));
  const netCidrs = new Map(privateNetworks.map((n) => [n.name, n.cidr]));

  // Public network.
  const pub = file.publicNetwork;
  const publicUsed = pub !== undefined || (file.kubernetes ?? []).length > 0 || (file.hosts ?? []).some((h) => h.nics.some((n) => n.network === PUBLIC));
  const pubCidrText = pub?.cidr ?? DEFAULT_PUBLIC_CIDR;
  const pubCidr = parseCidr(pubCidrText) as Cidr;
  const publicNetwork = publicUsed
    ? {
        cidr: pubCidrText,
        gateway: pub?.gateway ?? (pub?.cidr ? formatIp(pubCidr.network + 1) : DEFAULT_PUBLIC_GATEWAY),
        gatewayHost: pub?.gatewayHost ?? DEFAULT_PUBLIC_GATEWAY_HOST,
        controlPlane: pub?.controlPlane ?? DEFAULT_CONTROL_PLANE,
      }
    : null;
  if (publicNetwork) segments.unshift({ kind: 'public', key: 'public', cidr: publicNetwork.cidr, gateway: publicNetwork.gateway });

  // Address pools, seeded with every address written in the file.
  const pools = new Map<string, AddressPool>();
  for (const n of privateNetworks) pools.set(n.name, new AddressPool(parseCidr(n.cidr) as Cidr));
  pools.set(PUBLIC, new AddressPool(pubCidr));
  if (publicNetwork) pools.get(PUBLIC)?.used.add(ipOf(publicNetwork.gateway));
  for (const h of file.hosts ?? []) for (const nic of h.nics) pools.get(nic.network)?.used.add(ipOf(nic.ip));
  for (const c of file.kubernetes ?? []) {
    for (const n of nodeList(c)) {
      if (n.ip) pools.get(c.privateNetwork)?.used.add(ipOf(n.ip));
      if (n.publicIp) pools.get(PUBLIC)?.used.add(ipOf(n.publicIp));
    }
  }

  const nic = (ifname: string, network: string, ip: number): ResolvedNic => {
    const cidr = network === PUBLIC ? pubCidr : (parseCidr((netByName.get(network) as ResolvedPrivateNetwork).cidr) as Cidr);
    return { ifname, network, segment: network === PUBLIC ? 'public' : (netByName.get(network) as ResolvedPrivateNetwork).segment, ip: formatIp(ip), address: `${formatIp(ip)}/${cidr.prefix}` };
  };
  const dhcpRoutes = (role: ResolvedHost['role'], nics: ResolvedNic[]): ResolvedRoute[] => {
    if (!DHCP_ROLES.includes(role)) return [];
    return nics.flatMap((n) => {
      const net = netByName.get(n.network);
      return net && net.hostRoutesEnabled ? dhcpRoutesFor(net, n, nics, netCidrs) : [];
    });
  };

  const hosts: ResolvedHost[] = [];
  if (publicNetwork) {
    hosts.push({
      ...EMPTY_HOST,
      name: publicNetwork.gatewayHost,
      role: 'public-gateway',
      image: 'host',
      nics: [nic('eth0', PUBLIC, ipOf(publicNetwork.gateway))],
      loopbackAddresses: [`${publicNetwork.controlPlane}/32`],
    });
  }

  for (const h of file.hosts ?? []) {
    const nics = h.nics.map((n, j) => nic(n.ifname ?? `eth${j}`, n.network, ipOf(n.ip)));
    const staticRoutes: ResolvedRoute[] = (h.routes ?? []).map((r) => ({ destination: r.destination, via: r.via, dev: (nicForNextHop(nics, r.via) as ResolvedNic).ifname, origin: 'static' }));
    const forward = h.ipForward ?? h.kind === 'gateway';
    const nat = snatPlan((h.snat ?? []).map((s) => ({ oifname: (nics.find((n) => n.network === s.outNetwork) as ResolvedNic).ifname, toSource: s.toSource, ...(s.notDestination ? { notDestination: s.notDestination } : {}) })));
    hosts.push({
      ...EMPTY_HOST,
      name: h.name,
      role: h.kind,
      image: 'host',
      nics,
      routes: [...dhcpRoutes(h.kind, nics), ...staticRoutes],
      sysctls: forward ? { 'net.ipv4.ip_forward': '1' } : {},
      firewall: nat.firewall,
      iptables: nat.iptables,
    });
  }

  const clusters: ResolvedCluster[] = [];
  const pods: ResolvedPod[] = [];
  for (const c of file.kubernetes ?? []) {
    const podCidrText = c.podCidr ?? DEFAULT_POD_CIDR;
    const podCidr = parseCidr(podCidrText) as Cidr;
    const asDefault = c.privateNetworkRoutingAsDefault ?? false;
    const vrackGw = c.defaultVrackGateway ? c.defaultVrackGateway : null;
    const nodes = nodeList(c).map((n, k) => {
      const privIp = n.ip ? ipOf(n.ip) : (pools.get(c.privateNetwork) as AddressPool).take(`node ${n.name}`);
      const pubIp = n.publicIp ? ipOf(n.publicIp) : (pools.get(PUBLIC) as AddressPool).take(`node ${n.name}`);
      const slice = nthSubnet(podCidr, 24, k);
      return { name: n.name, privIp, pubIp, slice };
    });
    const podFiles = c.pods ?? nodes.flatMap((n) => Array.from({ length: c.podsPerNode ?? 0 }, (_, k) => ({ name: `${n.name}-pod${k + 1}`, node: n.name, hostNetwork: false })));
    const pub = publicNetwork as NonNullable<typeof publicNetwork>;
    for (const n of nodes) {
      const nics = [nic('eth0', PUBLIC, n.pubIp), nic('eth1', c.privateNetwork, n.privIp)];
      const routes: ResolvedRoute[] = asDefault
        ? [
            { destination: `${pub.controlPlane}/32`, via: pub.gateway, dev: 'eth0', origin: 'control-plane' },
            { destination: 'default', via: vrackGw as string, dev: 'eth1', origin: 'routing-as-default' },
          ]
        : [{ destination: 'default', via: pub.gateway, dev: 'eth0', origin: 'default' }];
      // Pods of other nodes are reached through those nodes' private addresses (host-gw style CNI).
      for (const other of nodes) {
        if (other !== n) routes.push({ destination: formatCidr(other.slice), via: formatIp(other.privIp), dev: 'eth1', origin: 'pod-cidr' });
      }
      routes.push(...dhcpRoutes('k8s-node', nics));
      const nat = podMasqueradePlan(podCidrText, 'cni0');
      hosts.push({
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
      });
    }
    const perNode = new Map<string, number>();
    for (const p of podFiles) {
      const node = nodes.find((n) => n.name === p.node) as (typeof nodes)[number];
      const gateway = formatIp(node.slice.address + 1);
      const hostNetwork = p.hostNetwork ?? false;
      let pod: ResolvedPod;
      if (hostNetwork) {
        pod = { name: p.name, node: p.node, cluster: c.name, hostNetwork, address: null, nodeIfname: null, gateway };
      } else {
        const k = perNode.get(p.node) ?? 0;
        perNode.set(p.node, k + 1);
        pod = { name: p.name, node: p.node, cluster: c.name, hostNetwork, address: `${formatIp(node.slice.address + 2 + k)}/24`, nodeIfname: `veth${k}`, gateway };
        hosts.push({ ...EMPTY_HOST, name: p.name, role: 'pod', image: 'host', nics: [], routes: [{ destination: 'default', via: gateway, dev: 'eth0', origin: 'default' }], cluster: c.name, pod });
      }
      pods.push(pod);
    }
    clusters.push({
      name: c.name,
      privateNetwork: c.privateNetwork,
      nodes: nodes.map((n) => n.name),
      pods: podFiles.map((p) => p.name),
      podCidr: podCidrText,
      privateNetworkRoutingAsDefault: asDefault,
      defaultVrackGateway: vrackGw,
    });
  }

  const storageNetApp = (file.managedServices?.storageNetApp ?? []).map((s) => ({
    name: s.name,
    region: s.region,
    host: s.name,
    shares: (s.shares ?? []).map((sh) => ({ name: sh.name, sizeGiB: sh.sizeGiB ?? 100, files: { ...(sh.files ?? {}) }, acls: (sh.acls ?? []).map((a) => ({ ...a })) })),
  }));
  for (const s of storageNetApp) {
    // nfs-ganesha needs these two capabilities; --privileged is refused on the CI machines.
    hosts.push({ ...EMPTY_HOST, name: s.host, role: 'efs', image: 'efs', capAdd: [...EFS_CAPABILITIES], sysctls: { ...EFS_SYSCTLS }, nics: [] });
  }

  const limits = { ...defaultLimits(profile), ...(file.api?.limits ?? {}) };
  return {
    name: file.name,
    description: file.description ?? '',
    source,
    defaults: { driver: file.defaults?.driver ?? 'docker', vlanMode: file.defaults?.vlanMode ?? 'auto' },
    api: { profile, regions: [...regionsFor(profile)], limits, timings: timings(file.api?.timings) },
    vracks: (file.vracks ?? []).map((v) => v.id),
    privateNetworks,
    publicNetwork,
    segments,
    // Fresh arrays per host (EMPTY_HOST is shared) and a stable, readable key order.
    hosts: hosts.map(({ name, role, image, nics, ...rest }) => ({
      name, role, image, nics, ...rest,
      capAdd: [...rest.capAdd], loopbackAddresses: [...rest.loopbackAddresses], routes: [...rest.routes], sysctls: { ...rest.sysctls }, iptables: [...rest.iptables],
    })),
    clusters,
    pods,
    storageNetApp,
    vrackServices: (file.vrackServices ?? []).map((v) => ({
      name: v.name,
      displayName: v.displayName ?? null,
      region: v.region,
      vrackId: v.vrack ?? null,
      subnets: (v.subnets ?? []).map((s) => ({ displayName: s.displayName ?? null, cidr: s.cidr, vlan: s.vlan ?? null, serviceRange: s.serviceRange, serviceEndpoints: [...(s.serviceEndpoints ?? [])] })),
    })),
  };
}
