import { describe, expect, it } from 'vitest';
import { parseRouteGet } from './net-inspect.ts';

describe('parseRouteGet', () => {
  it('reads device, gateway and source', () => {
    expect(parseRouteGet('10.0.2.142 via 10.0.1.1 dev eth1 src 10.0.1.11 uid 0 \\    cache')).toEqual({
      dev: 'eth1',
      via: '10.0.1.1',
      src: '10.0.1.11',
      raw: '10.0.2.142 via 10.0.1.1 dev eth1 src 10.0.1.11 uid 0 \\    cache',
    });
  });

  it('reads a directly connected destination', () => {
    expect(parseRouteGet('10.0.1.12 dev eth1 src 10.0.1.11 uid 0').via).toBeUndefined();
  });

  it('refuses output without a device, quoting it', () => {
    expect(() => parseRouteGet('garbage')).toThrow('cannot read the route decision: no "dev" in "garbage"');
  });
});
