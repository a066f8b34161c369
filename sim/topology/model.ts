/**
 * The resolved lab: every default filled in, every reference replaced by what it points to, every
 * address allocated. It is what the lab engine builds from, shaped so that building is direct:
 * `ensureSegment(segment)`, `addHost(host)`, `attachNic(host, nic.segment, nic)`, `linkHosts(pod…)`,
 * `ipBatch(host, hostSetupLines(host, { hasPods }))`, sysctls and an nft script per host.
 */
import type { ApiProfile, DriverName, VlanMode } from './lab-file.ts';
import type { Timings } from '../api/timings.ts';

export type { ApiProfile, DriverName, VlanMode } from './lab-file.ts';

/** A broadcast domain: one (vRack, VLAN) pair, or the public network. */
export type ResolvedSegment =
  | {
      kind: 'vrack';
      /** Stable key used by NICs: `vrack:<vrackId>:<vlan|untagged>`. */
      key: string;
      vrackId: string;
      /** 2–4094, or null for untagged. */
      vlan: number | null;
      /** The private networks declared on this segment (usually one). */
      networks: string[];
    }
  | {
      kind: 'public';
      key: 'public';
      /** e.g. `198.51.100.0/24` */
      cidr: string;
      /** The public gateway's address on it, e.g. `198.51.100.1`. */
      gateway: string;
    };

export type HostRole = 'baremetal' | 'vm' | 'gateway' | 'k8s-node' | 'pod' | 'public-gateway' | 'efs';

export interface ResolvedNic {
  /** `eth0`, `eth1`, … in declaration order (k8s nodes: eth0 public, eth1 private). */
  ifname: string;
  /** Key of a ResolvedSegment. */
  segment: string;
  /** The private network's name, or `public`. */
  network: string;
  /** The address with the network's prefix, e.g. `10.0.1.5/24`. */
  address: string;
  /** The bare IP, e.g. `10.0.1.5`. */
  ip: string;
}

/** Why a route exists: lets the engine toggle one family (DHCP host routes) at runtime. */
export type RouteOrigin = 'default' | 'dhcp-host-route' | 'routing-as-default' | 'control-plane' | 'pod-cidr' | 'static';

export interface ResolvedRoute {
  /** A CIDR or `default`. */
  destination: string;
  /** Next hop IP. */
  via: string;
  /** Interface name in the host. */
  dev: string;
  origin: RouteOrigin;
  /** For `dhcp-host-route`: the private network whose DHCP pushes it. */
  network?: string;
}

export interface ResolvedHost {
  /** Unique name across the lab; also the container / namespace name stem. */
  name: string;
  role: HostRole;
  /** Which image the host runs (`efs` runs nfs-ganesha). */
  image: 'host' | 'efs';
  /** Extra capabilities for the container (`--privileged` is not available on CI machines). */
  capAdd: string[];
  nics: ResolvedNic[];
  /** Addresses on `lo`, CIDR form (the public gateway holds the control-plane address here). */
  loopbackAddresses: string[];
  /** Routes to add after NICs are up, in order. */
  routes: ResolvedRoute[];
  /** sysctl key → value, e.g. `net.ipv4.ip_forward` → `1`. */
  sysctls: Record<string, string>;
  /** An nft script (`nft -f -`) for NAT; empty string when the host needs none. */
  firewall: string;
  /** The same NAT in iptables form, as the tutorial writes it (for images without nft). */
  iptables: string[];
  /** k8s nodes and pods: the cluster name. */
  cluster?: string;
  /** k8s nodes: the pod bridge and pod CIDR slice. */
  podNetwork?: { bridge: 'cni0'; cidr: string; address: string };
  /** Pods: the node they run on and whether they share its namespace (no own NICs then). */
  pod?: ResolvedPod;
}

export interface ResolvedPod {
  name: string;
  node: string;
  cluster: string;
  /** hostNetwork pods run in the node's namespace: no namespace, no address of their own. */
  hostNetwork: boolean;
  /** e.g. `10.2.0.2/24`; null for hostNetwork pods. */
  address: string | null;
  /** The veth end in the node, enslaved to cni0, e.g. `vethpod1`; null for hostNetwork pods. */
  nodeIfname: string | null;
  /** The node's cni0 address = the pod's default gateway, e.g. `10.2.0.1`. */
  gateway: string;
}

