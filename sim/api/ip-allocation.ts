/**
 * Service-range IP accounting and allocation, reference §4 / §7.1:
 * reservedIps = 4 + |{subnet network, subnet broadcast} ∩ range|; the 4 are the highest addresses
 * of the range other than the subnet broadcast; allocation takes the lowest free usable address.
 * Invariant: reserved + used + remaining = 2^(32-prefix).
 */
import { containsIp, formatIp, parseCidr, parseIp } from '../core/ipv4.ts';
import type { Cidr } from '../core/ipv4.ts';

export interface RangeAccounting {
  reservedIps: number;
  usedIps: number;
  remainingIps: number;
}

/** Addresses of the service range that can never be given to an endpoint. */
export function reservedAddresses(subnet: Cidr, range: Cidr): Set<number> {
  const reserved = new Set<number>();
  const broadcast = subnet.last;
  if (containsIp(range, subnet.network)) reserved.add(subnet.network);
  if (containsIp(range, broadcast)) reserved.add(broadcast);
  let fixed = 0;
  for (let ip = range.last; ip >= range.network && fixed < 4; ip--) {
    if (ip === broadcast) continue;
    if (!reserved.has(ip)) {
      reserved.add(ip);
      fixed++;
    }
  }
  return reserved;
}

/** How many endpoint IPs the range can ever hold (its size minus the reserved addresses). */
export function rangeCapacity(subnetCidr: string, rangeCidr: string): number {
  const subnet = parseCidr(subnetCidr);
  const range = parseCidr(rangeCidr);
  if (!subnet || !range) return 0;
  return range.size - reservedAddresses(subnet, range).size;
}

export function accounting(subnetCidr: string, rangeCidr: string, usedIps: number): RangeAccounting {
  const subnet = parseCidr(subnetCidr);
  const range = parseCidr(rangeCidr);
  if (!subnet || !range) throw new Error(`accounting: invalid cidr ${subnetCidr} / ${rangeCidr}`);
  const reservedIps = reservedAddresses(subnet, range).size;
  return { reservedIps, usedIps, remainingIps: range.size - reservedIps - usedIps };
}

/**
 * Allocates `count` addresses, lowest free first, skipping reserved ones and those in `taken`.
 * Returns undefined when the range cannot hold them.
 */
export function allocate(subnetCidr: string, rangeCidr: string, taken: readonly string[], count: number): string[] | undefined {
  const subnet = parseCidr(subnetCidr);
  const range = parseCidr(rangeCidr);
  if (!subnet || !range) return undefined;
  const excluded = reservedAddresses(subnet, range);
  for (const t of taken) {
    const v = parseIp(t);
    if (v !== undefined) excluded.add(v);
  }
  const out: string[] = [];
  for (let ip = range.network; ip <= range.last && out.length < count; ip++) {
    if (!excluded.has(ip)) out.push(formatIp(ip));
  }
  return out.length === count ? out : undefined;
}
