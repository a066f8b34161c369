// Each VLAN mode's required evidence, on `ip -d link` lines as iproute2 prints them.
import { describe, expect, it } from 'vitest';
import { segmentLayoutProblems, type SegmentLayout } from './segment-layout.ts';

const plainBridge = '7: vlxb0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500\n    bridge forward_delay 1500 hello_time 200 stp_state 0 priority 32768 vlan_filtering 0 vlan_protocol 802.1Q';
const filteringBridge = '7: vlxb0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500\n    bridge forward_delay 1500 hello_time 200 stp_state 0 priority 32768 vlan_filtering 1 vlan_protocol 802.1Q';
const untaggedNic = '2: eth1@if9: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500\n    veth addrgenmode eui64';
const taggedNic = (id: number) => `3: eth1@t-eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500\n    vlan protocol 802.1Q id ${id} <REORDER_HDR> addrgenmode eui64`;

const segment: SegmentLayout = {
  mode: 'segment',
  bridges: { a10: 'vlxb0', a20: 'vlxb1', b10: 'vlxb2', public: 'vlxb3' },
  bridgeDetails: { a: plainBridge, b: plainBridge },
  nicDetails: { vlan10: untaggedNic, vlan20: untaggedNic },
};
const dot1q: SegmentLayout = {
  mode: 'dot1q',
  bridges: { a10: 'vlxb0', a20: 'vlxb0', b10: 'vlxb1', public: 'vlxb2' },
  bridgeDetails: { a: filteringBridge, b: filteringBridge },
  nicDetails: { vlan10: taggedNic(10), vlan20: taggedNic(20) },
};

describe('segmentLayoutProblems', () => {
  it('accepts each mode showing its own separation', () => {
    expect(segmentLayoutProblems(segment)).toEqual([]);
    expect(segmentLayoutProblems(dot1q)).toEqual([]);
  });

  it('segment mode: two VLANs on one bridge, or a tagged NIC, is a problem', () => {
    expect(segmentLayoutProblems({ ...segment, bridges: { ...segment.bridges, a20: 'vlxb0' } })).toEqual([
      'segment mode: 4 segments need 4 bridges, got 3 ({"a10":"vlxb0","a20":"vlxb0","b10":"vlxb2","public":"vlxb3"})',
    ]);
    expect(segmentLayoutProblems({ ...segment, nicDetails: { vlan10: taggedNic(10), vlan20: untaggedNic } })).toEqual([
      'segment mode: the NIC on vlan10 is tagged (802.1Q id 10); segment NICs are untagged',
    ]);
  });

  it('dot1q mode: segment-style bridges with untagged NICs fail on every count', () => {
    expect(segmentLayoutProblems({ ...segment, mode: 'dot1q' })).toEqual([
      'dot1q mode: VLANs 10 and 20 of one vRack must share its bridge, got vlxb0 and vlxb1',
      'dot1q mode: one bridge per vRack plus the public one is 3, got 4 ({"a10":"vlxb0","a20":"vlxb1","b10":"vlxb2","public":"vlxb3"})',
      'dot1q mode: the bridge of vRack A does not filter VLANs (no vlan_filtering 1)',
      'dot1q mode: the bridge of vRack B does not filter VLANs (no vlan_filtering 1)',
      'dot1q mode: the NIC on VLAN 10 must be an 802.1Q sub-interface with id 10, got an untagged NIC',
      'dot1q mode: the NIC on VLAN 20 must be an 802.1Q sub-interface with id 20, got an untagged NIC',
    ]);
  });

  it('dot1q mode: a NIC tagged with the wrong VLAN, or both vRacks on one bridge, is a problem', () => {
    expect(segmentLayoutProblems({ ...dot1q, nicDetails: { vlan10: taggedNic(10), vlan20: taggedNic(10) } })).toEqual([
      'dot1q mode: the NIC on VLAN 20 must be an 802.1Q sub-interface with id 20, got 10',
    ]);
    expect(segmentLayoutProblems({ ...dot1q, bridges: { ...dot1q.bridges, b10: 'vlxb0' } })).toEqual([
      'dot1q mode: one bridge per vRack plus the public one is 3, got 2 ({"a10":"vlxb0","a20":"vlxb0","b10":"vlxb0","public":"vlxb2"})',
    ]);
  });
});
