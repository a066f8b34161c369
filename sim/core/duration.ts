/**
 * Durations as people write them in scenarios and on the command line: `50 ms`, `3 seconds`,
 * `60s`, `2m`, `2 minutes`. Returned in milliseconds. `what` names the input in errors (`--timeout`);
 * `bareUnit` lets a plain number mean that unit (the CLI reads `90` as 90 s).
 */
import { invalidInput } from './errors.ts';

const UNITS: Record<string, number> = { ms: 1, millisecond: 1, milliseconds: 1, s: 1000, second: 1000, seconds: 1000, m: 60_000, min: 60_000, minute: 60_000, minutes: 60_000 };

/** Parses a duration such as `50 ms`, `2 s` or `1 minute` into milliseconds; a malformed one throws INVALID_INPUT naming the valid units. */
export function parseDuration(text: string, what = 'duration', options: { bareUnit?: 'ms' | 's' } = {}): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/.exec(text);
  const unit = m?.[2] || options.bareUnit;
  if (!m || unit === undefined || !(unit in UNITS)) {
    throw invalidInput(what, text, 'must be a number followed by a unit', ['250ms', '3s', '3 seconds', '2m', ...(options.bareUnit ? ['90'] : [])]);
  }
  return Math.round(Number(m[1]) * UNITS[unit]!);
}
