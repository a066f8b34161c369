/** Account and product limits (reference §7.4, §7.10); every one may be overridden per lab. */
import { invalidInput } from '../core/errors.ts';
import { SERVICE_RANGE_RULES, type ServiceRangeRule } from './profiles.ts';

export interface Limits {
  vrackServicesPerAccount: number;
  /** vRack Services associated to one vRack (the product definition: 20). */
  vrackServicesPerVrack: number;
  /**
   * vRack Services of one region on one vRack (the guide "Exposing a managed service": 1). With the simulator's 5 regions this
   * caps a vRack at 5, so a lab raises it to reach `vrackServicesPerVrack` (docs/api-simulator.md).
   */
  vrackServicesPerRegionPerVrack: number;
  subnetsPerVrackServices: number;
  serviceEndpointsPerAccount: number;
  /** Subnet prefix range; when absent, the profile's (2024-04: /16–/24, 2025-10: /24). */
  subnetPrefixMin?: number;
  subnetPrefixMax?: number;
  /** Service range sizes; when absent, the profile's (both follow the guide: /27–/29). */
  serviceRangeRule?: ServiceRangeRule;
}

export const DEFAULT_LIMITS: Readonly<Limits> = {
  vrackServicesPerAccount: 20,
  vrackServicesPerVrack: 20,
  vrackServicesPerRegionPerVrack: 1,
  subnetsPerVrackServices: 1,
  serviceEndpointsPerAccount: 20,
};

export const LIMIT_FIELDS: readonly (keyof Limits)[] = [
  'vrackServicesPerAccount',
  'vrackServicesPerVrack',
  'vrackServicesPerRegionPerVrack',
  'subnetsPerVrackServices',
  'serviceEndpointsPerAccount',
  'subnetPrefixMin',
  'subnetPrefixMax',
  'serviceRangeRule',
];

/**
 * Upper bounds of the overrides: each vRack Services, subnet and endpoint can make the root lab
 * process create bridges, veths and firewall rules, so a caller of /lab/limits must not be able to
 * lift the account limits without bound.
 */
export const MAX_LIMITS: Readonly<Record<'vrackServicesPerAccount' | 'vrackServicesPerVrack' | 'subnetsPerVrackServices' | 'serviceEndpointsPerAccount', number>> = {
  vrackServicesPerAccount: 100,
  vrackServicesPerVrack: 100,
  subnetsPerVrackServices: 16,
  serviceEndpointsPerAccount: 100,
};

/** Checks limit overrides (from a lab file, `/lab/limits` or the admin API), naming the bad field and the valid ones. */
export function validateLimits(input: Partial<Limits>): Partial<Limits> {
  for (const [k, v] of Object.entries(input)) {
    if (!LIMIT_FIELDS.includes(k as keyof Limits)) throw invalidInput('limits field', k, 'unknown limit', LIMIT_FIELDS);
    if (k === 'serviceRangeRule') {
      if (!(SERVICE_RANGE_RULES as readonly unknown[]).includes(v)) throw invalidInput(`limits.${k}`, v, 'unknown service range rule', SERVICE_RANGE_RULES);
      continue;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw invalidInput(`limits.${k}`, v, 'must be a non-negative integer');
    if ((k === 'subnetPrefixMin' || k === 'subnetPrefixMax') && v > 32) throw invalidInput(`limits.${k}`, v, 'must be a prefix length from 0 to 32');
    const max = (MAX_LIMITS as Record<string, number>)[k];
    if (max !== undefined && v > max) throw invalidInput(`limits.${k}`, v, `must be an integer from 0 to ${max}`);
  }
  return input;
}
