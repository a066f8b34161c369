import { describe, expect, it } from 'vitest';
import { matchWildcard } from './wildcard.ts';

describe('matchWildcard', () => {
  it('matches literal text exactly when there is no star', () => {
    expect(matchWildcard('/v2/x', '/v2/x')).toBe(true);
    expect(matchWildcard('/v2/x', '/v2/xy')).toBe(false);
  });
  it('a star matches any run, including an empty one and slashes', () => {
    expect(matchWildcard('/v2/*/task', '/v2/vrackServices/resource/vrs-1/task')).toBe(true);
    expect(matchWildcard('/v2/*/task', '/v2//task')).toBe(true);
    expect(matchWildcard('/v2/*/task', '/v2/a/tasks')).toBe(false);
    expect(matchWildcard('*', '')).toBe(true);
    expect(matchWildcard('a*a', 'a')).toBe(false);
  });
  it('places middle segments leftmost and keeps them inside prefix and suffix', () => {
    expect(matchWildcard('a*b*c', 'axxbyyc')).toBe(true);
    expect(matchWildcard('a*bc*c', 'abcc')).toBe(true);
    expect(matchWildcard('a*b*b', 'ab')).toBe(false);
  });
  it('takes another star character and ignores case when asked (LIKE / ILIKE)', () => {
    expect(matchWildcard('pr%d', 'production', { star: '%' })).toBe(false);
    expect(matchWildcard('pr%n', 'production', { star: '%' })).toBe(true);
    expect(matchWildcard('PR%N', 'production', { star: '%', ignoreCase: true })).toBe(true);
    expect(matchWildcard('a.*', 'abc', { star: '%' })).toBe(false); // regexp syntax is literal text
  });
  it('answers a pathological pattern on a long text quickly (counted in steps, not timed)', () => {
    // The RegExp form of this pattern backtracks exponentially on a text without a "b".
    const text = 'a'.repeat(5000);
    expect(matchWildcard('%a%a%a%a%a%a%a%a%a%b', text, { star: '%' })).toBe(false);
    expect(matchWildcard('%a%a%a%a%a%a%a%a%a%a', text, { star: '%' })).toBe(true);
  });
});
