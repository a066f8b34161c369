/** The hosts of a lab file: their NICs and addresses, a gateway's SNAT rules, static routes. */
import { didYouMean } from '../did-you-mean.ts';
import { containsIp, formatIp, isNetworkAddress, parseCidr, parseIp, type Cidr } from '../../core/ipv4.ts';
import type { DocPath } from '../lab-issue.ts';
import type { HostFile } from '../lab-file.ts';
import type { CheckContext, NetInfo } from './check-context.ts';

/** The networks a host has a NIC on, and its addresses on each. */
interface HostNics {
  nets: string[];
  ips: Map<string, number[]>;
}

export function checkHosts(ctx: CheckContext): void {
  (ctx.lab.hosts ?? []).forEach((h, i) => {
    const p: DocPath = ['hosts', i];
    ctx.claimName(h.name, [...p, 'name']);
    const nics = checkNics(ctx, h, p);
    if (h.kind === 'gateway' && h.nics.length < 2) ctx.add([...p, 'nics'], `invalid gateway ${JSON.stringify(h.name)}: a gateway routes between networks and needs NICs on at least two (it has ${h.nics.length})`);
    if (h.kind !== 'gateway' && h.snat) ctx.add([...p, 'snat'], `invalid snat on host ${JSON.stringify(h.name)}: only kind gateway does SNAT (kind is ${h.kind})`);
    checkSnat(ctx, h, p, nics);
    checkRoutes(ctx, h, p, nics);
  });
}

function checkNics(ctx: CheckContext, h: HostFile, p: DocPath): HostNics {
  const nics: HostNics = { nets: [], ips: new Map() };
  const hostVracks = new Set<string>();
  const ifnames = new Set<string>();
  h.nics.forEach((nic, j) => {
    const np: DocPath = [...p, 'nics', j];
    const ifname = nic.ifname ?? `eth${j}`;
    if (ifnames.has(ifname)) ctx.add([...np, 'ifname'], `duplicate interface ${ifname} on host ${JSON.stringify(h.name)}: each NIC needs its own name`);
    ifnames.add(ifname);
    const net = ctx.refNet(nic.network, [...np, 'network'], `host ${JSON.stringify(h.name)}`, true);
    if (!net) return;
    if (nics.nets.includes(net.name)) ctx.add([...np, 'network'], `duplicate NIC on network ${JSON.stringify(net.name)} for host ${JSON.stringify(h.name)}: a host has at most one NIC per network`);
    nics.nets.push(net.name);
    if (net.vrack) hostVracks.add(net.vrack);
    const ip = ctx.claimIp(net, nic.ip, [...np, 'ip'], `host ${JSON.stringify(h.name)}`);
    if (ip !== undefined) nics.ips.set(net.name, [...(nics.ips.get(net.name) ?? []), ip]);
  });
  if (hostVracks.size > 1) {
    ctx.add([...p, 'nics'], `invalid NICs of host ${JSON.stringify(h.name)}: they span vRacks ${[...hostVracks].join(' and ')} (a server belongs to one vRack; traffic never crosses vRacks)`);
  }
  return nics;
}

function checkSnat(ctx: CheckContext, h: HostFile, p: DocPath, nics: HostNics): void {
  (h.snat ?? []).forEach((s, j) => {
    const sp: DocPath = [...p, 'snat', j];
    if (!nics.nets.includes(s.outNetwork)) {
      ctx.add([...sp, 'outNetwork'], `unknown network ${JSON.stringify(s.outNetwork)} in snat of ${JSON.stringify(h.name)}: the gateway has no NIC on it${didYouMean(s.outNetwork, nics.nets)} (valid: ${nics.nets.join(', ')})`);
    } else if (!(nics.ips.get(s.outNetwork) ?? []).includes(parseIp(s.toSource) as number)) {
      ctx.add([...sp, 'toSource'], `invalid snat source ${s.toSource} on ${JSON.stringify(h.name)}: it must be the gateway's own address on ${JSON.stringify(s.outNetwork)} (valid: ${(nics.ips.get(s.outNetwork) ?? []).map(formatIp).join(', ')})`);
    }
    if (s.notDestination !== undefined && !isNetworkAddress(parseCidr(s.notDestination) as Cidr)) {
      ctx.add([...sp, 'notDestination'], `invalid snat notDestination ${s.notDestination} on ${JSON.stringify(h.name)}: not a network address`);
    }
  });
}

function checkRoutes(ctx: CheckContext, h: HostFile, p: DocPath, nics: HostNics): void {
  (h.routes ?? []).forEach((r, j) => {
    const rp: DocPath = [...p, 'routes', j];
    if (r.destination !== 'default') {
      const d = parseCidr(r.destination);
      if (!d) ctx.add([...rp, 'destination'], `invalid route destination ${JSON.stringify(r.destination)} on ${JSON.stringify(h.name)}: must be a CIDR or default (e.g. 10.0.2.0/24)`);
      else if (!isNetworkAddress(d)) ctx.add([...rp, 'destination'], `invalid route destination ${r.destination} on ${JSON.stringify(h.name)}: not a network address (did you mean ${formatIp(d.network)}/${d.prefix}?)`);
    }
    const via = parseIp(r.via) as number;
    if (!nics.nets.some((n) => containsIp((ctx.nets.get(n) as NetInfo).cidr, via))) {
      ctx.add([...rp, 'via'], `invalid route next hop ${r.via} on ${JSON.stringify(h.name)}: not on any network of the host (networks: ${nics.nets.join(', ')})`);
    }
  });
}
