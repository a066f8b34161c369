/**
 * Durations as people write them in scenarios and on the command line: `50 ms`, `3 seconds`,
 * `60s`, `2 minutes`. Returned in milliseconds.
 */
import { invalidInput } from './errors.ts';

const UNITS: Record<string, number> = { ms: 1, millisecond: 1, milliseconds: 1, s: 1000, second: 1000, seconds: 1000, minute: 60_000, minutes: 60_000, m: 60_000 };

export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/.exec(text);
  const unit = m?.[2];
  if (!m || unit === undefined || !(unit in UNITS)) {
    throw invalidInput('duration', text, 'must be a number followed by a unit', ['250ms', '3s', '3 seconds', '2 minutes']);
  }
  return Math.round(Number(m[1]) * UNITS[unit]!);
}
