/**
 * The dot1q scenario replayed in the VM: the fabric (netns driver, dot1q mode) builds it against a
 * recording fake, the recording becomes a script, and reachability checks are appended. All hosts
 * share one IP subnet, so only 802.1Q separation can stop a ping.
 */
import { createFabric } from '../fabric.ts';
import type { Capabilities } from '../capabilities.ts';
import type { SegmentKey } from '../types.ts';
import { planRecorder, replayScript } from './plan-script.ts';
import { releaseLease } from '../run-lease.ts';

const FULL: Capabilities = {
  kernel: { netns: true, veth: true, bridge: true, vlan8021q: true, vlanFiltering: true, netem: true, nftables: true },
  docker: null,
  vlanMode: 'dot1q',
};

export interface Check {
  name: string;
  from: string;
  to: string;
  reach: boolean;
}

export const HOSTS: { name: string; key: SegmentKey; ip: string }[] = [
  { name: 'a1', key: { kind: 'vrack', vrackId: 'pn-1', vlan: 10 }, ip: '10.9.0.1' },
  { name: 'a2', key: { kind: 'vrack', vrackId: 'pn-1', vlan: 10 }, ip: '10.9.0.2' },
  { name: 'b1', key: { kind: 'vrack', vrackId: 'pn-1', vlan: 20 }, ip: '10.9.0.3' },
  { name: 'c1', key: { kind: 'vrack', vrackId: 'pn-2', vlan: 10 }, ip: '10.9.0.4' },
  { name: 'u1', key: { kind: 'vrack', vrackId: 'pn-1', vlan: null }, ip: '10.9.0.11' },
  { name: 'u2', key: { kind: 'vrack', vrackId: 'pn-1', vlan: null }, ip: '10.9.0.12' },
];

export const CHECKS: Check[] = [
  { name: 'same vRack, same VLAN', from: 'a1', to: '10.9.0.2', reach: true },
  { name: 'same vRack, other VLAN', from: 'a1', to: '10.9.0.3', reach: false },
  { name: 'other vRack, same VLAN id', from: 'a1', to: '10.9.0.4', reach: false },
  { name: 'untagged to untagged', from: 'u1', to: '10.9.0.12', reach: true },
  { name: 'untagged to VLAN 10', from: 'u1', to: '10.9.0.1', reach: false },
];

export async function dot1qScenarioScript(runId: string): Promise<{ script: string; netns: (host: string) => string }> {
  const rec = planRecorder();
  const fabric = await createFabric({ runId, labName: 'dot1q-vm', driver: 'netns', vlanMode: 'dot1q', exec: rec.exec, capabilities: FULL });
  for (const h of HOSTS) await fabric.addHost({ name: h.name, image: 'host' });
  for (const h of HOSTS) await fabric.attachNic(h.name, h.key, { ifname: 'eth1', addresses: [`${h.ip}/24`] });
  const netns = (host: string) => fabric.records().find((r) => r.name === host)?.netns as string;
  const checks = CHECKS.map(
    (c) => `if ip netns exec ${netns(c.from)} ping -c 2 -W 1 -n ${c.to} >/dev/null 2>&1; then echo "VLCHECK ${c.from}>${c.to} reach"; else echo "VLCHECK ${c.from}>${c.to} noreach"; fi`,
  );
  const evidence = [`ip netns exec ${netns('a1')} ip -d link show eth1 | grep -o 'vlan protocol 802.1Q id [0-9]*' | sed 's/^/VLTAG /'`, `ip -d link show | grep -o 'vlan_filtering [01]' | sort | uniq -c | sed 's/^/VLFILTER /'`];
  const script = replayScript(rec.exec.calls, rec.placeholders) + 'set +e\n' + [...checks, ...evidence].join('\n') + '\n';
  // The fabric only recorded its plan (nothing exists on this machine), but createFabric took the
  // run's lease on this machine: give it back, or a lease of a run that never existed stays behind.
  releaseLease(runId);
  return { script, netns };
}
