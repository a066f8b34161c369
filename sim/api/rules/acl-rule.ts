/**
 * The one rule for a share ACL's `accessTo`, used where an ACL enters the simulator (the storage
 * API and the lab admin), where the lab loader reads one from a lab file, and where the EFS renders
 * it into an nfs-ganesha CLIENT line: an IPv4 address (one host) or an IPv4 CIDR block, parsed
 * strictly by core/ipv4 (no leading zeros, no IPv6, nothing a configuration file could mistake
 * for syntax). A CIDR with host bits set is a valid ACL (the API accepts it); `hostBits` says so,
 * for the lab loader, which asks for the network address a reader would expect.
 */
import { formatIp, parseCidr, parseIp } from '../../core/ipv4.ts';

export interface AccessTo {
  /** The address as written (a CIDR's address, host bits included). */
  ip: number;
  /** 32 for a single address. */
  prefix: number;
  /** Written as `a.b.c.d/n`. */
  cidr: boolean;
  /** A CIDR whose address is not its network address (e.g. 10.0.0.5/24); its network is `network`. */
  hostBits: boolean;
  network: string;
}

/** The rule in words, for error messages. */
export const ACCESS_TO_RULE = 'an IPv4 address or CIDR block';

/** `accessTo` parsed, or undefined when it is not an IPv4 address or CIDR block. */
export function parseAccessTo(text: unknown): AccessTo | undefined {
  if (typeof text !== 'string') return undefined;
  if (text.includes('/')) {
    const c = parseCidr(text);
    if (!c) return undefined;
    return { ip: c.address, prefix: c.prefix, cidr: true, hostBits: c.address !== c.network, network: `${formatIp(c.network)}/${c.prefix}` };
  }
  const ip = parseIp(text);
  return ip === undefined ? undefined : { ip, prefix: 32, cidr: false, hostBits: false, network: `${text}/32` };
}
