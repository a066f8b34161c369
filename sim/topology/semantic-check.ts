/**
 * Rules the JSON schema cannot express: references between sections, unique names, addresses
 * inside their network and not its network/broadcast address, one address per segment, RFC 1918,
 * profile limits. Runs only on a schema-valid document; returns every issue found.
 */
import { didYouMean } from './did-you-mean.ts';
import { HOST_NAME_PATTERN } from '../fabric/names.ts';
import { containsCidr, containsIp, formatIp, isNetworkAddress, isRfc1918, overlaps, parseCidr, parseHostAddress, parseIp, type Cidr } from '../core/ipv4.ts';
import type { DocPath, LabIssue } from './lab-issue.ts';
import { formatPath } from './lab-issue.ts';
import type { LabFile } from './lab-file.ts';
import { defaultLimits, regionsFor } from './profiles.ts';
import { DEFAULT_POD_CIDR, DEFAULT_PUBLIC_CIDR, DEFAULT_PUBLIC_GATEWAY, DEFAULT_PUBLIC_GATEWAY_HOST, PUBLIC } from './defaults.ts';

interface NetInfo {
  name: string;
  cidr: Cidr;
  vrack: string | null;
  vlan: number | null;
  /** ip → who holds it */
  used: Map<number, string>;
}

