/**
 * Small IPv4/CIDR helpers on unsigned 32-bit integers. The simulator needs only a handful of
 * operations (parse, network check, containment, overlap, RFC1918) and they must be exact, so
 * they are written out here and tested directly rather than wrapped around a general library.
 */

export interface Cidr {
  /** The address as written (may not be the network address). */
  address: number;
  prefix: number;
  /** Network address (address with host bits cleared). */
  network: number;
  /** Number of addresses, 2^(32-prefix). */
  size: number;
  /** Last address of the block (broadcast for prefixes < 31). */
  last: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseIpv4(text: string): number | undefined {
  const m = IPV4.exec(text);
  if (!m) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i] as string;
    // Leading zeros are ambiguous (octal in some parsers): refuse them, as the real API's ipv4 format does.
    if (part.length > 1 && part.startsWith('0')) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export function parseCidr(text: unknown): Cidr | undefined {
  if (typeof text !== 'string') return undefined;
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIpv4(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === undefined || !/^\d{1,2}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const network = address - (address % size);
  return { address, prefix, network, size, last: network + size - 1 };
}

export function isNetworkAddress(c: Cidr): boolean {
  return c.address === c.network;
}

const RFC1918: readonly Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((t) => parseCidr(t) as Cidr);

/** True when the whole block lies inside one of the RFC1918 private ranges. */
export function isPrivate(c: Cidr): boolean {
  return RFC1918.some((p) => c.network >= p.network && c.last <= p.last);
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.network >= outer.network && inner.last <= outer.last;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.network <= b.last && b.network <= a.last;
}

export function containsIp(c: Cidr, ip: number): boolean {
  return ip >= c.network && ip <= c.last;
}
