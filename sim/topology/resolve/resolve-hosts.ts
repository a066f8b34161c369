/** The hosts a lab file declares, the public gateway and the EFS hosts, as ResolvedHosts. */
import { PUBLIC } from '../defaults.ts';
import { nicForNextHop } from '../host-routes.ts';
import type { LabFile } from '../lab-file.ts';
import type { ResolvedHost, ResolvedLab, ResolvedNic, ResolvedRoute } from '../model.ts';
import { snatPlan } from '../nat-rules.ts';
import { EFS_CAPABILITIES, EFS_SYSCTLS } from '../../fabric/images/recipes/efs.ts';
import { ipOf, type NetworkPlan } from './network-plan.ts';

/** The fields a host does without; shared, so the result copies them (resolve.ts). */
export const EMPTY_HOST = { capAdd: [] as string[], loopbackAddresses: [] as string[], routes: [] as ResolvedRoute[], sysctls: {} as Record<string, string>, firewall: '', iptables: [] as string[] };

export function publicGatewayHosts(plan: NetworkPlan): ResolvedHost[] {
  const pub = plan.publicNetwork;
  if (!pub) return [];
  return [{
    ...EMPTY_HOST,
    name: pub.gatewayHost,
    role: 'public-gateway',
    image: 'host',
    nics: [plan.nic('eth0', PUBLIC, ipOf(pub.gateway))],
    loopbackAddresses: [`${pub.controlPlane}/32`],
  }];
}

export function declaredHosts(file: LabFile, plan: NetworkPlan): ResolvedHost[] {
  return (file.hosts ?? []).map((h): ResolvedHost => {
    const nics = h.nics.map((n, j) => plan.nic(n.ifname ?? `eth${j}`, n.network, ipOf(n.ip)));
    const staticRoutes: ResolvedRoute[] = (h.routes ?? []).map((r) => ({ destination: r.destination, via: r.via, dev: (nicForNextHop(nics, r.via) as ResolvedNic).ifname, origin: 'static' }));
    const forward = h.ipForward ?? h.kind === 'gateway';
    const nat = snatPlan((h.snat ?? []).map((s) => ({ oifname: (nics.find((n) => n.network === s.outNetwork) as ResolvedNic).ifname, toSource: s.toSource, ...(s.notDestination ? { notDestination: s.notDestination } : {}) })));
    return {
      ...EMPTY_HOST,
      name: h.name,
      role: h.kind,
      image: 'host',
      nics,
      routes: [...plan.dhcpRoutes(h.kind, nics), ...staticRoutes],
      sysctls: forward ? { 'net.ipv4.ip_forward': '1' } : {},
      firewall: nat.firewall,
      iptables: nat.iptables,
    };
  });
}

export function storageNetAppOf(file: LabFile): ResolvedLab['storageNetApp'] {
  return (file.managedServices?.storageNetApp ?? []).map((s) => ({
    name: s.name,
    region: s.region,
    host: s.name,
    shares: (s.shares ?? []).map((sh) => ({ name: sh.name, sizeGiB: sh.sizeGiB ?? 100, files: { ...(sh.files ?? {}) }, acls: (sh.acls ?? []).map((a) => ({ ...a })) })),
  }));
}

export function efsHosts(storageNetApp: ResolvedLab['storageNetApp']): ResolvedHost[] {
  // nfs-ganesha needs these two capabilities; --privileged is refused on the CI machines.
  return storageNetApp.map((s) => ({ ...EMPTY_HOST, name: s.host, role: 'efs', image: 'efs', capAdd: [...EFS_CAPABILITIES], sysctls: { ...EFS_SYSCTLS }, nics: [] }));
}

export function vrackServicesOf(file: LabFile): ResolvedLab['vrackServices'] {
  return (file.vrackServices ?? []).map((v) => ({
    name: v.name,
    displayName: v.displayName ?? null,
    region: v.region,
    vrackId: v.vrack ?? null,
    subnets: (v.subnets ?? []).map((s) => ({ displayName: s.displayName ?? null, cidr: s.cidr, vlan: s.vlan ?? null, serviceRange: s.serviceRange, serviceEndpoints: [...(s.serviceEndpoints ?? [])] })),
  }));
}
