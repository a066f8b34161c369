/**
 * Per-profile API facts the lab loader checks against and fills in: region names, limits and the
 * timing presets. They are the simulator's own (sim/api), so a lab file the loader accepts is one
 * the simulator accepts, and `timings: realistic` means the same numbers in both.
 */
import { PROFILE_NAMES, profileByName, regionChoices } from '../api/profiles.ts';
import { DEFAULT_LIMITS } from '../api/limits.ts';
import { TIMINGS_PRESETS } from '../api/timings.ts';
import type { ApiProfile } from './lab-file.ts';
import type { ResolvedLimits, ResolvedTimings } from './model.ts';

export const API_PROFILES: readonly ApiProfile[] = PROFILE_NAMES;

export function regionsFor(profile: ApiProfile): readonly string[] {
  return regionChoices(profileByName(profile));
}

export function defaultLimits(profile: ApiProfile): ResolvedLimits {
  const p = profileByName(profile);
  return { ...DEFAULT_LIMITS, subnetPrefixMin: p.subnetPrefixMin, subnetPrefixMax: p.subnetPrefixMax };
}

/** `realistic`: seconds, as a person watching a lab expects; `fast`: milliseconds, for tests. */
export const TIMING_PRESETS: Record<'realistic' | 'fast', Omit<ResolvedTimings, 'preset'>> = TIMINGS_PRESETS;
