/** The vRacks, the private networks (and their DHCP host routes) and the public network of a lab file. */
import { containsIp, formatIp, isNetworkAddress, isRfc1918, parseCidr, parseIp, type Cidr } from '../../core/ipv4.ts';
import type { DocPath } from '../lab-issue.ts';
import type { PrivateNetworkFile } from '../lab-file.ts';
import { DEFAULT_PUBLIC_CIDR, DEFAULT_PUBLIC_GATEWAY, DEFAULT_PUBLIC_GATEWAY_HOST, PUBLIC } from '../defaults.ts';
import type { CheckContext, NetInfo } from './check-context.ts';

export function checkLimits(ctx: CheckContext): void {
  const { limits, profile } = ctx;
  if (limits.subnetPrefixMin > limits.subnetPrefixMax) {
    ctx.add(['api', 'limits'], `invalid limits: subnetPrefixMin ${limits.subnetPrefixMin} is above subnetPrefixMax ${limits.subnetPrefixMax} (profile ${profile})`);
  }
}

export function checkVracks(ctx: CheckContext): void {
  (ctx.lab.vracks ?? []).forEach((v, i) => {
    if (ctx.vracks.includes(v.id)) ctx.add(['vracks', i, 'id'], `duplicate vRack ${JSON.stringify(v.id)}: already declared (each vRack id appears once)`);
    ctx.vracks.push(v.id);
  });
}

export function checkPrivateNetworks(ctx: CheckContext): void {
  const segments = new Map<string, string>();
  (ctx.lab.privateNetworks ?? []).forEach((n, i) => {
    const p: DocPath = ['privateNetworks', i];
    const { add, nets } = ctx;
    if (n.name === PUBLIC) add([...p, 'name'], `invalid private network name "public": reserved for the public network (choose another name)`);
    else if (nets.has(n.name)) add([...p, 'name'], `duplicate private network ${JSON.stringify(n.name)}: already declared (names are unique)`);
    const vrackOk = ctx.refVrack(n.vrack, [...p, 'vrack'], `private network ${JSON.stringify(n.name)}`);
    const cidr = parseCidr(n.cidr) as Cidr;
    if (!isNetworkAddress(cidr)) add([...p, 'cidr'], `invalid CIDR ${n.cidr} of private network ${JSON.stringify(n.name)}: not a network address (did you mean ${formatIp(cidr.network)}/${cidr.prefix}?)`);
    if (!isRfc1918(cidr)) add([...p, 'cidr'], `invalid CIDR ${n.cidr} of private network ${JSON.stringify(n.name)}: vRack private networks use RFC 1918 ranges (valid: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)`);
    if (cidr.prefix > 30) add([...p, 'cidr'], `invalid CIDR ${n.cidr} of private network ${JSON.stringify(n.name)}: too small for hosts (prefix must be /30 or shorter)`);
    if (vrackOk) {
      const key = `${n.vrack}:${n.vlan ?? 'untagged'}`;
      const prev = segments.get(key);
      if (prev !== undefined) add([...p, 'vlan'], `duplicate segment for private network ${JSON.stringify(n.name)}: vRack ${n.vrack} VLAN ${n.vlan ?? 'untagged'} is already used by ${JSON.stringify(prev)} (one private network per vRack VLAN)`);
      else segments.set(key, n.name);
    }
    if (!nets.has(n.name) && n.name !== PUBLIC) nets.set(n.name, { name: n.name, cidr, vrack: n.vrack, vlan: n.vlan ?? null, used: new Map() });
    checkDhcpHostRoutes(ctx, n, cidr, p);
  });
}

function checkDhcpHostRoutes(ctx: CheckContext, n: PrivateNetworkFile, cidr: Cidr, p: DocPath): void {
  (n.dhcp?.hostRoutes ?? []).forEach((r, j) => {
    const rp: DocPath = [...p, 'dhcp', 'hostRoutes', j];
    const d = parseCidr(r.destination) as Cidr;
    if (!isNetworkAddress(d)) ctx.add([...rp, 'destination'], `invalid host route destination ${r.destination} on ${JSON.stringify(n.name)}: not a network address (did you mean ${formatIp(d.network)}/${d.prefix}?)`);
    const g = parseIp(r.gateway) as number;
    if (!containsIp(cidr, g)) ctx.add([...rp, 'gateway'], `invalid host route gateway ${r.gateway} on ${JSON.stringify(n.name)}: a DHCP host route's gateway must be inside the network (${n.cidr})`);
  });
}

/** The public network exists when declared, when a NIC uses it, or when a cluster needs it. Returns it. */
export function checkPublicNetwork(ctx: CheckContext): NetInfo {
  const { lab } = ctx;
  const pub = lab.publicNetwork ?? {};
  const pubCidr = parseCidr(pub.cidr ?? DEFAULT_PUBLIC_CIDR) as Cidr;
  const pubGw = pub.gateway ?? (pub.cidr ? formatIp(pubCidr.network + 1) : DEFAULT_PUBLIC_GATEWAY);
  if (!isNetworkAddress(pubCidr)) ctx.add(['publicNetwork', 'cidr'], `invalid public network CIDR ${formatIp(pubCidr.address)}/${pubCidr.prefix}: not a network address (did you mean ${formatIp(pubCidr.network)}/${pubCidr.prefix}?)`);
  const pubInfo: NetInfo = { name: PUBLIC, cidr: pubCidr, vrack: null, vlan: null, used: new Map() };
  ctx.nets.set(PUBLIC, pubInfo);
  const publicUsed = lab.publicNetwork !== undefined || (lab.kubernetes ?? []).length > 0 || (lab.hosts ?? []).some((h) => h.nics.some((n) => n.network === PUBLIC));
  if (publicUsed) {
    const gwHost = pub.gatewayHost ?? DEFAULT_PUBLIC_GATEWAY_HOST;
    ctx.claimName(gwHost, pub.gatewayHost ? ['publicNetwork', 'gatewayHost'] : ['publicNetwork']);
    ctx.claimIp(pubInfo, pubGw, pub.gateway ? ['publicNetwork', 'gateway'] : ['publicNetwork'], `public gateway ${JSON.stringify(gwHost)}`);
    if (pub.controlPlane !== undefined && containsIp(pubCidr, parseIp(pub.controlPlane) as number)) {
      ctx.add(['publicNetwork', 'controlPlane'], `invalid control-plane address ${pub.controlPlane}: it must lie beyond the public gateway, outside ${formatIp(pubCidr.network)}/${pubCidr.prefix}`);
    }
  }
  return pubInfo;
}
