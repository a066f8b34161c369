import { describe, expect, it } from 'vitest';
import { contains, formatIpv4, isNetworkAddress, isPrivate, overlaps, parseCidr, parseIpv4 } from './cidr.ts';

const c = (t: string) => {
  const v = parseCidr(t);
  if (!v) throw new Error(`bad test cidr ${t}`);
  return v;
};

describe('cidr helpers', () => {
  it('parses and formats IPv4 addresses, refusing out-of-range and leading-zero octets', () => {
    expect(formatIpv4(parseIpv4('10.120.0.1') as number)).toBe('10.120.0.1');
    expect(parseIpv4('256.0.0.1')).toBeUndefined();
    expect(parseIpv4('10.01.0.1')).toBeUndefined();
    expect(parseIpv4('10.0.0')).toBeUndefined();
  });
  it('parses a CIDR into network, size and last address', () => {
    const v = c('10.120.0.5/29');
    expect(formatIpv4(v.network)).toBe('10.120.0.0');
    expect(v.size).toBe(8);
    expect(formatIpv4(v.last)).toBe('10.120.0.7');
    expect(isNetworkAddress(v)).toBe(false);
    expect(isNetworkAddress(c('10.120.0.0/29'))).toBe(true);
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0')).toBeUndefined();
    expect(parseCidr(42)).toBeUndefined();
  });
  it('knows the RFC1918 ranges exactly', () => {
    expect(isPrivate(c('10.0.0.0/8'))).toBe(true);
    expect(isPrivate(c('172.31.255.0/24'))).toBe(true);
    expect(isPrivate(c('172.32.0.0/24'))).toBe(false);
    expect(isPrivate(c('192.168.0.0/16'))).toBe(true);
    expect(isPrivate(c('192.169.0.0/24'))).toBe(false);
    expect(isPrivate(c('8.8.8.0/24'))).toBe(false);
  });
  it('computes containment and overlap', () => {
    expect(contains(c('10.0.0.0/24'), c('10.0.0.32/27'))).toBe(true);
    expect(contains(c('10.0.0.0/24'), c('10.0.1.0/29'))).toBe(false);
    expect(overlaps(c('10.0.0.0/16'), c('10.0.5.0/24'))).toBe(true);
    expect(overlaps(c('10.0.0.0/24'), c('10.0.1.0/24'))).toBe(false);
  });
});
