/**
 * The vRack Services of a lab file: names, regions, association to a vRack, and their subnets,
 * checked by the simulator's own subnet rules (api/rules/subnet-rules.ts) so that a lab the loader
 * accepts is one the simulator accepts. What only a lab knows is checked here too: service range
 * addresses no host of the same vRack VLAN uses, and endpoints naming declared managed services.
 */
import { didYouMean } from '../did-you-mean.ts';
import { containsIp, formatIp, parseCidr, type Cidr } from '../../core/ipv4.ts';
import { IPS_PER_ENDPOINT, RFC1918_RANGES, serviceRangeBounds, serviceRangeCapacity, serviceRangeViolations, subnetPairViolations, subnetPrefixBounds, subnetViolations, VLAN_RANGE } from '../../api/rules/subnet-rules.ts';
import type { ServiceRangeViolation, SubnetViolation } from '../../api/rules/subnet-rules.ts';
import { profileByName } from '../../api/profiles.ts';
import type { DocPath } from '../lab-issue.ts';
import type { SubnetFile, VrackServicesFile } from '../lab-file.ts';
import type { CheckContext } from './check-context.ts';

interface SubnetSeen {
  cidr: Cidr;
  vlan: number | null;
  text: string;
}

export function checkVrackServices(ctx: CheckContext): void {
  const vrsNames: string[] = [];
  const regionPerVrack = new Map<string, string>();
  /** managed service → the vRack Services it is attached to */
  const attached = new Map<string, string>();
  (ctx.lab.vrackServices ?? []).forEach((v, i) => {
    const p: DocPath = ['vrackServices', i];
    if (vrsNames.includes(v.name)) ctx.add([...p, 'name'], `duplicate vRack Services ${JSON.stringify(v.name)}: already declared (names are unique)`);
    vrsNames.push(v.name);
    if (!ctx.regions.includes(v.region)) ctx.add([...p, 'region'], `unknown region ${JSON.stringify(v.region)} for vRack Services ${JSON.stringify(v.name)}: not a region of profile ${ctx.profile}${didYouMean(v.region, ctx.regions)} (valid: ${ctx.regions.join(', ')})`);
    if (v.vrack !== undefined && ctx.refVrack(v.vrack, [...p, 'vrack'], `vRack Services ${JSON.stringify(v.name)}`)) {
      const key = `${v.vrack}:${v.region}`;
      const prev = regionPerVrack.get(key);
      if (prev !== undefined) ctx.add([...p, 'vrack'], `invalid association of ${JSON.stringify(v.name)} to ${v.vrack}: ${JSON.stringify(prev)} is already associated in region ${v.region} (one vRack Services per region per vRack)`);
      else regionPerVrack.set(key, v.name);
    }
    const subnets = v.subnets ?? [];
    if (subnets.length > ctx.limits.subnetsPerVrackServices) {
      ctx.add([...p, 'subnets'], `too many subnets in ${JSON.stringify(v.name)}: limit is ${ctx.limits.subnetsPerVrackServices} per vRack Services (raise api.limits.subnetsPerVrackServices to allow more)`);
    }
    const seen: SubnetSeen[] = [];
    subnets.forEach((s, j) => {
      const sp: DocPath = [...p, 'subnets', j];
      const c = checkSubnet(ctx, v, s, sp, seen);
      const r = checkServiceRange(ctx, v, s, sp, c);
      checkEndpoints(ctx, v, s, sp, { subnet: c, range: r, attached });
    });
  });
  if (vrsNames.length > ctx.limits.vrackServicesPerAccount) {
    ctx.issues.push({ path: ['vrackServices'], atKey: true, message: `too many vRack Services: ${vrsNames.length} exceed the account limit of ${ctx.limits.vrackServicesPerAccount} (raise api.limits.vrackServicesPerAccount)` });
  }
}

function subnetMessage(v: SubnetViolation, s: SubnetFile, owner: string, profile: string): string {
  switch (v.rule) {
    case 'subnet-not-private':
      return `invalid subnet ${s.cidr} in ${owner}: must be a private network address (RFC 1918: ${RFC1918_RANGES})`;
    case 'subnet-not-network':
      return `invalid subnet ${s.cidr} in ${owner}: not a network address (did you mean ${formatIp(v.network.network)}/${v.network.prefix}?)`;
    case 'subnet-prefix':
      return `invalid subnet ${s.cidr} in ${owner}: prefix length must be within [${v.bounds.min}, ${v.bounds.max}] (profile ${profile})`;
    case 'vlan-out-of-range':
      return `invalid VLAN ${String(s.vlan)} of subnet ${s.cidr} in ${owner}: must be within [${VLAN_RANGE.min}, ${VLAN_RANGE.max}] or null for untagged`;
  }
}

