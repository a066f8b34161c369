import { describe, expect, it } from 'vitest';
import {
  CIDR_RE, IPV4_RE, cidrOf, containsCidr, containsIp, formatCidr, formatIp, isNetworkAddress, isRfc1918, nthSubnet, overlaps, parseCidr,
  parseHostAddress, parseIp,
} from './ipv4.ts';

const c = (t: string) => {
  const v = parseCidr(t);
  if (!v) throw new Error(`bad test cidr ${t}`);
  return v;
};

describe('ipv4 parsing and formatting', () => {
  it('parses and formats IPv4 addresses, refusing out-of-range and leading-zero octets', () => {
    expect(formatIp(parseIp('10.120.0.1') as number)).toBe('10.120.0.1');
    expect(formatIp(parseIp('10.120.1.10') as number)).toBe('10.120.1.10');
    expect(formatIp(parseIp('255.255.255.255') as number)).toBe('255.255.255.255');
    expect(parseIp('256.0.0.1')).toBeUndefined();
    expect(parseIp('10.0.0.256')).toBeUndefined();
    expect(parseIp('10.01.0.1')).toBeUndefined();
    expect(parseIp('10.0.0')).toBeUndefined();
    expect(IPV4_RE.test('10.0.0.0')).toBe(true);
    expect(IPV4_RE.test('10.0.0.00')).toBe(false);
  });
  it('parses a CIDR into network, size and last address', () => {
    const v = c('10.120.0.5/29');
    expect(v.address).toBe(parseIp('10.120.0.5'));
    expect(v.prefix).toBe(29);
    expect(formatIp(v.network)).toBe('10.120.0.0');
    expect(v.size).toBe(8);
    expect(formatIp(v.last)).toBe('10.120.0.7');
    expect(formatCidr(v)).toBe('10.120.0.5/29');
    expect(isNetworkAddress(v)).toBe(false);
    expect(isNetworkAddress(c('10.120.0.0/29'))).toBe(true);
    expect(formatIp(c('10.120.1.10/16').network)).toBe('10.120.0.0');
    expect(formatIp(c('10.120.0.0/16').last)).toBe('10.120.255.255');
    expect(c('0.0.0.0/0').size).toBe(2 ** 32);
    expect(c('10.0.0.1/32').size).toBe(1);
  });
  it('refuses malformed CIDRs: prefix over 32 or with a leading zero, no prefix, not a string', () => {
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0/08')).toBeUndefined();
    expect(parseCidr('10.0.0.0/')).toBeUndefined();
    expect(parseCidr('10.0.0.0')).toBeUndefined();
    expect(parseCidr('10.0.0.01/8')).toBeUndefined();
    expect(parseCidr(42)).toBeUndefined();
    expect(CIDR_RE.test('10.0.0.0/32')).toBe(true);
    expect(CIDR_RE.test('10.0.0.0/32/1')).toBe(false);
  });
  it('builds a block from a number and a prefix, and reads host addresses with or without a prefix', () => {
    expect(cidrOf(parseIp('10.0.1.5') as number, 24)).toEqual(c('10.0.1.5/24'));
    expect(parseHostAddress('10.0.1.5/24')).toEqual({ ip: parseIp('10.0.1.5'), prefix: 24 });
    expect(parseHostAddress('10.0.1.5')).toEqual({ ip: parseIp('10.0.1.5') });
    expect(parseHostAddress('10.0.1.5/40')).toBeUndefined();
    expect(parseHostAddress('10.0.1')).toBeUndefined();
  });
});

describe('ipv4 block arithmetic', () => {
  it('knows the RFC 1918 ranges exactly', () => {
    expect(isRfc1918(c('10.0.0.0/8'))).toBe(true);
    expect(isRfc1918(c('172.31.255.0/24'))).toBe(true);
    expect(isRfc1918(c('172.32.0.0/24'))).toBe(false);
    expect(isRfc1918(c('192.168.0.0/16'))).toBe(true);
    expect(isRfc1918(c('192.169.0.0/24'))).toBe(false);
    expect(isRfc1918(c('8.8.8.0/24'))).toBe(false);
    expect(['10.0.0.0/8', '172.31.0.0/16', '192.168.1.0/24', '172.32.0.0/16', '8.8.8.0/24'].map((t) => isRfc1918(c(t)))).toEqual([true, true, true, false, false]);
    // A block that straddles a range's edge is not private even though it starts inside one.
    expect(isRfc1918(c('172.16.0.0/11'))).toBe(false);
  });
  it('computes containment of blocks and addresses, and overlap', () => {
    expect(containsCidr(c('10.0.0.0/24'), c('10.0.0.32/27'))).toBe(true);
    expect(containsCidr(c('10.0.0.0/24'), c('10.0.1.0/29'))).toBe(false);
    expect(containsCidr(c('10.120.0.0/16'), c('10.120.0.0/29'))).toBe(true);
    expect(containsCidr(c('10.120.0.0/29'), c('10.120.0.0/16'))).toBe(false);
    expect(containsIp(c('10.0.0.0/24'), parseIp('10.0.0.255') as number)).toBe(true);
    expect(containsIp(c('10.0.0.0/24'), parseIp('10.0.1.0') as number)).toBe(false);
    expect(overlaps(c('10.0.0.0/16'), c('10.0.5.0/24'))).toBe(true);
    expect(overlaps(c('10.0.0.0/16'), c('10.0.1.0/24'))).toBe(true);
    expect(overlaps(c('10.0.5.0/24'), c('10.0.0.0/16'))).toBe(true);
    expect(overlaps(c('10.0.0.0/24'), c('10.0.1.0/24'))).toBe(false);
    expect(overlaps(c('10.0.1.0/24'), c('10.0.2.0/24'))).toBe(false);
  });
  it('slices pod CIDRs into full blocks', () => {
    expect(formatCidr(nthSubnet(c('10.2.0.0/16'), 24, 3))).toBe('10.2.3.0/24');
    // Slicing starts at the network address even when the block was written with host bits set.
    expect(nthSubnet(c('10.2.7.9/16'), 24, 3)).toEqual(c('10.2.3.0/24'));
  });
});
