/**
 * Routes a private network's DHCP pushes to its hosts (OpenStack subnet host routes, reference
 * §5), the iproute2 batch lines that add or remove them, and each host's set-up lines, so a scenario can switch the
 * tutorial's fix on and off at runtime on a running lab.
 */
import { containsIp, parseCidr, parseIp, type Cidr } from '../core/ipv4.ts';
import { invalidInput } from '../core/errors.ts';
import type { HostRole, ResolvedHost, ResolvedLab, ResolvedNic, ResolvedPrivateNetwork, ResolvedRoute } from './model.ts';

/** Public Cloud instances take their addressing from DHCP; bare-metal servers are configured by hand. */
export const DHCP_ROLES: readonly HostRole[] = ['vm', 'gateway', 'k8s-node'];

/** The host routes `network` gives one host, skipping routes via the host itself or to networks it sits on. */
export function dhcpRoutesFor(network: ResolvedPrivateNetwork, nic: ResolvedNic, hostNics: readonly ResolvedNic[], networkCidrs: ReadonlyMap<string, string>): ResolvedRoute[] {
  const connected = hostNics.map((n) => networkCidrs.get(n.network)).filter((c): c is string => c !== undefined);
  return network.hostRoutes
    .filter((r) => r.gateway !== nic.ip && !connected.includes(r.destination))
    .map((r) => ({ destination: r.destination, via: r.gateway, dev: nic.ifname, origin: 'dhcp-host-route' as const, network: network.name }));
}

export function routeLine(route: ResolvedRoute, verb: 'add' | 'del' | 'replace' = 'add'): string {
  return `route ${verb} ${route.destination} via ${route.via} dev ${route.dev}`;
}

/**
 * The one set-up plan of a host, as `ip -batch -` lines, once its NICs (and its pods' veths) are
 * up: loopback addresses, the node's pod bridge, then routes. Every engine (the lab runner, the
 * containerlab render) runs these lines. `replace` rather than `add`, so running them again converges.
 * `hasPods`: the pods' links already created the node's bridge (the fabric's linkHosts does).
 */
export function hostSetupLines(host: ResolvedHost, options: { hasPods: boolean }): string[] {
  const lines = host.loopbackAddresses.map((a) => `addr replace ${a} dev lo`);
  if (host.podNetwork) {
    const { bridge, address } = host.podNetwork;
    if (!options.hasPods) lines.push(`link add ${bridge} type bridge`);
    lines.push(`addr replace ${address} dev ${bridge}`, `link set ${bridge} up`);
  }
  lines.push(...host.routes.map((r) => routeLine(r, 'replace')));
  return lines;
}

export interface HostRouteChange {
  host: string;
  routes: ResolvedRoute[];
  /** iproute2 batch lines to install the routes. */
  add: string[];
  /** iproute2 batch lines to remove them. */
  del: string[];
}

/** What toggling DHCP host routes on `networkName` changes, host by host (hosts with nothing to change are left out). */
export function hostRoutesFor(lab: ResolvedLab, networkName: string): HostRouteChange[] {
  const network = lab.privateNetworks.find((n) => n.name === networkName);
  if (!network) throw invalidInput('private network', networkName, `not a private network of lab ${lab.name}`, lab.privateNetworks.map((n) => n.name));
  const cidrs = new Map(lab.privateNetworks.map((n) => [n.name, n.cidr]));
  const out: HostRouteChange[] = [];
  for (const host of lab.hosts) {
    if (!DHCP_ROLES.includes(host.role)) continue;
    const nic = host.nics.find((n) => n.network === networkName);
    if (!nic) continue;
    const routes = dhcpRoutesFor(network, nic, host.nics, cidrs);
    if (routes.length === 0) continue;
    out.push({ host: host.name, routes, add: routes.map((r) => routeLine(r, 'add')), del: routes.map((r) => routeLine(r, 'del')) });
  }
  return out;
}

/** The NIC of `host` whose network holds `ip` (on-link next hop), if any. */
export function nicForNextHop(nics: readonly ResolvedNic[], ip: string): ResolvedNic | undefined {
  const target = parseIp(ip);
  if (target === undefined) return undefined;
  return nics.find((n) => containsIp(parseCidr(n.address) as Cidr, target));
}
