/**
 * The fabric's public shapes: what the lab engine asks for (segments, hosts, NICs) and what it
 * keeps in a lab's state file (host records). Re-exported by fabric.ts.
 */
import type { Exec, ExecResult } from '../core/exec.ts';
import type { LabHost } from './host.ts';

/** One L2 broadcast domain: a VLAN (or the untagged network) of one vRack, or the public network. */
export type SegmentKey = { kind: 'vrack'; vrackId: string; vlan: number | null } | { kind: 'public' };

export interface HostSpec {
  name: string;
  /** Recipe name: 'host' | 'efs'. */
  image: string;
  capAdd?: string[];
  volumes?: { source: string; target: string }[];
  sysctls?: Record<string, string>;
}

/** A lab node (a lab file's `nodes:`): a container of an image, started by a driver with NodeSupport. */
export interface NodeSpec {
  name: string;
  /** A containerlab kind, e.g. `linux`. */
  kind: string;
  /** The image reference, used as is (never pulled). */
  image: string;
  /** The vracklab recipe `image` is built from (built when missing), or null for a user's image. */
  recipe: string | null;
  capAdd: string[];
  sysctls: Record<string, string>;
}

export interface NicSpec {
  ifname: string;
  /** CIDR notation, e.g. '10.0.1.5/24'. */
  addresses: string[];
  mac?: string;
}

/** JSON-serialisable: enough for another process to reattach (`hostFromRecord`). */
export interface HostRecord {
  name: string;
  driver: string;
  pid: number;
  containerId?: string;
  netns?: string;
}

export type VlanModeName = 'segment' | 'dot1q';

export interface FabricOptions {
  runId: string;
  labName: string;
  /** A registered driver's name (drivers.ts); an unknown one is refused listing the registered. */
  driver: string;
  vlanMode?: 'auto' | VlanModeName;
  exec?: Exec;
  /**
   * The build's abort (a lab's Ctrl-C): passed to every command that builds (execa's cancelSignal),
   * never to teardown, which must still run after it.
   */
  signal?: AbortSignal;
}

export interface LinkEnd {
  host: string;
  ifname: string;
  addresses?: string[];
}

/** AsyncDisposable: `await using fabric = await createFabric(…)` destroys it at the end of the scope. */
export interface Fabric extends AsyncDisposable {
  readonly runId: string;
  readonly driver: string;
  readonly vlanMode: VlanModeName;
  /** Idempotent. Different vRacks never share L2; each VLAN (and untagged) is its own broadcast domain. */
  ensureSegment(key: SegmentKey): Promise<string>;
  addHost(spec: HostSpec): Promise<LabHost>;
  /** Several hosts at once: in one driver command when the driver can (createHosts), else concurrently. */
  addHosts(specs: readonly HostSpec[]): Promise<LabHost[]>;
  /** A lab node, if the driver runs its kind (refused otherwise, naming the drivers that can). */
  addNode(spec: NodeSpec): Promise<LabHost>;
  /** One command in a lab node, the driver's way (containerlab's exec): exit code returned, not thrown. */
  execInNode(name: string, argv: readonly string[]): Promise<ExecResult>;
  /** Throws listing the known hosts. */
  host(name: string): LabHost;
  removeHost(name: string): Promise<void>;
  /** A veth into the host named nic.ifname, addresses set, link up; in dot1q mode a tagged sub-interface. */
  attachNic(hostName: string, key: SegmentKey, nic: NicSpec): Promise<void>;
  /** Idempotent. */
  detachNic(hostName: string, ifname: string): Promise<void>;
  /** A veth between two hosts; b's end optionally enslaved to a bridge inside host b (created if missing). */
  linkHosts(a: LinkEnd, b: LinkEnd & { bridge?: string }): Promise<void>;
  /** `ip -batch -` inside the host's netns: one process for many lines. */
  ipBatch(hostName: string, lines: string[]): Promise<void>;
  /** The veth end an attached NIC left on the machine (its bridge port: the trunk in dot1q mode). */
  machineEnd(hostName: string, ifname: string): string;
  /** Carrier of an attached NIC, switched at its bridge port (a cable pulled / plugged): the host keeps its addresses and routes. */
  setNicCarrier(hostName: string, ifname: string, up: boolean): Promise<void>;
  records(): HostRecord[];
  /** Idempotent, continues past errors, removes everything of this run id. */
  destroy(): Promise<void>;
}
