/**
 * Tiny IPv4 arithmetic for lab files: parsing, containment, nth address. Kept local (no
 * ip-address objects) because the loader needs plain numbers to compare and allocate quickly
 * and to produce exact, stable strings for error messages.
 */

export interface Cidr {
  /** Network base as an unsigned 32-bit number (the address as written, not masked). */
  address: number;
  prefix: number;
}

const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
export const IPV4_RE = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);
export const CIDR_RE = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}/(?:[0-9]|[12][0-9]|3[0-2])$`);

export function parseIp(text: string): number | undefined {
  if (!IPV4_RE.test(text)) return undefined;
  return text.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

export function formatIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export function parseCidr(text: string): Cidr | undefined {
  if (!CIDR_RE.test(text)) return undefined;
  const [ip, prefix] = text.split('/') as [string, string];
  const address = parseIp(ip);
  return address === undefined ? undefined : { address, prefix: Number(prefix) };
}

export function size(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

export function networkOf(c: Cidr): number {
  return c.address - (c.address % size(c));
}

export function broadcastOf(c: Cidr): number {
  return networkOf(c) + size(c) - 1;
}

export function isNetworkAddress(c: Cidr): boolean {
  return c.address === networkOf(c);
}

export function contains(c: Cidr, ip: number): boolean {
  return ip >= networkOf(c) && ip <= broadcastOf(c);
}

/** True when `inner` lies entirely inside `outer`. */
export function containsCidr(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && contains(outer, networkOf(inner));
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return contains(a, networkOf(b)) || contains(b, networkOf(a));
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c.address)}/${c.prefix}`;
}

const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((t) => parseCidr(t) as Cidr);

/** RFC 1918 private ranges, as vRack subnets require. */
export function isRfc1918(c: Cidr): boolean {
  return RFC1918.some((r) => containsCidr(r, c));
}

/** The n-th subnet of length `prefix` inside `c` (n from 0), e.g. the n-th /24 of a /16. */
export function nthSubnet(c: Cidr, prefix: number, n: number): Cidr {
  return { address: networkOf(c) + n * 2 ** (32 - prefix), prefix };
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
