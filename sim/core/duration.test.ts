import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it.each([
    ['50 ms', 50],
    ['3 seconds', 3000],
    ['1 second', 1000],
    ['60s', 60_000],
    ['1.5s', 1500],
    ['2 minutes', 120_000],
    ['2m', 120_000],
    ['2min', 120_000],
  ])('%s → %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it('refuses unknown units, naming the valid forms', () => {
    expect(() => parseDuration('3 fortnights')).toThrow('invalid duration: must be a number followed by a unit (got "3 fortnights"; valid: 250ms, 3s, 3 seconds, 2m)');
  });

  it('reads a bare number in the unit the caller gives, and names the input in errors', () => {
    expect(parseDuration('90', '--timeout', { bareUnit: 's' })).toBe(90_000);
    expect(() => parseDuration('90', '--timeout')).toThrow('invalid --timeout: must be a number followed by a unit (got "90"; valid: 250ms, 3s, 3 seconds, 2m)');
  });
});