export interface ResolvedCluster {
  name: string;
  /** The private network the nodes' eth1 sits on. */
  privateNetwork: string;
  /** Node host names, in slice order (node n owns the n-th /24 of podCidr). */
  nodes: string[];
  /** Every pod name, hostNetwork ones included. */
  pods: string[];
  /** e.g. `10.2.0.0/16` (OVHcloud's reserved default). */
  podCidr: string;
  /** When true, nodes' default route goes to defaultVrackGateway on eth1 (the 2022 fix). */
  privateNetworkRoutingAsDefault: boolean;
  /** An IP in the private network, or null when none is set. */
  defaultVrackGateway: string | null;
}

export interface ResolvedPrivateNetwork {
  name: string;
  /** `pn-…` */
  vrackId: string;
  /** 2–4094, or null for untagged. */
  vlan: number | null;
  /** e.g. `10.0.1.0/24` */
  cidr: string;
  /** Key of its ResolvedSegment. */
  segment: string;
  /** What the network's DHCP pushes (OpenStack subnet host routes). */
  hostRoutes: { destination: string; gateway: string }[];
  /** Whether hosts start with those routes installed (see hostRoutesFor to switch at runtime). */
  hostRoutesEnabled: boolean;
}

export interface ResolvedShare {
  name: string;
  sizeGiB: number;
  /** Relative path → content, seeded into the export before it is served. */
  files: Record<string, string>;
  /** `accessTo` is an IP or CIDR. */
  /** rootSquash absent = true (NetApp default). The API's ACL has no such field: the lab passes it to the EFS server. */
  acls: { accessTo: string; accessLevel: 'ro' | 'rw'; rootSquash?: boolean }[];
}

export interface ResolvedStorageNetApp {
  /** The lab's name for the service; the simulator assigns its serviceName/URN. */
  name: string;
  /** A region of the lab's profile, e.g. `LIM`. */
  region: string;
  /** The EFS host that serves it (no NIC until a Service Endpoint is attached). */
  host: string;
  shares: ResolvedShare[];
}

export interface ResolvedSubnet {
  displayName: string | null;
  cidr: string;
  vlan: number | null;
  serviceRange: string;
  /** Names of managed services of this lab. */
  serviceEndpoints: string[];
}

export interface ResolvedVrackServices {
  /** The lab's handle; the simulator assigns the `vrs-…` id at delivery. */
  name: string;
  displayName: string | null;
  region: string;
  /** The vRack to associate at delivery, or null to leave it unassociated. */
  vrackId: string | null;
  /** Initial targetSpec subnets (usually none: scenarios create them through the API). */
  subnets: ResolvedSubnet[];
}

export interface ResolvedLimits {
  subnetsPerVrackServices: number;
  vrackServicesPerAccount: number;
  vrackServicesPerVrack: number;
  serviceEndpointsPerAccount: number;
  subnetPrefixMin: number;
  subnetPrefixMax: number;
  vrackServicesPerRegionPerVrack: number;
  serviceRangeRule?: 'guide' | 'product-definition';
}

/** The simulator's timings (sim/api/timings.ts), and which preset they came from. */
export interface ResolvedTimings extends Timings {
  preset: 'realistic' | 'fast' | 'custom';
}

/** A lab file after validation and resolution: every network, host, NIC, address and service the engine builds. */
export interface ResolvedLab {
  name: string;
  description: string;
  /** The file it came from (or the name given to parseLab). */
  source: string;
  defaults: { driver: DriverName; vlanMode: VlanMode };
  api: { profile: ApiProfile; regions: string[]; limits: ResolvedLimits; timings: ResolvedTimings };
  vracks: string[];
  privateNetworks: ResolvedPrivateNetwork[];
  /** Present when something uses it (k8s nodes, a NIC on `public`) or it was declared. */
  publicNetwork: { cidr: string; gateway: string; gatewayHost: string; controlPlane: string } | null;
  segments: ResolvedSegment[];
  /** In build order: public gateway, hosts, nodes, pods, EFS hosts. */
  hosts: ResolvedHost[];
  clusters: ResolvedCluster[];
  /** Every pod, hostNetwork ones included (those have no host entry: they run in their node). */
  pods: ResolvedPod[];
  storageNetApp: ResolvedStorageNetApp[];
  vrackServices: ResolvedVrackServices[];
}
