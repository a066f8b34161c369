/**
 * What the machine must show for each VLAN mode, judged from `ip -d link` output (the driver
 * contract reads it from the real machine; unit tests feed recorded output). Either mode separates
 * VLANs and vRacks, by different means:
 * - `segment`: one plain bridge per (vRack, VLAN): four segments, four bridges, untagged NICs;
 * - `dot1q`: one VLAN-filtering bridge per vRack: both VLANs of one vRack share it, and the hosts'
 *   NICs are 802.1Q sub-interfaces tagged with their VLAN.
 * So neither branch can pass vacuously: each mode has its own required evidence. Pure.
 */
import type { VlanModeName } from './types.ts';

export interface SegmentLayout {
  mode: VlanModeName;
  /** Bridges ensureSegment returned for vRack A VLAN 10, vRack A VLAN 20, vRack B VLAN 10, public. */
  bridges: { a10: string; a20: string; b10: string; public: string };
  /** `ip -d link show dev <bridge>` of the bridges of vRack A and vRack B. */
  bridgeDetails: { a: string; b: string };
  /** `ip -d link show dev eth1` inside a host on vRack A VLAN 10, and one on vRack A VLAN 20. */
  nicDetails: { vlan10: string; vlan20: string };
}

const tagOf = (details: string): number | undefined => {
  const m = /vlan protocol 802\.1Q id (\d+)/.exec(details);
  return m ? Number(m[1]) : undefined;
};
const filtering = (details: string): boolean => /\bvlan_filtering 1\b/.test(details);

/** Why the machine does not show `layout.mode`'s separation, or [] when it does. */
export function segmentLayoutProblems(layout: SegmentLayout): string[] {
  const { bridges: br, bridgeDetails, nicDetails } = layout;
  const problems: string[] = [];
  const distinct = new Set([br.a10, br.a20, br.b10, br.public]).size;
  const tags = { vlan10: tagOf(nicDetails.vlan10), vlan20: tagOf(nicDetails.vlan20) };
  if (layout.mode === 'segment') {
    if (distinct !== 4) problems.push(`segment mode: 4 segments need 4 bridges, got ${distinct} (${JSON.stringify(br)})`);
    for (const [name, tag] of Object.entries(tags)) if (tag !== undefined) problems.push(`segment mode: the NIC on ${name} is tagged (802.1Q id ${tag}); segment NICs are untagged`);
    return problems;
  }
  if (layout.mode === 'dot1q') {
    if (br.a10 !== br.a20) problems.push(`dot1q mode: VLANs 10 and 20 of one vRack must share its bridge, got ${br.a10} and ${br.a20}`);
    if (distinct !== 3) problems.push(`dot1q mode: one bridge per vRack plus the public one is 3, got ${distinct} (${JSON.stringify(br)})`);
    for (const [vrack, details] of Object.entries(bridgeDetails)) if (!filtering(details)) problems.push(`dot1q mode: the bridge of vRack ${vrack.toUpperCase()} does not filter VLANs (no vlan_filtering 1)`);
    if (tags.vlan10 !== 10) problems.push(`dot1q mode: the NIC on VLAN 10 must be an 802.1Q sub-interface with id 10, got ${tags.vlan10 ?? 'an untagged NIC'}`);
    if (tags.vlan20 !== 20) problems.push(`dot1q mode: the NIC on VLAN 20 must be an 802.1Q sub-interface with id 20, got ${tags.vlan20 ?? 'an untagged NIC'}`);
    return problems;
  }
  return [`unknown VLAN mode ${JSON.stringify(layout.mode)}: expected segment or dot1q`];
}
