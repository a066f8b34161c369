/**
 * The networks of a resolved lab and what the other resolvers take from them: the private networks
 * and their segments, the public network, an address pool per network (seeded with every address
 * written in the file, so automatic addresses never collide), NICs and the DHCP routes they get.
 */
import { HarnessError } from '../../core/errors.ts';
import { AUTO_ADDRESS_OFFSET, DEFAULT_CONTROL_PLANE, DEFAULT_PUBLIC_CIDR, DEFAULT_PUBLIC_GATEWAY, DEFAULT_PUBLIC_GATEWAY_HOST, PUBLIC } from '../defaults.ts';
import { DHCP_ROLES, dhcpRoutesFor } from '../host-routes.ts';
import { formatCidr, formatIp, parseCidr, parseHostAddress, type Cidr } from '../../core/ipv4.ts';
import type { ClusterFile, LabFile, NodeFile } from '../lab-file.ts';
import type { ResolvedHost, ResolvedLab, ResolvedNic, ResolvedPrivateNetwork, ResolvedRoute, ResolvedSegment } from '../model.ts';

export function segmentKey(vrackId: string, vlan: number | null): string {
  return `vrack:${vrackId}:${vlan ?? 'untagged'}`;
}

/** Hands out the lowest free address of a network from a fixed offset, after the explicit ones. */
export class AddressPool {
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

export function ipOf(text: string): number {
  return (parseHostAddress(text) as { ip: number }).ip;
}

export function nodeList(c: ClusterFile): NodeFile[] {
  if (typeof c.nodes === 'number') return Array.from({ length: c.nodes }, (_, k) => ({ name: `${c.name}-node${k + 1}` }));
  return c.nodes.map((n) => (typeof n === 'string' ? { name: n } : n));
}

export interface NetworkPlan {
  privateNetworks: ResolvedPrivateNetwork[];
  publicNetwork: ResolvedLab['publicNetwork'];
  segments: ResolvedSegment[];
  /** The pool of a private network, or of PUBLIC. */
  pool(network: string): AddressPool;
  nic(ifname: string, network: string, ip: number): ResolvedNic;
  /** The DHCP host routes a host of `role` learns on its NICs. */
  dhcpRoutes(role: ResolvedHost['role'], nics: ResolvedNic[]): ResolvedRoute[];
}

function privateNetworksOf(file: LabFile): ResolvedPrivateNetwork[] {
  return (file.privateNetworks ?? []).map((n) => ({
    name: n.name,
    vrackId: n.vrack,
    vlan: n.vlan ?? null,
    cidr: n.cidr,
    segment: segmentKey(n.vrack, n.vlan ?? null),
    hostRoutes: (n.dhcp?.hostRoutes ?? []).map((r) => ({ destination: r.destination, gateway: r.gateway })),
    hostRoutesEnabled: n.dhcp?.hostRoutesEnabled ?? (n.dhcp?.hostRoutes ?? []).length > 0,
  }));
}

function segmentsOf(privateNetworks: ResolvedPrivateNetwork[], publicNetwork: ResolvedLab['publicNetwork']): ResolvedSegment[] {
  const segments: ResolvedSegment[] = [];
  for (const n of privateNetworks) {
    const existing = segments.find((s) => s.key === n.segment);
    if (existing && existing.kind === 'vrack') existing.networks.push(n.name);
    else segments.push({ kind: 'vrack', key: n.segment, vrackId: n.vrackId, vlan: n.vlan, networks: [n.name] });
  }
  if (publicNetwork) segments.unshift({ kind: 'public', key: 'public', cidr: publicNetwork.cidr, gateway: publicNetwork.gateway });
  return segments;
}

/** The public network exists when declared, when a NIC uses it, or when a cluster needs it. */
function publicNetworkOf(file: LabFile, pubCidr: Cidr): ResolvedLab['publicNetwork'] {
  const pub = file.publicNetwork;
  const publicUsed = pub !== undefined || (file.kubernetes ?? []).length > 0 || (file.hosts ?? []).some((h) => h.nics.some((n) => n.network === PUBLIC));
  if (!publicUsed) return null;
  return {
    cidr: pub?.cidr ?? DEFAULT_PUBLIC_CIDR,
    gateway: pub?.gateway ?? (pub?.cidr ? formatIp(pubCidr.network + 1) : DEFAULT_PUBLIC_GATEWAY),
    gatewayHost: pub?.gatewayHost ?? DEFAULT_PUBLIC_GATEWAY_HOST,
    controlPlane: pub?.controlPlane ?? DEFAULT_CONTROL_PLANE,
  };
}

function seededPools(file: LabFile, privateNetworks: ResolvedPrivateNetwork[], pubCidr: Cidr, publicNetwork: ResolvedLab['publicNetwork']): Map<string, AddressPool> {
  const pools = new Map<string, AddressPool>();
  for (const n of privateNetworks) pools.set(n.name, new AddressPool(parseCidr(n.cidr) as Cidr));
  pools.set(PUBLIC, new AddressPool(pubCidr));
  if (publicNetwork) pools.get(PUBLIC)?.used.add(ipOf(publicNetwork.gateway));
  for (const h of file.hosts ?? []) for (const nic of h.nics) pools.get(nic.network)?.used.add(ipOf(nic.ip));
  for (const node of Object.values(file.nodes ?? {})) {
    for (const a of node.attach) {
      const net = privateNetworks.find((n) => n.vrackId === a.vrack && n.vlan === a.vlan);
      if (net) pools.get(net.name)?.used.add(ipOf(a.ip));
    }
  }
  for (const c of file.kubernetes ?? []) {
    for (const n of nodeList(c)) {
      if (n.ip) pools.get(c.privateNetwork)?.used.add(ipOf(n.ip));
      if (n.publicIp) pools.get(PUBLIC)?.used.add(ipOf(n.publicIp));
    }
  }
  return pools;
}

export function planNetworks(file: LabFile): NetworkPlan {
  const privateNetworks = privateNetworksOf(file);
  const netByName = new Map(privateNetworks.map((n) => [n.name, n]));
  const netCidrs = new Map(privateNetworks.map((n) => [n.name, n.cidr]));
  const pubCidr = parseCidr(file.publicNetwork?.cidr ?? DEFAULT_PUBLIC_CIDR) as Cidr;
  const publicNetwork = publicNetworkOf(file, pubCidr);
  const pools = seededPools(file, privateNetworks, pubCidr, publicNetwork);
  return {
    privateNetworks,
    publicNetwork,
    segments: segmentsOf(privateNetworks, publicNetwork),
    pool: (network) => pools.get(network) as AddressPool,
    nic(ifname, network, ip) {
      const cidr = network === PUBLIC ? pubCidr : (parseCidr((netByName.get(network) as ResolvedPrivateNetwork).cidr) as Cidr);
      return { ifname, network, segment: network === PUBLIC ? 'public' : (netByName.get(network) as ResolvedPrivateNetwork).segment, ip: formatIp(ip), address: `${formatIp(ip)}/${cidr.prefix}` };
    },
    dhcpRoutes(role, nics) {
      if (!DHCP_ROLES.includes(role)) return [];
      return nics.flatMap((n) => {
        const net = netByName.get(n.network);
        return net && net.hostRoutesEnabled ? dhcpRoutesFor(net, n, nics, netCidrs) : [];
      });
    },
  };
}
