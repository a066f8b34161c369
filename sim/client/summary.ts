/**
 * A short human summary of a vRack Services, for `vracklab api status` and training labs:
 * statuses, vRack, subnets with their service range accounting, endpoints and their IPs.
 */
import type { VrackServicesWithIAM } from './types.ts';

export function summarizeVrackServices(vrs: VrackServicesWithIAM): string {
  const cs = vrs.currentState;
  const lines: string[] = [];
  const name = cs.displayName ?? vrs.iam?.displayName;
  lines.push(`${vrs.id}${name ? ` "${name}"` : ''}  region ${cs.region}  vRack ${cs.vrackId ?? '(not associated)'}`);
  lines.push(`resourceStatus ${vrs.resourceStatus}  productStatus ${cs.productStatus}  checksum ${vrs.checksum}`);
  const tasks = vrs.currentTasks ?? [];
  lines.push(`tasks: ${tasks.length === 0 ? 'none' : tasks.map((t) => `${t.type} ${t.status ?? '?'} (${t.id})`).join(', ')}`);
  if (cs.subnets.length === 0) lines.push('subnets: none');
  for (const s of cs.subnets) {
    const vlan = s.vlan === null ? 'untagged' : `vlan ${s.vlan}`;
    lines.push(`subnet ${s.cidr}${s.displayName ? ` "${s.displayName}"` : ''}  ${vlan}`);
    const r = s.serviceRange;
    const total = r.reservedIps + r.usedIps + r.remainingIps;
    lines.push(`  service range ${r.cidr}: ${r.usedIps} used, ${r.remainingIps} remaining, ${r.reservedIps} reserved (of ${total})`);
    if (s.serviceEndpoints.length === 0) lines.push('  endpoints: none');
    for (const se of s.serviceEndpoints) {
      const ips = se.endpoints.length === 0 ? '(no IP yet)' : se.endpoints.map((e) => `${e.ip}${e.description ? ` (${e.description})` : ''}`).join(', ');
      lines.push(`  endpoint ${se.managedServiceURN} → ${ips}`);
    }
  }
  const pending = vrs.targetSpec.subnets.length !== cs.subnets.length || vrs.resourceStatus !== 'READY';
  if (pending) lines.push(`target spec not applied yet: ${vrs.targetSpec.subnets.length} subnet(s) requested`);
  return lines.join('\n');
}
