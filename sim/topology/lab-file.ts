/**
 * The lab file as written (after schema validation), before defaults are filled in. Mirrors
 * `topologies/lab.schema.json`; the resolved model (model.ts) is what the engine builds from.
 */

export type ApiProfile = '2024-04' | '2025-10';
/** A registered host driver's name: the schema's `defaults.driver` enum, kept equal to the registry by sim/fabric/drivers.test.ts. */
export type DriverName = string;
export type VlanMode = 'auto' | 'dot1q' | 'segment';
export type HostKind = 'baremetal' | 'vm' | 'gateway';

export interface TimingsFile {
  taskPendingMs?: number;
  taskRunningMs?: number;
  vrackTaskMs?: number;
  deliveryMs?: number;
  disruptiveCutMs?: number;
}

export interface LimitsFile {
  subnetsPerVrackServices?: number;
  vrackServicesPerAccount?: number;
  vrackServicesPerVrack?: number;
  serviceEndpointsPerAccount?: number;
  subnetPrefixMin?: number;
  subnetPrefixMax?: number;
  vrackServicesPerRegionPerVrack?: number;
  serviceRangeRule?: 'guide' | 'product-definition';
}

export interface HostRouteFile {
  destination: string;
  gateway: string;
}

export interface PrivateNetworkFile {
  name: string;
  vrack: string;
  vlan?: number | null;
  cidr: string;
  dhcp?: { hostRoutes?: HostRouteFile[]; hostRoutesEnabled?: boolean };
}

export interface NicFile {
  network: string;
  ip: string;
  ifname?: string;
}

export interface SnatFile {
  outNetwork: string;
  notDestination?: string;
  toSource: string;
}

export interface RouteFile {
  destination: string;
  via: string;
}

export interface HostFile {
  name: string;
  kind: HostKind;
  nics: NicFile[];
  ipForward?: boolean;
  snat?: SnatFile[];
  routes?: RouteFile[];
}

/** One interface of a lab node on a vRack VLAN. */
export interface AttachmentFile {
  vrack: string;
  vlan: number | null;
  ip: string;
  ifname?: string;
}

/** A node you bring (`nodes:`): a containerlab kind with an image or a vracklab recipe. */
export interface LabNodeFile {
  kind: string;
  image?: string;
  recipe?: string;
  attach: AttachmentFile[];
  exec?: string[];
  sysctls?: Record<string, string>;
  capAdd?: string[];
}

export interface NodeFile {
  name: string;
  ip?: string;
  publicIp?: string;
}

export interface PodFile {
  name: string;
  node: string;
  hostNetwork?: boolean;
}

export interface ClusterFile {
  name: string;
  privateNetwork: string;
  nodes: number | (string | NodeFile)[];
  podsPerNode?: number;
  podCidr?: string;
  pods?: PodFile[];
  privateNetworkRoutingAsDefault?: boolean;
  defaultVrackGateway?: string;
}

export interface AclFile {
  accessTo: string;
  accessLevel: 'ro' | 'rw';
  /** Default true: root on these clients becomes the anonymous user; false keeps root (No_Root_Squash). */
  rootSquash?: boolean;
}

export interface ShareFile {
  name: string;
  sizeGiB?: number;
  files?: Record<string, string>;
  acls?: AclFile[];
}

export interface StorageNetAppFile {
  name: string;
  region: string;
  shares?: ShareFile[];
}

export interface SubnetFile {
  displayName?: string | null;
  cidr: string;
  vlan?: number | null;
  serviceRange: string;
  serviceEndpoints?: string[];
}

export interface VrackServicesFile {
  name: string;
  displayName?: string;
  region: string;
  vrack?: string;
  subnets?: SubnetFile[];
}

export interface LabFile {
  name: string;
  description?: string;
  defaults?: { driver?: DriverName; vlanMode?: VlanMode };
  api?: { profile?: ApiProfile; timings?: 'realistic' | 'fast' | TimingsFile; limits?: LimitsFile };
  vracks?: { id: string; description?: string }[];
  privateNetworks?: PrivateNetworkFile[];
  publicNetwork?: { cidr?: string; gateway?: string; gatewayHost?: string; controlPlane?: string };
  hosts?: HostFile[];
  nodes?: Record<string, LabNodeFile>;
  kubernetes?: ClusterFile[];
  managedServices?: { storageNetApp?: StorageNetAppFile[] };
  vrackServices?: VrackServicesFile[];
}