export function semanticIssues(lab: LabFile): LabIssue[] {
  const issues: LabIssue[] = [];
  const add = (path: DocPath, message: string): void => void issues.push({ path, message });
  const profile = lab.api?.profile ?? '2024-04';
  const limits = { ...defaultLimits(profile), ...(lab.api?.limits ?? {}) };
  const regions = regionsFor(profile);

  if (limits.subnetPrefixMin > limits.subnetPrefixMax) {
    add(['api', 'limits'], `invalid limits: subnetPrefixMin ${limits.subnetPrefixMin} is above subnetPrefixMax ${limits.subnetPrefixMax} (profile ${profile})`);
  }

  // vRacks
  const vracks: string[] = [];
  (lab.vracks ?? []).forEach((v, i) => {
    if (vracks.includes(v.id)) add(['vracks', i, 'id'], `duplicate vRack ${JSON.stringify(v.id)}: already declared (each vRack id appears once)`);
    vracks.push(v.id);
  });
  const refVrack = (id: string, path: DocPath, owner: string): boolean => {
    if (vracks.includes(id)) return true;
    add(path, `unknown vRack ${JSON.stringify(id)} in ${owner}: not declared in vracks${didYouMean(id, vracks)} (valid: ${vracks.join(', ') || 'none declared'})`);
    return false;
  };

  // Unique names across everything that becomes a host.
  const hostNames = new Map<string, string>();
  /**
   * A name the loader generates (`<cluster>-node<k>`, `<node>-pod<k>`) must still be a host name the
   * fabric accepts: refused here, before anything is built, instead of mid-build. One issue per rule site.
   */
  const generatedTooLong = new Set<string>();
  const checkGenerated = (name: string, path: DocPath, from: string): void => {
    const site = formatPath(path);
    if (HOST_NAME_PATTERN.test(name) || generatedTooLong.has(site)) return;
    generatedTooLong.add(site);
    add(path, `invalid generated host name ${JSON.stringify(name)} (${name.length} characters): host names are at most 40 lowercase letters, digits and dashes; shorten ${from}`);
  };
  const claimName = (name: string, path: DocPath): void => {
    const prev = hostNames.get(name);
    if (prev !== undefined) {
      add(path, `duplicate name ${JSON.stringify(name)}: already used by ${prev} (hosts, nodes, pods, managed services and the public gateway share one namespace)`);
    } else hostNames.set(name, formatPath(path));
  };

  // Networks
  const nets = new Map<string, NetInfo>();
  const segments = new Map<string, string>();
  (lab.privateNetworks ?? []).forEach((n, i) => {
    const p: DocPath = ['privateNetworks', i];
    if (n.name === PUBLIC) add([...p, 'name'], `invalid private network name "public": reserved for the public network (choose another name)`);
    else if (nets.has(n.name)) add([...p, 'name'], `duplicate private network ${JSON.stringify(n.name)}: already declared (names are unique)`);
    const vrackOk = refVrack(n.vrack, [...p, 'vrack'], `private network ${JSON.stringify(n.name)}`);
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
    (n.dhcp?.hostRoutes ?? []).forEach((r, j) => {
      const rp: DocPath = [...p, 'dhcp', 'hostRoutes', j];
      const d = parseCidr(r.destination) as Cidr;
      if (!isNetworkAddress(d)) add([...rp, 'destination'], `invalid host route destination ${r.destination} on ${JSON.stringify(n.name)}: not a network address (did you mean ${formatIp(d.network)}/${d.prefix}?)`);
      const g = parseIp(r.gateway) as number;
      if (!containsIp(cidr, g)) add([...rp, 'gateway'], `invalid host route gateway ${r.gateway} on ${JSON.stringify(n.name)}: a DHCP host route's gateway must be inside the network (${n.cidr})`);
    });
  });

  // Public network: exists when declared, when a NIC uses it, or when a cluster needs it.
  const pub = lab.publicNetwork ?? {};
  const pubCidr = parseCidr(pub.cidr ?? DEFAULT_PUBLIC_CIDR) as Cidr;
  const pubGw = pub.gateway ?? (pub.cidr ? formatIp(pubCidr.network + 1) : DEFAULT_PUBLIC_GATEWAY);
  if (!isNetworkAddress(pubCidr)) add(['publicNetwork', 'cidr'], `invalid public network CIDR ${formatIp(pubCidr.address)}/${pubCidr.prefix}: not a network address (did you mean ${formatIp(pubCidr.network)}/${pubCidr.prefix}?)`);
  const pubInfo: NetInfo = { name: PUBLIC, cidr: pubCidr, vrack: null, vlan: null, used: new Map() };
  nets.set(PUBLIC, pubInfo);
  const netNames = (): string[] => [...nets.keys()];

  const claimIp = (net: NetInfo, text: string, path: DocPath, owner: string): number | undefined => {
    const parsed = parseHostAddress(text);
    if (!parsed) return undefined;
    const { ip, prefix } = parsed;
    const cidrText = `${formatIp(net.cidr.network)}/${net.cidr.prefix}`;
    if (prefix !== undefined && prefix !== net.cidr.prefix) {
      add(path, `invalid address ${text} of ${owner}: prefix /${prefix} differs from network ${JSON.stringify(net.name)} (${cidrText}); write ${formatIp(ip)} or ${formatIp(ip)}/${net.cidr.prefix}`);
      return undefined;
    }
    if (!containsIp(net.cidr, ip)) {
      add(path, `invalid address ${formatIp(ip)} of ${owner}: outside network ${JSON.stringify(net.name)} (${cidrText})`);
      return undefined;
    }
    if (net.cidr.prefix < 31 && (ip === net.cidr.network || ip === net.cidr.last)) {
      const which = ip === net.cidr.network ? 'network' : 'broadcast';
      add(path, `invalid address ${formatIp(ip)} of ${owner}: it is the ${which} address of ${JSON.stringify(net.name)} (usable: ${formatIp(net.cidr.network + 1)} to ${formatIp(net.cidr.last - 1)})`);
      return undefined;
    }
    const prev = net.used.get(ip);
    if (prev !== undefined) {
      add(path, `duplicate address ${formatIp(ip)} on network ${JSON.stringify(net.name)}: ${owner} and ${prev} both use it (one address per host on a network)`);
      return undefined;
    }
    net.used.set(ip, owner);
    return ip;
  };
  const refNet = (name: string, path: DocPath, owner: string, allowPublic: boolean): NetInfo | undefined => {
    const n = nets.get(name);
    if (n && (allowPublic || name !== PUBLIC)) return n;
    const valid = netNames().filter((x) => allowPublic || x !== PUBLIC);
    add(path, `unknown network ${JSON.stringify(name)} in ${owner}: no private network has that name${didYouMean(name, valid)} (valid: ${valid.join(', ')})`);
    return undefined;
  };

  const publicUsed = lab.publicNetwork !== undefined || (lab.kubernetes ?? []).length > 0 || (lab.hosts ?? []).some((h) => h.nics.some((n) => n.network === PUBLIC));
  if (publicUsed) {
    const gwHost = pub.gatewayHost ?? DEFAULT_PUBLIC_GATEWAY_HOST;
    claimName(gwHost, pub.gatewayHost ? ['publicNetwork', 'gatewayHost'] : ['publicNetwork']);
    claimIp(pubInfo, pubGw, pub.gateway ? ['publicNetwork', 'gateway'] : ['publicNetwork'], `public gateway ${JSON.stringify(gwHost)}`);
    if (pub.controlPlane !== undefined && containsIp(pubCidr, parseIp(pub.controlPlane) as number)) {
      add(['publicNetwork', 'controlPlane'], `invalid control-plane address ${pub.controlPlane}: it must lie beyond the public gateway, outside ${formatIp(pubCidr.network)}/${pubCidr.prefix}`);
    }
  }

  // Hosts
  (lab.hosts ?? []).forEach((h, i) => {
    const p: DocPath = ['hosts', i];
    claimName(h.name, [...p, 'name']);
    const hostNets: string[] = [];
    const hostIps = new Map<string, number[]>();
    const hostVracks = new Set<string>();
    const ifnames = new Set<string>();
    h.nics.forEach((nic, j) => {
      const np: DocPath = [...p, 'nics', j];
      const ifname = nic.ifname ?? `eth${j}`;
      if (ifnames.has(ifname)) add([...np, 'ifname'], `duplicate interface ${ifname} on host ${JSON.stringify(h.name)}: each NIC needs its own name`);
      ifnames.add(ifname);
      const net = refNet(nic.network, [...np, 'network'], `host ${JSON.stringify(h.name)}`, true);
      if (!net) return;
      if (hostNets.includes(net.name)) add([...np, 'network'], `duplicate NIC on network ${JSON.stringify(net.name)} for host ${JSON.stringify(h.name)}: a host has at most one NIC per network`);
      hostNets.push(net.name);
      if (net.vrack) hostVracks.add(net.vrack);
      const ip = claimIp(net, nic.ip, [...np, 'ip'], `host ${JSON.stringify(h.name)}`);
      if (ip !== undefined) hostIps.set(net.name, [...(hostIps.get(net.name) ?? []), ip]);
    });
    if (hostVracks.size > 1) {
      add([...p, 'nics'], `invalid NICs of host ${JSON.stringify(h.name)}: they span vRacks ${[...hostVracks].join(' and ')} (a server belongs to one vRack; traffic never crosses vRacks)`);
    }
    if (h.kind === 'gateway' && h.nics.length < 2) add([...p, 'nics'], `invalid gateway ${JSON.stringify(h.name)}: a gateway routes between networks and needs NICs on at least two (it has ${h.nics.length})`);
    if (h.kind !== 'gateway' && h.snat) add([...p, 'snat'], `invalid snat on host ${JSON.stringify(h.name)}: only kind gateway does SNAT (kind is ${h.kind})`);
    (h.snat ?? []).forEach((s, j) => {
      const sp: DocPath = [...p, 'snat', j];
      if (!hostNets.includes(s.outNetwork)) {
        add([...sp, 'outNetwork'], `unknown network ${JSON.stringify(s.outNetwork)} in snat of ${JSON.stringify(h.name)}: the gateway has no NIC on it${didYouMean(s.outNetwork, hostNets)} (valid: ${hostNets.join(', ')})`);
      } else if (!(hostIps.get(s.outNetwork) ?? []).includes(parseIp(s.toSource) as number)) {
        add([...sp, 'toSource'], `invalid snat source ${s.toSource} on ${JSON.stringify(h.name)}: it must be the gateway's own address on ${JSON.stringify(s.outNetwork)} (valid: ${(hostIps.get(s.outNetwork) ?? []).map(formatIp).join(', ')})`);
      }
      if (s.notDestination !== undefined && !isNetworkAddress(parseCidr(s.notDestination) as Cidr)) {
        add([...sp, 'notDestination'], `invalid snat notDestination ${s.notDestination} on ${JSON.stringify(h.name)}: not a network address`);
      }
    });
    (h.routes ?? []).forEach((r, j) => {
      const rp: DocPath = [...p, 'routes', j];
      if (r.destination !== 'default') {
        const d = parseCidr(r.destination);
        if (!d) add([...rp, 'destination'], `invalid route destination ${JSON.stringify(r.destination)} on ${JSON.stringify(h.name)}: must be a CIDR or default (e.g. 10.0.2.0/24)`);
        else if (!isNetworkAddress(d)) add([...rp, 'destination'], `invalid route destination ${r.destination} on ${JSON.stringify(h.name)}: not a network address (did you mean ${formatIp(d.network)}/${d.prefix}?)`);
      }
      const via = parseIp(r.via) as number;
      if (!hostNets.some((n) => containsIp((nets.get(n) as NetInfo).cidr, via))) {
        add([...rp, 'via'], `invalid route next hop ${r.via} on ${JSON.stringify(h.name)}: not on any network of the host (networks: ${hostNets.join(', ')})`);
      }
    });
  });

  // Kubernetes clusters
  const clusterNames: string[] = [];
  (lab.kubernetes ?? []).forEach((c, i) => {
    const p: DocPath = ['kubernetes', i];
    if (clusterNames.includes(c.name)) add([...p, 'name'], `duplicate cluster ${JSON.stringify(c.name)}: already declared (cluster names are unique)`);
    clusterNames.push(c.name);
    const net = refNet(c.privateNetwork, [...p, 'privateNetwork'], `cluster ${JSON.stringify(c.name)}`, false);
    const podCidr = parseCidr(c.podCidr ?? DEFAULT_POD_CIDR) as Cidr;
    if (!isNetworkAddress(podCidr)) add([...p, 'podCidr'], `invalid podCidr ${c.podCidr}: not a network address (did you mean ${formatIp(podCidr.network)}/${podCidr.prefix}?)`);
    if (podCidr.prefix > 24) add([...p, 'podCidr'], `invalid podCidr ${c.podCidr}: each node takes a /24 slice, so the prefix must be /24 or shorter`);
    for (const other of nets.values()) {
      if (overlaps(podCidr, other.cidr)) add([...p, 'podCidr'], `invalid podCidr ${formatIp(podCidr.address)}/${podCidr.prefix} of cluster ${JSON.stringify(c.name)}: overlaps network ${JSON.stringify(other.name)} (${formatIp(other.cidr.network)}/${other.cidr.prefix}); OVHcloud reserves 10.2.0.0/16 for pods`);
    }
    const nodeNames: string[] = [];
    if (typeof c.nodes === 'number') {
      for (let k = 1; k <= c.nodes; k++) nodeNames.push(`${c.name}-node${k}`);
      for (const n of nodeNames) {
        checkGenerated(n, [...p, 'nodes'], `cluster name ${JSON.stringify(c.name)} or the node count`);
        claimName(n, [...p, 'nodes']);
      }
    } else {
      c.nodes.forEach((n, j) => {
        const np: DocPath = [...p, 'nodes', j];
        const node = typeof n === 'string' ? { name: n } : n;
        claimName(node.name, typeof n === 'string' ? np : [...np, 'name']);
        nodeNames.push(node.name);
        if (typeof n !== 'string' && n.ip !== undefined && net) claimIp(net, n.ip, [...np, 'ip'], `node ${JSON.stringify(node.name)}`);
        if (typeof n !== 'string' && n.publicIp !== undefined) claimIp(pubInfo, n.publicIp, [...np, 'publicIp'], `node ${JSON.stringify(node.name)}`);
      });
    }
    if (2 ** (24 - Math.min(24, podCidr.prefix)) < nodeNames.length) {
      const room = 2 ** (24 - Math.min(24, podCidr.prefix));
      add([...p, 'nodes'], `too many nodes in cluster ${JSON.stringify(c.name)}: podCidr ${c.podCidr ?? DEFAULT_POD_CIDR} has room for ${room} node${room === 1 ? '' : 's'} (one /24 slice per node; ${nodeNames.length} requested)`);
    }
    const perNode = new Map<string, number>();
    (c.pods ?? []).forEach((pod, j) => {
      const pp: DocPath = [...p, 'pods', j];
      claimName(pod.name, [...pp, 'name']);
      if (!nodeNames.includes(pod.node)) {
        add([...pp, 'node'], `unknown node ${JSON.stringify(pod.node)} for pod ${JSON.stringify(pod.name)}: not a node of cluster ${JSON.stringify(c.name)}${didYouMean(pod.node, nodeNames)} (valid: ${nodeNames.join(', ')})`);
      }
      perNode.set(pod.node, (perNode.get(pod.node) ?? 0) + 1);
    });
    if (c.pods === undefined) {
      for (const n of nodeNames)
        for (let k = 1; k <= (c.podsPerNode ?? 0); k++) {
          checkGenerated(`${n}-pod${k}`, [...p, 'podsPerNode'], `cluster name ${JSON.stringify(c.name)} (or node names) or podsPerNode`);
          claimName(`${n}-pod${k}`, [...p, 'podsPerNode']);
        }
    }
    for (const [node, count] of perNode) {
      if (count > 253) add([...p, 'pods'], `too many pods on node ${JSON.stringify(node)}: a /24 slice holds 253 pods (got ${count})`);
    }
    const gw = c.defaultVrackGateway ?? '';
    if (gw !== '') {
      const g = parseIp(gw);
      if (g === undefined) add([...p, 'defaultVrackGateway'], `invalid defaultVrackGateway ${JSON.stringify(gw)}: must be an IPv4 address or empty (e.g. 10.0.1.1)`);
      else if (net && !containsIp(net.cidr, g)) add([...p, 'defaultVrackGateway'], `invalid defaultVrackGateway ${gw} of cluster ${JSON.stringify(c.name)}: outside its private network ${JSON.stringify(net.name)} (${formatIp(net.cidr.network)}/${net.cidr.prefix})`);
    }
    if (c.privateNetworkRoutingAsDefault && gw === '') {
      add([...p, 'defaultVrackGateway'], `missing defaultVrackGateway for cluster ${JSON.stringify(c.name)}: privateNetworkRoutingAsDefault sends the default route to it (set an address in ${JSON.stringify(c.privateNetwork)})`);
    }
  });

  // Managed services (EFS)
  const efsRegion = new Map<string, string>();
  (lab.managedServices?.storageNetApp ?? []).forEach((s, i) => {
    const p: DocPath = ['managedServices', 'storageNetApp', i];
    claimName(s.name, [...p, 'name']);
    efsRegion.set(s.name, s.region);
    if (!regions.includes(s.region)) add([...p, 'region'], `unknown region ${JSON.stringify(s.region)} for storageNetApp ${JSON.stringify(s.name)}: not a region of profile ${profile}${didYouMean(s.region, regions)} (valid: ${regions.join(', ')})`);
    const shareNames: string[] = [];
    (s.shares ?? []).forEach((sh, j) => {
      const sp: DocPath = [...p, 'shares', j];
      if (shareNames.includes(sh.name)) add([...sp, 'name'], `duplicate share ${JSON.stringify(sh.name)} in ${JSON.stringify(s.name)}: share names are unique per service`);
      shareNames.push(sh.name);
      for (const path of Object.keys(sh.files ?? {})) {
        if (path.startsWith('/') || path.split('/').some((seg) => seg === '..' || seg === '')) {
          add([...sp, 'files', path], `invalid file path ${JSON.stringify(path)} in share ${JSON.stringify(sh.name)}: must be relative, without '..' or empty parts (e.g. dir/hello.txt)`);
        }
      }
      (sh.acls ?? []).forEach((a, k) => {
        // Only a written CIDR can miss its network address; a bare IP is one host.
        const acl = a.accessTo.includes('/') ? parseCidr(a.accessTo) : undefined;
        if (acl && !isNetworkAddress(acl)) {
          add([...sp, 'acls', k, 'accessTo'], `invalid ACL accessTo ${a.accessTo} in share ${JSON.stringify(sh.name)}: a CIDR must be a network address (did you mean ${formatIp(acl.network)}/${acl.prefix}?)`);
        }
      });
    });
  });

  // vRack Services
  const vrsNames: string[] = [];
  const regionPerVrack = new Map<string, string>();
  const attachedEfs = new Map<string, string>();
  (lab.vrackServices ?? []).forEach((v, i) => {
    const p: DocPath = ['vrackServices', i];
    if (vrsNames.includes(v.name)) add([...p, 'name'], `duplicate vRack Services ${JSON.stringify(v.name)}: already declared (names are unique)`);
    vrsNames.push(v.name);
    if (!regions.includes(v.region)) add([...p, 'region'], `unknown region ${JSON.stringify(v.region)} for vRack Services ${JSON.stringify(v.name)}: not a region of profile ${profile}${didYouMean(v.region, regions)} (valid: ${regions.join(', ')})`);
    if (v.vrack !== undefined && refVrack(v.vrack, [...p, 'vrack'], `vRack Services ${JSON.stringify(v.name)}`)) {
      const key = `${v.vrack}:${v.region}`;
      const prev = regionPerVrack.get(key);
      if (prev !== undefined) add([...p, 'vrack'], `invalid association of ${JSON.stringify(v.name)} to ${v.vrack}: ${JSON.stringify(prev)} is already associated in region ${v.region} (one vRack Services per region per vRack)`);
      else regionPerVrack.set(key, v.name);
    }
    const subnets = v.subnets ?? [];
    if (subnets.length > limits.subnetsPerVrackServices) {
      add([...p, 'subnets'], `too many subnets in ${JSON.stringify(v.name)}: limit is ${limits.subnetsPerVrackServices} per vRack Services (raise api.limits.subnetsPerVrackServices to allow more)`);
    }
    const seenCidrs: { cidr: Cidr; text: string }[] = [];
    const seenVlans = new Set<string>();
    subnets.forEach((s, j) => {
      const sp: DocPath = [...p, 'subnets', j];
      const c = parseCidr(s.cidr) as Cidr;
      if (!isNetworkAddress(c)) add([...sp, 'cidr'], `invalid subnet ${s.cidr} in ${JSON.stringify(v.name)}: not a network address (did you mean ${formatIp(c.network)}/${c.prefix}?)`);
      if (!isRfc1918(c)) add([...sp, 'cidr'], `invalid subnet ${s.cidr} in ${JSON.stringify(v.name)}: must be a private network address (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)`);
      if (c.prefix < limits.subnetPrefixMin || c.prefix > limits.subnetPrefixMax) {
        add([...sp, 'cidr'], `invalid subnet ${s.cidr} in ${JSON.stringify(v.name)}: prefix length must be within [${limits.subnetPrefixMin}, ${limits.subnetPrefixMax}] (profile ${profile})`);
      }
      for (const o of seenCidrs) if (overlaps(o.cidr, c)) add([...sp, 'cidr'], `invalid subnet ${s.cidr} in ${JSON.stringify(v.name)}: overlaps ${o.text} (subnet CIDRs must not overlap)`);
      seenCidrs.push({ cidr: c, text: s.cidr });
      const vk = String(s.vlan ?? 'untagged');
      if (seenVlans.has(vk)) add([...sp, 'vlan'], `duplicate VLAN ${vk} in ${JSON.stringify(v.name)}: each subnet of a vRack Services needs its own VLAN`);
      seenVlans.add(vk);
      const r = parseCidr(s.serviceRange) as Cidr;
      if (!isNetworkAddress(r)) add([...sp, 'serviceRange'], `invalid serviceRange ${s.serviceRange}: not a network address (did you mean ${formatIp(r.network)}/${r.prefix}?)`);
      if (!containsCidr(c, r)) add([...sp, 'serviceRange'], `invalid serviceRange ${s.serviceRange}: not inside subnet ${s.cidr}`);
      if (r.prefix < 27 || r.prefix > 29) add([...sp, 'serviceRange'], `invalid serviceRange ${s.serviceRange}: prefix length must be within [27, 29]`);
      // The guide: service range addresses "must not be used by other nodes connected to the vRack".
      if (v.vrack !== undefined) {
        for (const net of nets.values()) {
          if (net.vrack !== v.vrack || net.vlan !== (s.vlan ?? null)) continue;
          for (const [ip, owner] of net.used) {
            if (containsIp(r, ip)) add([...sp, 'serviceRange'], `invalid serviceRange ${s.serviceRange} in ${JSON.stringify(v.name)}: ${owner} uses ${formatIp(ip)} on the same vRack VLAN (service range addresses are reserved for managed services)`);
          }
        }
      }
      const reserved = 4 + [c.network, c.last].filter((x) => containsIp(r, x)).length;
      const capacity = r.size - reserved;
      const eps = s.serviceEndpoints ?? [];
      if (eps.length > capacity) add([...sp, 'serviceEndpoints'], `too many service endpoints in subnet ${s.cidr}: ${eps.length} need ${eps.length} IPs, serviceRange ${s.serviceRange} has ${capacity} (1 IP per storageNetApp)`);
      eps.forEach((ep, k) => {
        const ep_p: DocPath = [...sp, 'serviceEndpoints', k];
        const region = efsRegion.get(ep);
        if (region === undefined) {
          const valid = [...efsRegion.keys()];
          add(ep_p, `unknown managed service ${JSON.stringify(ep)} in ${JSON.stringify(v.name)}: not declared in managedServices${didYouMean(ep, valid)} (valid: ${valid.join(', ') || 'none declared'})`);
          return;
        }
        if (region !== v.region) add(ep_p, `invalid service endpoint ${JSON.stringify(ep)} in ${JSON.stringify(v.name)}: the managed service is in region ${region}, the vRack Services in ${v.region} (they must match)`);
        const prev = attachedEfs.get(ep);
        if (prev !== undefined) add(ep_p, `invalid service endpoint ${JSON.stringify(ep)} in ${JSON.stringify(v.name)}: already attached to ${JSON.stringify(prev)} (a managed service is attached to one vRack Services at a time)`);
        attachedEfs.set(ep, v.name);
      });
    });
  });
  if (vrsNames.length > limits.vrackServicesPerAccount) {
    issues.push({ path: ['vrackServices'], atKey: true, message: `too many vRack Services: ${vrsNames.length} exceed the account limit of ${limits.vrackServicesPerAccount} (raise api.limits.vrackServicesPerAccount)` });
  }
  return issues;
}