function checkSubnet(ctx: CheckContext, v: VrackServicesFile, s: SubnetFile, sp: DocPath, seen: SubnetSeen[]): Cidr {
  const owner = JSON.stringify(v.name);
  const c = parseCidr(s.cidr) as Cidr;
  const vlan = s.vlan ?? null;
  for (const fault of subnetViolations(c, vlan, subnetPrefixBounds(profileByName(ctx.profile), ctx.limits))) {
    ctx.add([...sp, fault.rule === 'vlan-out-of-range' ? 'vlan' : 'cidr'], subnetMessage(fault, s, owner, ctx.profile));
  }
  let vlanTaken = false;
  for (const o of seen) {
    const faults = subnetPairViolations(o, { cidr: c, vlan });
    if (faults.includes('overlap')) ctx.add([...sp, 'cidr'], `invalid subnet ${s.cidr} in ${owner}: overlaps ${o.text} (subnet CIDRs must not overlap)`);
    vlanTaken ||= faults.includes('vlan-duplicated');
  }
  if (vlanTaken) ctx.add([...sp, 'vlan'], `duplicate VLAN ${String(s.vlan ?? 'untagged')} in ${owner}: each subnet of a vRack Services needs its own VLAN`);
  seen.push({ cidr: c, vlan, text: s.cidr });
  return c;
}

function rangeMessage(v: ServiceRangeViolation, s: SubnetFile): string {
  switch (v.rule) {
    case 'range-not-private':
      return `invalid serviceRange ${s.serviceRange}: must be a private network address (RFC 1918: ${RFC1918_RANGES})`;
    case 'range-not-network':
      return `invalid serviceRange ${s.serviceRange}: not a network address (did you mean ${formatIp(v.network.network)}/${v.network.prefix}?)`;
    case 'range-not-in-subnet':
      return `invalid serviceRange ${s.serviceRange}: not inside subnet ${s.cidr}`;
    case 'range-prefix':
      return `invalid serviceRange ${s.serviceRange}: prefix length must be within [${v.bounds.min}, ${v.bounds.max}]`;
  }
}

function checkServiceRange(ctx: CheckContext, v: VrackServicesFile, s: SubnetFile, sp: DocPath, c: Cidr): Cidr {
  const r = parseCidr(s.serviceRange) as Cidr;
  for (const fault of serviceRangeViolations(c, r, serviceRangeBounds(profileByName(ctx.profile), ctx.limits, c.prefix))) {
    ctx.add([...sp, 'serviceRange'], rangeMessage(fault, s));
  }
  // The guide: service range addresses "must not be used by other nodes connected to the vRack".
  if (v.vrack !== undefined) {
    for (const net of ctx.nets.values()) {
      if (net.vrack !== v.vrack || net.vlan !== (s.vlan ?? null)) continue;
      for (const [ip, owner] of net.used) {
        if (containsIp(r, ip)) ctx.add([...sp, 'serviceRange'], `invalid serviceRange ${s.serviceRange} in ${JSON.stringify(v.name)}: ${owner} uses ${formatIp(ip)} on the same vRack VLAN (service range addresses are reserved for managed services)`);
      }
    }
  }
  return r;
}

interface EndpointScope {
  subnet: Cidr;
  range: Cidr;
  attached: Map<string, string>;
}

function checkEndpoints(ctx: CheckContext, v: VrackServicesFile, s: SubnetFile, sp: DocPath, scope: EndpointScope): void {
  const capacity = serviceRangeCapacity(scope.subnet, scope.range);
  const eps = s.serviceEndpoints ?? [];
  const needed = eps.length * IPS_PER_ENDPOINT;
  if (needed > capacity) ctx.add([...sp, 'serviceEndpoints'], `too many service endpoints in subnet ${s.cidr}: ${eps.length} need ${needed} IPs, serviceRange ${s.serviceRange} has ${capacity} (${IPS_PER_ENDPOINT} IP per storageNetApp)`);
  eps.forEach((ep, k) => {
    const epPath: DocPath = [...sp, 'serviceEndpoints', k];
    const region = ctx.efsRegion.get(ep);
    if (region === undefined) {
      const valid = [...ctx.efsRegion.keys()];
      ctx.add(epPath, `unknown managed service ${JSON.stringify(ep)} in ${JSON.stringify(v.name)}: not declared in managedServices${didYouMean(ep, valid)} (valid: ${valid.join(', ') || 'none declared'})`);
      return;
    }
    if (region !== v.region) ctx.add(epPath, `invalid service endpoint ${JSON.stringify(ep)} in ${JSON.stringify(v.name)}: the managed service is in region ${region}, the vRack Services in ${v.region} (they must match)`);
    const prev = scope.attached.get(ep);
    if (prev !== undefined) ctx.add(epPath, `invalid service endpoint ${JSON.stringify(ep)} in ${JSON.stringify(v.name)}: already attached to ${JSON.stringify(prev)} (a managed service is attached to one vRack Services at a time)`);
    scope.attached.set(ep, v.name);
  });
}
