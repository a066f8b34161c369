/**
 * How a (vRack, VLAN) segment becomes L2 on this machine. Two strategies, one interface:
 * - `segment`: one plain bridge per (vRack, VLAN); works on any kernel with bridge + veth.
 * - `dot1q`: one VLAN-aware bridge per vRack (vlan_filtering 1), trunk ports, tagged sub-interfaces
 *   in hosts: real 802.1Q tags, as on a vRack. Needs 8021q and bridge vlan_filtering.
 * Either way different vRacks never share a bridge, and each VLAN is its own broadcast domain.
 */
import type { SegmentKey, NicSpec, VlanModeName } from './types.ts';
import { interfaceLines, vethIntoPidLine } from './plumbing.ts';
import { markLinkLine } from './names.ts';

export interface NicPlanInput {
  bridge: string;
  /** The veth end that stays on the machine, enslaved to `bridge`. */
  machineEnd: string;
  pid: number;
  /** The run the veth belongs to: its machine end carries the run's ownership marker. */
  runId: string;
  key: SegmentKey;
  nic: NicSpec;
}

/** Commands for one NIC: `ip -batch` on the machine, `bridge -batch` on the machine, `ip -batch` in the host. */
export interface NicPlan {
  machineLines: string[];
  bridgeLines: string[];
  hostLines: string[];
}

export interface VlanMode {
  readonly name: VlanModeName;
  /** Segments with the same key share one bridge. */
  bridgeKey(key: SegmentKey): string;
  /** `ip -batch` lines creating, marking (alias, no IPv6 link-local) and raising the bridge of `key`. */
  bridgeLines(bridge: string, key: SegmentKey, runId: string): string[];
  nicPlan(input: NicPlanInput): NicPlan;
}

function accessPort(input: NicPlanInput): NicPlan {
  const { bridge, machineEnd, pid, nic, runId } = input;
  return {
    machineLines: [vethIntoPidLine(machineEnd, nic.ifname, pid), markLinkLine(machineEnd, runId), `link set dev ${machineEnd} master ${bridge}`, `link set dev ${machineEnd} up`],
    bridgeLines: [],
    hostLines: interfaceLines(nic.ifname, nic.addresses, nic.mac),
  };
}

export const segmentMode: VlanMode = {
  name: 'segment',
  bridgeKey: (key) => (key.kind === 'public' ? 'public' : `vrack:${key.vrackId}:${key.vlan ?? 'untagged'}`),
  bridgeLines: (bridge, _key, runId) => [`link add ${bridge} type bridge`, markLinkLine(bridge, runId), `link set dev ${bridge} up`],
  nicPlan: accessPort,
};

/** The trunk a tagged sub-interface rides on inside the host; the sub-interface keeps the NIC's name. */
export function trunkName(ifname: string): string {
  return `t-${ifname}`.slice(0, 15);
}

export const dot1qMode: VlanMode = {
  name: 'dot1q',
  bridgeKey: (key) => (key.kind === 'public' ? 'public' : `vrack:${key.vrackId}`),
  bridgeLines: (bridge, key, runId) =>
    key.kind === 'public'
      ? [`link add ${bridge} type bridge`, markLinkLine(bridge, runId), `link set dev ${bridge} up`]
      : // VLAN 1 is the bridge default PVID: untagged frames of the vRack travel on it.
        [`link add ${bridge} type bridge vlan_filtering 1 vlan_default_pvid 1`, markLinkLine(bridge, runId), `link set dev ${bridge} up`],
  nicPlan: (input) => {
    const { key, nic, bridge, machineEnd, pid, runId } = input;
    if (key.kind === 'public' || key.vlan === null) return accessPort(input);
    const trunk = trunkName(nic.ifname);
    return {
      machineLines: [vethIntoPidLine(machineEnd, trunk, pid), markLinkLine(machineEnd, runId), `link set dev ${machineEnd} master ${bridge}`, `link set dev ${machineEnd} up`],
      // A trunk port carries only its VLAN, tagged: the untagged default (PVID 1) is taken off it.
      bridgeLines: [`vlan del dev ${machineEnd} vid 1`, `vlan add dev ${machineEnd} vid ${key.vlan}`],
      hostLines: [`link set dev ${trunk} up`, `link add link ${trunk} name ${nic.ifname} type vlan id ${key.vlan}`, ...interfaceLines(nic.ifname, nic.addresses, nic.mac)],
    };
  },
};

export const VLAN_MODES: Record<VlanModeName, VlanMode> = { segment: segmentMode, dot1q: dot1qMode };
