/**
 * What the fabric accepts as a segment key and a NIC, checked before any command is built from
 * them (they become bridge and interface names and `ip` arguments).
 */
import { invalidInput } from '../core/errors.ts';
import { parseCidr } from '../core/ipv4.ts';
import type { NicSpec, SegmentKey } from './types.ts';

const IFNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;

/** A vRack VLAN (vRack id, VLAN 2–4094 or untagged) or the public network. */
export function validateSegmentKey(key: SegmentKey): void {
  if (key.kind === 'public') return;
  if (key.kind !== 'vrack') throw invalidInput('segment kind', (key as { kind: unknown }).kind, 'a segment is a vRack VLAN or the public network', ['vrack', 'public']);
  if (!/^[A-Za-z0-9_.-]+$/.test(key.vrackId)) throw invalidInput('vRack id', key.vrackId, 'letters, digits, dot, dash or underscore (e.g. pn-12345)');
  if (key.vlan !== null && (!Number.isInteger(key.vlan) || key.vlan < 2 || key.vlan > 4094)) throw invalidInput('VLAN', key.vlan, 'an integer 2–4094, or null for untagged');
}

/** An interface name the kernel takes, IPv4 CIDR addresses, an optional unicast-format MAC. */
export function validateNic(nic: NicSpec): void {
  if (!IFNAME_PATTERN.test(nic.ifname)) throw invalidInput('interface name', nic.ifname, 'at most 15 characters: letters, digits, dot, dash, underscore');
  // Labs are IPv4 (as vRack Services subnets are): the one parser also rejects octets above 255.
  for (const a of nic.addresses) if (parseCidr(a) === undefined) throw invalidInput(`address of ${nic.ifname}`, a, 'IPv4 CIDR notation a.b.c.d/n, octets 0–255, prefix 0–32, e.g. 10.0.1.5/24');
  if (nic.mac !== undefined && !/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(nic.mac)) throw invalidInput(`MAC of ${nic.ifname}`, nic.mac, 'six colon-separated hex bytes, e.g. 02:00:00:00:00:01');
}
