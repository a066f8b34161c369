/**
 * Per-profile API facts the lab loader checks against and fills in: region names, limits and the
 * timing presets. Reference §7: profile `2024-04` follows the seed guide (regions like `LIM`,
 * subnets /16–/24), `2025-10` the OpenAPI schema (`eu-west-lim`, subnets /24 only).
 */
import type { ApiProfile } from './lab-file.ts';
import type { ResolvedLimits, ResolvedTimings } from './model.ts';

export const API_PROFILES: readonly ApiProfile[] = ['2024-04', '2025-10'];

const REGIONS: Record<ApiProfile, readonly string[]> = {
  '2024-04': ['LIM', 'GRA', 'RBX', 'SBG', 'BHS', 'WAW', 'ERI', 'PAR'],
  '2025-10': ['eu-west-lim', 'eu-west-gra', 'eu-west-rbx', 'eu-west-sbg', 'ca-east-bhs', 'eu-central-waw', 'eu-west-eri', 'eu-west-par'],
};

export function regionsFor(profile: ApiProfile): readonly string[] {
  return REGIONS[profile];
}

export function defaultLimits(profile: ApiProfile): ResolvedLimits {
  return {
    subnetsPerVrackServices: 1,
    vrackServicesPerAccount: 20,
    vrackServicesPerVrack: 20,
    serviceEndpointsPerAccount: 20,
    subnetPrefixMin: profile === '2024-04' ? 16 : 24,
    subnetPrefixMax: 24,
  };
}

/** `realistic`: seconds, as a person watching a lab expects; `fast`: milliseconds, for tests. */
export const TIMING_PRESETS: Record<'realistic' | 'fast', Omit<ResolvedTimings, 'preset'>> = {
  realistic: { taskPendingMs: 2_000, taskRunningMs: 8_000, vrackTaskMs: 3_000, deliveryMs: 1_000 },
  fast: { taskPendingMs: 10, taskRunningMs: 30, vrackTaskMs: 10, deliveryMs: 0 },
};
