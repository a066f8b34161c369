import { describe, expect, it } from 'vitest';
import { accounting, allocate, rangeCapacity } from './ip-allocation.ts';

describe('service range IP accounting (§4, §7.1)', () => {
  it('base-aligned /29: reserved 5, remaining 3, first endpoint .1 (the complete example of the guide)', () => {
    expect(accounting('10.120.0.0/16', '10.120.0.0/29', 0)).toEqual({ reservedIps: 5, usedIps: 0, remainingIps: 3 });
    expect(accounting('10.120.0.0/16', '10.120.0.0/29', 1)).toEqual({ reservedIps: 5, usedIps: 1, remainingIps: 2 });
    expect(allocate('10.120.0.0/16', '10.120.0.0/29', [], 1)).toEqual(['10.120.0.1']);
    expect(allocate('10.120.0.0/24', '10.120.0.0/29', [], 3)).toEqual(['10.120.0.1', '10.120.0.2', '10.120.0.3']);
    expect(allocate('10.120.0.0/24', '10.120.0.0/29', [], 4)).toBeUndefined();
  });
  it('mid-subnet /27: reserved 4, remaining 28 (OpenAPI example 172.16.0.32/27 with one endpoint: 27)', () => {
    expect(accounting('172.16.0.0/24', '172.16.0.32/27', 1)).toEqual({ reservedIps: 4, usedIps: 1, remainingIps: 27 });
    expect(allocate('172.16.0.0/24', '172.16.0.32/27', [], 1)).toEqual(['172.16.0.32']);
    expect(rangeCapacity('172.16.0.0/24', '172.16.0.32/27')).toBe(28);
  });
  it('a range at the top of the subnet reserves the broadcast plus the 4 highest others', () => {
    expect(accounting('10.0.0.0/24', '10.0.0.248/29', 0)).toEqual({ reservedIps: 5, usedIps: 0, remainingIps: 3 });
    // .255 broadcast and .251-.254 reserved: .248 .249 .250 usable.
    expect(allocate('10.0.0.0/24', '10.0.0.248/29', [], 3)).toEqual(['10.0.0.248', '10.0.0.249', '10.0.0.250']);
  });
  it('keeps the invariant reserved + used + remaining = range size for every prefix', () => {
    for (const [subnet, range, size] of [
      ['10.0.0.0/24', '10.0.0.0/27', 32],
      ['10.0.0.0/24', '10.0.0.64/28', 16],
      ['10.0.0.0/27', '10.0.0.0/27', 32],
    ] as const) {
      const a = accounting(subnet, range, 2);
      expect(a.reservedIps + a.usedIps + a.remainingIps).toBe(size);
    }
    // A /27 subnet equal to its range holds both network and broadcast: 6 reserved.
    expect(accounting('10.0.0.0/27', '10.0.0.0/27', 0).reservedIps).toBe(6);
  });
  it('skips addresses already taken', () => {
    expect(allocate('10.120.0.0/24', '10.120.0.0/29', ['10.120.0.1'], 1)).toEqual(['10.120.0.2']);
  });
});
