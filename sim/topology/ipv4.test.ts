import { describe, expect, it } from 'vitest';
import { broadcastOf, containsCidr, formatIp, isRfc1918, networkOf, nthSubnet, formatCidr, overlaps, parseCidr, parseHostAddress, parseIp } from './ipv4.ts';
import { closest, didYouMean, editDistance } from './did-you-mean.ts';

const c = (t: string) => {
  const r = parseCidr(t);
  if (!r) throw new Error(t);
  return r;
};

describe('ipv4', () => {
  it('parses and formats', () => {
    expect(formatIp(parseIp('10.120.1.10') as number)).toBe('10.120.1.10');
    expect(parseIp('10.0.0.256')).toBeUndefined();
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseHostAddress('10.0.1.5/24')).toEqual({ ip: parseIp('10.0.1.5'), prefix: 24 });
  });
  it('computes network, broadcast, containment, overlap', () => {
    expect(formatIp(networkOf(c('10.120.1.10/16')))).toBe('10.120.0.0');
    expect(formatIp(broadcastOf(c('10.120.0.0/16')))).toBe('10.120.255.255');
    expect(containsCidr(c('10.120.0.0/16'), c('10.120.0.0/29'))).toBe(true);
    expect(containsCidr(c('10.120.0.0/29'), c('10.120.0.0/16'))).toBe(false);
    expect(overlaps(c('10.0.0.0/16'), c('10.0.1.0/24'))).toBe(true);
    expect(overlaps(c('10.0.1.0/24'), c('10.0.2.0/24'))).toBe(false);
  });
  it('knows RFC 1918 and slices pod CIDRs', () => {
    expect(['10.0.0.0/8', '172.31.0.0/16', '192.168.1.0/24', '172.32.0.0/16', '8.8.8.0/24'].map((t) => isRfc1918(c(t)))).toEqual([true, true, true, false, false]);
    expect(formatCidr(nthSubnet(c('10.2.0.0/16'), 24, 3))).toBe('10.2.3.0/24');
  });
});

describe('did-you-mean', () => {
  it('suggests only close matches', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closest('descripton', ['id', 'description'])).toBe('description');
    expect(closest('zzz', ['id', 'description'])).toBeUndefined();
    expect(didYouMean('vmm', ['baremetal', 'vm', 'gateway'])).toBe('; did you mean "vm"?');
    expect(didYouMean('router', ['baremetal', 'vm', 'gateway'])).toBe('');
  });
});
