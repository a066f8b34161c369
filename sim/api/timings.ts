/**
 * How long the simulated asynchronous operations take. `realistic` is for labs watched by people
 * and for interruption measurements (seconds); `fast` is for unit tests (milliseconds).
 */
import { invalidInput } from '../core/errors.ts';

/** How long the simulated API takes: task pending and running phases, vRack tasks, delivery, and the cut of a disruptive change (ms). */
export interface Timings {
  /** CREATING → READY after a lab delivers a vRack Services. */
  deliveryMs: number;
  /** A v2 task stays PENDING this long before it runs. */
  taskPendingMs: number;
  /** A v2 task stays RUNNING this long (spread around the data-plane work). */
  taskRunningMs: number;
  /** During a disruptive change: time between detaching the old endpoints and attaching the new ones. */
  disruptiveCutMs: number;
  /** A v1 vRack task (association/dissociation) takes this long from init to done. */
  vrackTaskMs: number;
}

export type TimingsPreset = 'realistic' | 'fast';
export const TIMINGS_PRESETS: Readonly<Record<TimingsPreset, Timings>> = {
  realistic: { deliveryMs: 5000, taskPendingMs: 1000, taskRunningMs: 3000, disruptiveCutMs: 3000, vrackTaskMs: 2000 },
  fast: { deliveryMs: 20, taskPendingMs: 10, taskRunningMs: 20, disruptiveCutMs: 20, vrackTaskMs: 10 },
};

const FIELDS = Object.keys(TIMINGS_PRESETS.fast) as (keyof Timings)[];

/** Resolves a preset name or per-field overrides (on top of `base`, default `fast`). */
export function resolveTimings(input: TimingsPreset | Partial<Timings> | undefined, base: Timings = TIMINGS_PRESETS.fast): Timings {
  if (input === undefined) return { ...base };
  if (typeof input === 'string') {
    const preset = (TIMINGS_PRESETS as Record<string, Timings>)[input];
    if (!preset) throw invalidInput('timings', input, 'unknown timings preset', Object.keys(TIMINGS_PRESETS));
    return { ...preset };
  }
  const out = { ...base };
  for (const [key, value] of Object.entries(input)) {
    if (!FIELDS.includes(key as keyof Timings)) throw invalidInput('timings field', key, 'unknown timings field', FIELDS);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 3_600_000) {
      throw invalidInput(`timings.${key}`, value, 'must be a number of milliseconds between 0 and 3600000');
    }
    out[key as keyof Timings] = value;
  }
  return out;
}
