/**
 * IPv4/CIDR arithmetic on unsigned 32-bit integers, shared by the simulator (subnet and service
 * range checks, IP allocation) and the lab loader (addresses, routes, pod slices). Written out
 * rather than wrapped around ip-address objects because both callers need plain numbers to compare
 * and allocate, and exact, stable strings for error messages.
 *
 * Parsing is strict: four decimal octets, each ≤ 255 and without leading zeros (ambiguous: octal
 * in some parsers, and refused by the real API's ipv4 format), and a prefix ≤ 32, also without
 * leading zeros.
 */

export interface Cidr {
  /** The address as written (may not be the network address). */
  address: number;
  prefix: number;
  /** Network address (address with host bits cleared). */
  network: number;
  /** Number of addresses, 2^(32-prefix). */
  size: number;
  /** Last address of the block (the broadcast address for prefixes < 31). */
  last: number;
}

const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const QUAD = `${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}`;
export const IPV4_RE = new RegExp(`^${QUAD}$`);
export const CIDR_RE = new RegExp(`^${QUAD}/(?:[0-9]|[12][0-9]|3[0-2])$`);

export function parseIp(text: string): number | undefined {
  if (!IPV4_RE.test(text)) return undefined;
  return text.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

export function formatIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** The block of length `prefix` around `address` (which may have host bits set). */
export function cidrOf(address: number, prefix: number): Cidr {
  const size = 2 ** (32 - prefix);
  const network = address - (address % size);
  return { address, prefix, network, size, last: network + size - 1 };
}

/** Takes `unknown` because API bodies reach it unchecked; anything but a valid `a.b.c.d/n` string is undefined. */
export function parseCidr(text: unknown): Cidr | undefined {
  if (typeof text !== 'string' || !CIDR_RE.test(text)) return undefined;
  const [ip, prefix] = text.split('/') as [string, string];
  const address = parseIp(ip);
  return address === undefined ? undefined : cidrOf(address, Number(prefix));
}

/** The address as written and its prefix, e.g. `10.0.1.5/24` (not masked: see `network`). */
export function formatCidr(c: Cidr): string {
  return `${formatIp(c.address)}/${c.prefix}`;
}

export function isNetworkAddress(c: Cidr): boolean {
  return c.address === c.network;
}

export function containsIp(c: Cidr, ip: number): boolean {
  return ip >= c.network && ip <= c.last;
}

/** True when `inner` lies entirely inside `outer`. */
export function containsCidr(outer: Cidr, inner: Cidr): boolean {
  return inner.network >= outer.network && inner.last <= outer.last;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.network <= b.last && b.network <= a.last;
}

const RFC1918: readonly Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((t) => parseCidr(t) as Cidr);

/** True when the whole block lies inside one of the RFC 1918 private ranges, as vRack subnets require. */
export function isRfc1918(c: Cidr): boolean {
  return RFC1918.some((r) => containsCidr(r, c));
}

/** The n-th subnet of length `prefix` inside `c` (n from 0), e.g. the n-th /24 of a /16. */
export function nthSubnet(c: Cidr, prefix: number, n: number): Cidr {
  return cidrOf(c.network + n * 2 ** (32 - prefix), prefix);
}

/** Accepts `10.0.1.5` or `10.0.1.5/24`; returns the address and the prefix if one was written. */
export function parseHostAddress(text: string): { ip: number; prefix?: number } | undefined {
  if (text.includes('/')) {
    const c = parseCidr(text);
    return c ? { ip: c.address, prefix: c.prefix } : undefined;
  }
  const ip = parseIp(text);
  return ip === undefined ? undefined : { ip };
}
