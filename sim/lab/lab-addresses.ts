// Addresses the steps derive from the scenario's lab file rather than from the reference labs: a
// host's own address, and an address inside a CIDR that no host of the lab holds.
import { HarnessError } from '../core/errors.ts';
import type { ResolvedHost, ResolvedLab } from '../topology/model.ts';
import { formatIp, parseCidr, parseIp } from '../core/ipv4.ts';


/** A host (or pod) of the lab file by name; a name the lab does not have fails listing those it has (its nodes too). */
export function labHost(lab: ResolvedLab, name: string): ResolvedHost {
  const host = lab.hosts.find((h) => h.name === name);
  // `?? []`: models built by hand in tests may leave nodes out.
  if (!host) throw new HarnessError('NO_SUCH_HOST', `no host "${name}" in lab ${lab.name} (hosts: ${[...lab.hosts, ...(lab.nodes ?? [])].map((h) => h.name).join(', ')})`);
  return host;
}

/** The address others reach a host at: a pod's own address, else its first NIC's. */
export function hostAddress(lab: ResolvedLab, name: string): string {
  const host = labHost(lab, name);
  const ip = host.pod?.address?.split('/')[0] ?? host.nics[0]?.ip;
  if (!ip) throw new HarnessError('NO_SUCH_HOST', `host "${name}" of lab ${lab.name} has no address of its own (a hostNetwork pod: name its node)`);
  return ip;
}

/** Every address the lab's hosts hold: NICs, pods, pod bridges, loopbacks. */
function takenAddresses(lab: ResolvedLab): Set<number> {
  const taken = new Set<number>();
  for (const h of lab.hosts) {
    const all = [...h.nics.map((n) => n.ip), h.pod?.address, h.podNetwork?.address, ...h.loopbackAddresses];
    for (const a of all) {
      const ip = a ? parseIp(a.split('/')[0]!) : undefined;
      if (ip !== undefined) taken.add(ip);
    }
  }
  return taken;
}

/**
 * An address inside `cidr` that no host of the lab holds: where traffic "to the network" goes. A
 * host's own address would be routed locally (`local … dev lo`), which says nothing about the path.
 */
export function freeAddressIn(lab: ResolvedLab, cidr: string): string {
  const block = parseCidr(cidr);
  if (!block) throw new HarnessError('INVALID_INPUT', `${cidr} is not a CIDR (a.b.c.d/n)`);
  const taken = takenAddresses(lab);
  const first = block.size > 2 ? block.network + 1 : block.network;
  for (let ip = first; ip <= block.last; ip++) if (!taken.has(ip)) return formatIp(ip);
  throw new HarnessError('INVALID_INPUT', `every address of ${cidr} is held by a host of lab ${lab.name}: no free address to route to`);
}
