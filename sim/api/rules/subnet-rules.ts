/**
 * The subnet rules of a vRack Services target spec, written once for the two places that enforce
 * them: the simulator (spec-validation.ts, answering a PUT with the published error class) and the
 * lab loader (topology/semantic-check.ts, pointing at the line of the lab file). The rules come from
 * the vRack Services product definition and the OVHcloud guide "Exposing a managed service":
 * RFC 1918 subnets given by their network address, a prefix range per API profile, a VLAN in
 * [2, 4094], a service range inside its subnet whose size the guide (/27 to /29) or the product
 * definition (/(subnet prefix + 1) to /29) bounds, and four reserved addresses per range.
 *
 * Pure: each check returns the violations it finds, in the simulator's order, and the caller turns
 * them into its own kind of error.
 */
import { containsCidr, isNetworkAddress, isRfc1918, overlaps, type Cidr } from '../../core/ipv4.ts';
import { reservedAddresses } from '../ip-allocation.ts';
import type { Limits } from '../limits.ts';
import { serviceRangePrefixBounds, type Profile } from '../profiles.ts';

export const VLAN_RANGE = { min: 2, max: 4094 } as const;
/** The private ranges a subnet and its service range must lie in, for messages. */
export const RFC1918_RANGES = '10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16';

export interface PrefixBounds {
  min: number;
  max: number;
}

/** What the rules read from the account: the profile's bounds, overridden per lab by its limits. */
export type RuleLimits = Pick<Limits, 'subnetPrefixMin' | 'subnetPrefixMax' | 'serviceRangeRule'>;
export type RuleProfile = Pick<Profile, 'subnetPrefixMin' | 'subnetPrefixMax' | 'serviceRangeRule'>;

export function subnetPrefixBounds(profile: RuleProfile, limits: RuleLimits): PrefixBounds {
  return { min: limits.subnetPrefixMin ?? profile.subnetPrefixMin, max: limits.subnetPrefixMax ?? profile.subnetPrefixMax };
}

export function serviceRangeBounds(profile: RuleProfile, limits: RuleLimits, subnetPrefix: number): PrefixBounds {
  return serviceRangePrefixBounds(limits.serviceRangeRule ?? profile.serviceRangeRule, subnetPrefix);
}

export type SubnetViolation =
  | { rule: 'subnet-not-private' }
  | { rule: 'subnet-not-network'; network: Cidr }
  | { rule: 'subnet-prefix'; bounds: PrefixBounds }
  | { rule: 'vlan-out-of-range' };

/** The subnet CIDR and its VLAN, alone. */
export function subnetViolations(subnet: Cidr, vlan: number | null, bounds: PrefixBounds): SubnetViolation[] {
  const out: SubnetViolation[] = [];
  if (!isRfc1918(subnet)) out.push({ rule: 'subnet-not-private' });
  if (!isNetworkAddress(subnet)) out.push({ rule: 'subnet-not-network', network: subnet });
  if (subnet.prefix < bounds.min || subnet.prefix > bounds.max) out.push({ rule: 'subnet-prefix', bounds });
  if (vlan !== null && (vlan < VLAN_RANGE.min || vlan > VLAN_RANGE.max)) out.push({ rule: 'vlan-out-of-range' });
  return out;
}

export type ServiceRangeViolation =
  | { rule: 'range-not-private' }
  | { rule: 'range-not-network'; network: Cidr }
  | { rule: 'range-prefix'; bounds: PrefixBounds }
  | { rule: 'range-not-in-subnet' };

/** The service range against its subnet; `bounds` from serviceRangeBounds for that subnet's prefix. */
export function serviceRangeViolations(subnet: Cidr, range: Cidr, bounds: PrefixBounds): ServiceRangeViolation[] {
  const out: ServiceRangeViolation[] = [];
  if (!isRfc1918(range)) out.push({ rule: 'range-not-private' });
  if (!isNetworkAddress(range)) out.push({ rule: 'range-not-network', network: range });
  if (range.prefix < bounds.min || range.prefix > bounds.max) out.push({ rule: 'range-prefix', bounds });
  if (!containsCidr(subnet, range)) out.push({ rule: 'range-not-in-subnet' });
  return out;
}

export type SubnetPairViolation = 'overlap' | 'vlan-duplicated';

/** Two subnets of one vRack Services: their CIDRs must not overlap and their VLANs must differ. */
export function subnetPairViolations(a: { cidr: Cidr; vlan: number | null }, b: { cidr: Cidr; vlan: number | null }): SubnetPairViolation[] {
  const out: SubnetPairViolation[] = [];
  if (overlaps(a.cidr, b.cidr)) out.push('overlap');
  if (a.vlan === b.vlan) out.push('vlan-duplicated');
  return out;
}

/** How many managed-service endpoints a service range can hold: its size minus the reserved addresses. */
export function serviceRangeCapacity(subnet: Cidr, range: Cidr): number {
  return range.size - reservedAddresses(subnet, range).size;
}

/** IPs a storageNetApp endpoint takes in the service range (the product definition: one per service). */
export const IPS_PER_ENDPOINT = 1;
