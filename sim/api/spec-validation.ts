/**
 * Validation of a PUT /v2/vrackServices/resource/{id} body, in two steps: `parsePutBody` checks the
 * shape (types, unknown or read-only fields → InvalidJSON naming the field, §7.6; checksum format),
 * `validateSpec` checks the rules of reference §3/§7 against the rest of the state. Both throw
 * ApiFault with the published class and message.
 */
import { DISPLAY_NAME_PATTERN, errors } from './api-error.ts';
import { MD5_PATTERN } from './checksum.ts';
import { parseCidr, type Cidr } from '../core/ipv4.ts';
import type { Limits } from './limits.ts';
import type { SimState, TargetServiceEndpoint, TargetSpec, TargetSubnet, VrackServicesRecord } from './model.ts';
import { STORAGE_URN_PREFIX } from './model.ts';
import type { Profile } from './profiles.ts';
import { IPS_PER_ENDPOINT, serviceRangeBounds, serviceRangeCapacity, serviceRangeViolations, subnetPairViolations, subnetPrefixBounds, subnetViolations, VLAN_RANGE, type ServiceRangeViolation, type SubnetViolation } from './rules/subnet-rules.ts';

export { VLAN_RANGE };
export const COMPATIBLE_MANAGED_SERVICE_TYPES: readonly string[] = ['storageNetApp'];
const URN_PATTERN = /^urn:v1:[a-z]+:resource:([a-zA-Z][a-zA-Z0-9]*):([A-Za-z0-9][A-Za-z0-9._\-/]*)$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function onlyKeys(obj: Json, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) throw errors.invalidJson(`${path}.${key}`);
  }
}

function parseEndpoint(v: unknown, path: string): TargetServiceEndpoint {
  if (!isObject(v)) throw errors.invalidJson(path, 'must be an object');
  onlyKeys(v, ['managedServiceURN'], path);
  if (typeof v.managedServiceURN !== 'string') throw errors.invalidJson(`${path}.managedServiceURN`, 'is required and must be a string');
  return { managedServiceURN: v.managedServiceURN };
}

function parseSubnet(v: unknown, path: string): TargetSubnet {
  if (!isObject(v)) throw errors.invalidJson(path, 'must be an object');
  onlyKeys(v, ['cidr', 'displayName', 'serviceEndpoints', 'serviceRange', 'vlan'], path);
  if (typeof v.cidr !== 'string') throw errors.invalidJson(`${path}.cidr`, 'is required and must be a string');
  if (v.displayName !== undefined && v.displayName !== null && typeof v.displayName !== 'string') throw errors.invalidJson(`${path}.displayName`, 'must be a string or null');
  if (!Array.isArray(v.serviceEndpoints)) throw errors.invalidJson(`${path}.serviceEndpoints`, 'is required and must be an array');
  if (!isObject(v.serviceRange)) throw errors.invalidJson(`${path}.serviceRange`, 'is required and must be an object');
  onlyKeys(v.serviceRange, ['cidr'], `${path}.serviceRange`);
  if (typeof v.serviceRange.cidr !== 'string') throw errors.invalidJson(`${path}.serviceRange.cidr`, 'is required and must be a string');
  if (v.vlan !== undefined && v.vlan !== null && !Number.isInteger(v.vlan)) throw errors.invalidJson(`${path}.vlan`, 'must be an integer or null');
  return {
    cidr: v.cidr,
    displayName: (v.displayName as string | null | undefined) ?? null,
    serviceEndpoints: v.serviceEndpoints.map((e, i) => parseEndpoint(e, `${path}.serviceEndpoints[${i}]`)),
    serviceRange: { cidr: v.serviceRange.cidr },
    vlan: (v.vlan as number | null | undefined) ?? null,
  };
}

export interface PutBody {
  checksum: string;
  targetSpec: TargetSpec;
}

export function parsePutBody(body: unknown, profile: Profile): PutBody {
  if (!isObject(body)) throw errors.invalidJson();
  onlyKeys(body, ['checksum', 'targetSpec'], '$');
  if (typeof body.checksum !== 'string') throw errors.invalidJson('checksum', 'is required and must be a string');
  if (!isObject(body.targetSpec)) throw errors.invalidJson('targetSpec', 'is required and must be an object');
  const spec = body.targetSpec;
  onlyKeys(spec, profile.displayNameInSpec ? ['displayName', 'subnets'] : ['subnets'], 'targetSpec');
  if (!Array.isArray(spec.subnets)) throw errors.invalidJson('targetSpec.subnets', 'is required and must be an array');
  if (spec.displayName !== undefined && spec.displayName !== null && typeof spec.displayName !== 'string') throw errors.invalidJson('targetSpec.displayName', 'must be a string or null');
  if (!MD5_PATTERN.test(body.checksum)) throw errors.checksumBadFormat(body.checksum);
  const targetSpec: TargetSpec = { subnets: spec.subnets.map((s, i) => parseSubnet(s, `targetSpec.subnets[${i}]`)) };
  if (profile.displayNameInSpec) targetSpec.displayName = (spec.displayName as string | null | undefined) ?? null;
  return { checksum: body.checksum, targetSpec };
}

function cidrOrInvalid(text: string, path: string) {
  const c = parseCidr(text);
  if (!c) throw errors.invalidJson(path, 'must be an IPv4 CIDR block');
  return c;
}

export interface ValidationContext {
  profile: Profile;
  limits: Limits;
  state: SimState;
  vrs: VrackServicesRecord;
}

function specUrns(spec: TargetSpec): string[] {
  return spec.subnets.flatMap((s) => s.serviceEndpoints.map((e) => e.managedServiceURN));
}

