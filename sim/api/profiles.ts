/**
 * API profiles (reference §7.3, §7.9): `2024-04` follows the guide "Exposing a managed service" (2024-04) (subnet /16–/24, displayName
 * in currentState/targetSpec, regions `LIM`, `GRA`…); `2025-10` follows the OpenAPI schema (subnet
 * /24 only, no displayName, regions `eu-west-lim`…). Internally every region is kept under its
 * OpenAPI name (also the storageNetApp region enum) and shown per profile.
 */
import { invalidInput } from '../core/errors.ts';

/** An API profile: `2024-04` (the guide "Exposing a managed service") or `2025-10` (the published OpenAPI). */
export type ProfileName = '2024-04' | '2025-10';
/** Every API profile the simulator implements. */
export const PROFILE_NAMES: readonly ProfileName[] = ['2024-04', '2025-10'];

/**
 * Service range sizes (docs/api-simulator.md, decisions): the guide and the OpenAPI catalogue say
 * /27 to /29 whatever the subnet; the product definition says /(subnet prefix + 1) to
 * /29. Both profiles follow the guide, whose rule both of their sources publish; a lab may choose
 * the product definition's (limits.serviceRangeRule).
 */
export const SERVICE_RANGE_RULES = ['guide', 'product-definition'] as const;
export type ServiceRangeRule = (typeof SERVICE_RANGE_RULES)[number];

/** The prefix lengths a service range may have inside a subnet of `subnetPrefix`, under `rule`. */
export function serviceRangePrefixBounds(rule: ServiceRangeRule, subnetPrefix: number): { min: number; max: number } {
  return rule === 'guide' ? { min: 27, max: 29 } : { min: subnetPrefix + 1, max: 29 };
}

export interface Profile {
  name: ProfileName;
  subnetPrefixMin: number;
  subnetPrefixMax: number;
  serviceRangeRule: ServiceRangeRule;
  /** Whether targetSpec/currentState carry the vRack Services `displayName`. */
  displayNameInSpec: boolean;
  /** Region name as shown by this profile, from the internal (OpenAPI) name. */
  showRegion(region: string): string;
}

/** OpenAPI region name → the guide's short name. */
const SHORT: Readonly<Record<string, string>> = {
  'eu-west-gra': 'GRA',
  'eu-west-lim': 'LIM',
  'eu-west-rbx': 'RBX',
  'eu-west-sbg': 'SBG',
  'ca-east-bhs': 'BHS',
};
export const REGIONS: readonly string[] = Object.keys(SHORT);

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  '2024-04': { name: '2024-04', subnetPrefixMin: 16, subnetPrefixMax: 24, serviceRangeRule: 'guide', displayNameInSpec: true, showRegion: (r) => SHORT[r] ?? r },
  '2025-10': { name: '2025-10', subnetPrefixMin: 24, subnetPrefixMax: 24, serviceRangeRule: 'guide', displayNameInSpec: false, showRegion: (r) => r },
};

/** The API profile of a name (`2024-04` or `2025-10`); an unknown one throws INVALID_INPUT listing the valid names. */
export function profileByName(name: string): Profile {
  const p = (PROFILES as Record<string, Profile>)[name];
  if (!p) throw invalidInput('profile', name, 'unknown API profile', PROFILE_NAMES);
  return p;
}

/** Accepts either form (`LIM` or `eu-west-lim`, any case) and returns the internal name, or undefined. */
export function normaliseRegion(input: unknown): string | undefined {
  if (typeof input !== 'string') return undefined;
  const lower = input.toLowerCase();
  if (REGIONS.includes(lower)) return lower;
  const found = Object.entries(SHORT).find(([, short]) => short.toLowerCase() === lower);
  return found?.[0];
}

/** All valid region spellings for a profile, for error messages. */
export function regionChoices(profile: Profile): string[] {
  return REGIONS.map((r) => profile.showRegion(r));
}