/** A subnet rule's violation as the API's published error class and message. */
function subnetError(v: SubnetViolation | ServiceRangeViolation, s: TargetSubnet): ReturnType<typeof errors.badRequest> {
  switch (v.rule) {
    case 'subnet-not-private':
      return errors.subnetNotPrivate(s.cidr);
    case 'subnet-not-network':
      return errors.subnetNotNetworkIp(s.cidr);
    case 'subnet-prefix':
      return errors.subnetPrefixIncorrect(s.cidr, v.bounds.min === v.bounds.max ? String(v.bounds.max) : `between ${v.bounds.min} and ${v.bounds.max}`);
    case 'vlan-out-of-range':
      return errors.subnetVlanOutOfRange(s.cidr, s.vlan);
    case 'range-not-private':
      return errors.serviceRangeNotPrivate(s.serviceRange.cidr);
    case 'range-not-network':
      return errors.serviceRangeNotNetworkIp(s.serviceRange.cidr);
    case 'range-prefix':
      return errors.serviceRangePrefixOutOfRange(s.serviceRange.cidr, v.bounds.min, v.bounds.max);
    case 'range-not-in-subnet':
      return errors.serviceRangeNotInSubnet(s.cidr, s.serviceRange.cidr);
  }
}

export function validateSpec(spec: TargetSpec, ctx: ValidationContext): void {
  const { profile, limits, state, vrs } = ctx;
  if (spec.subnets.length > limits.subnetsPerVrackServices) throw errors.subnetLimitExceeded(limits.subnetsPerVrackServices);
  if (spec.displayName !== undefined && spec.displayName !== null && !DISPLAY_NAME_PATTERN.test(spec.displayName)) throw errors.displayNameBadFormat();

  const parsed = spec.subnets.map((s, i) => {
    const path = `targetSpec.subnets[${i}]`;
    if (s.displayName !== null && !DISPLAY_NAME_PATTERN.test(s.displayName)) throw errors.displayNameBadFormat();
    const cidr = cidrOrInvalid(s.cidr, `${path}.cidr`);
    const [subnetFault] = subnetViolations(cidr, s.vlan, subnetPrefixBounds(profile, limits));
    if (subnetFault) throw subnetError(subnetFault, s);
    const range = cidrOrInvalid(s.serviceRange.cidr, `${path}.serviceRange.cidr`);
    const [rangeFault] = serviceRangeViolations(cidr, range, serviceRangeBounds(profile, limits, cidr.prefix));
    if (rangeFault) throw subnetError(rangeFault, s);
    return cidr;
  });
  for (let i = 0; i < parsed.length; i++) {
    for (let j = i + 1; j < parsed.length; j++) {
      const a = spec.subnets[i] as TargetSubnet;
      const b = spec.subnets[j] as TargetSubnet;
      const [pairFault] = subnetPairViolations({ cidr: parsed[i] as Cidr, vlan: a.vlan }, { cidr: parsed[j] as Cidr, vlan: b.vlan });
      if (pairFault === 'overlap') throw errors.subnetOverlap(b.cidr, a.cidr);
      if (pairFault === 'vlan-duplicated') throw errors.subnetVlanDuplicated(a.vlan);
    }
  }

  const seen = new Set<string>();
  for (const subnet of spec.subnets) {
    for (const { managedServiceURN: urn } of subnet.serviceEndpoints) {
      const m = URN_PATTERN.exec(urn);
      if (!m) throw errors.managedServiceUrnBadFormat(urn);
      const type = m[1] as string;
      if (!COMPATIBLE_MANAGED_SERVICE_TYPES.includes(type)) throw errors.managedServiceIncompatibleType(type);
      if (seen.has(urn)) throw errors.managedServiceDuplicated(urn);
      seen.add(urn);
      const storage = urn.startsWith(STORAGE_URN_PREFIX) ? state.storage.find((s) => s.id === urn.slice(STORAGE_URN_PREFIX.length)) : undefined;
      if (!storage || storage.status === 'deleted') throw errors.managedServiceNotFound(urn);
      if (storage.region !== vrs.region) throw errors.managedServiceRegionMismatch(urn, storage.region, profile.showRegion(vrs.region));
      if (storage.status !== 'running') throw errors.managedServiceNotAvailable(urn, storage.status);
      for (const other of state.vrackServices) {
        if (other.id === vrs.id) continue;
        const inTarget = specUrns(other.targetSpec).includes(urn);
        const inCurrent = other.current.subnets.some((s) => s.serviceEndpoints.some((e) => e.managedServiceURN === urn));
        // Another vRack Services still converging on this service holds it: locked rather than attached.
        if ((inTarget || inCurrent) && other.resourceStatus !== 'READY') throw errors.managedServiceLocked(urn);
        if (inTarget) throw errors.managedServiceAlreadyAttached(urn, other.id);
      }
    }
    const needed = subnet.serviceEndpoints.length * IPS_PER_ENDPOINT; // storageNetApp (§7.11)
    const cap = serviceRangeCapacity(parseCidr(subnet.cidr) as Cidr, parseCidr(subnet.serviceRange.cidr) as Cidr);
    if (needed > cap) throw errors.serviceRangeCapacityExceeded(subnet.serviceRange.cidr, needed, cap);
  }
  const others = state.vrackServices.filter((o) => o.id !== vrs.id).reduce((n, o) => n + specUrns(o.targetSpec).length, 0);
  if (others + seen.size > limits.serviceEndpointsPerAccount) throw errors.serviceEndpointLimitExceeded(limits.serviceEndpointsPerAccount);
}

