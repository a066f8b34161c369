// Every loader rule, asserted on its exact text including file:line:column.
import { describe, expect, it } from 'vitest';
import { loadLab, parseLab } from './load.ts';
import { labProblems as problems } from './testing/lab-problems.ts';

const NETS = `name: lab1
vracks: [{id: pn-a}, {id: pn-b}]
privateNetworks:
  - {name: n1, vrack: pn-a, vlan: 10, cidr: 10.0.1.0/24}
  - {name: n2, vrack: pn-a, vlan: 20, cidr: 10.0.2.0/24}
  - {name: n3, vrack: pn-b, vlan: 10, cidr: 10.0.3.0/24}
`;

describe('parseLab: YAML syntax', () => {
  it('reports a syntax error at its position', () => {
    expect(problems('name: lab1\nhosts: [\n')).toEqual([
      'x.lab.yml:3:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] (BAD_INDENT)',
    ]);
  });
  it('rejects duplicate keys', () => {
    expect(problems('name: lab1\nname: lab2\n')).toEqual(['x.lab.yml:2:1: invalid YAML: Map keys must be unique (DUPLICATE_KEY)']);
  });
  it('rejects a document that is not a mapping', () => {
    expect(problems('- a\n- b\n')).toEqual(['x.lab.yml:1:1: invalid lab file: the document must be a mapping with at least a name (e.g. "name: my-lab")']);
  });
  it('the error message lists every problem under a header', () => {
    expect(() => parseLab('name: Bad\nvrack: []\n', 'y.lab.yml')).toThrow(
      'invalid lab file y.lab.yml: 2 problems (nothing was built)\n  y.lab.yml:1:7: invalid value "Bad" at name:',
    );
  });
});

describe('parseLab: schema rules', () => {
  it('unknown key with did-you-mean, pointing at the key', () => {
    expect(problems('name: lab1\nvracks:\n  - id: pn-a\n    descripton: x\n')).toEqual([
      'x.lab.yml:4:5: unknown key "descripton" in vracks[0]: not part of the lab format; did you mean "description"? (valid keys: id, description)',
    ]);
  });
  it('unknown top-level key', () => {
    expect(problems('name: lab1\nvrack:\n  - id: pn-a\n')).toEqual([
      'x.lab.yml:2:1: unknown key "vrack" in the top level: not part of the lab format; did you mean "vracks"? (valid keys: name, description, defaults, api, vracks, privateNetworks, publicNetwork, hosts, nodes, kubernetes, managedServices, vrackServices)',
    ]);
  });
  it('enum value with did-you-mean and the valid choices', () => {
    expect(problems('name: lab1\nhosts:\n  - name: h1\n    kind: vmm\n    nics: [{network: public, ip: 198.51.100.5}]\n')).toEqual([
      'x.lab.yml:4:11: invalid value "vmm" at hosts[0].kind: not an allowed value; did you mean "vm"? (valid: baremetal, vm, gateway)',
    ]);
  });
  it('VLAN out of range', () => {
    expect(problems('name: lab1\nvracks: [{id: pn-a}]\nprivateNetworks:\n  - name: n1\n    vrack: pn-a\n    vlan: 5000\n    cidr: 10.0.0.0/24\n')).toEqual([
      'x.lab.yml:6:11: invalid value 5000 at privateNetworks[0].vlan: must be <= 4094 (a VLAN id from 2 to 4094, or null for untagged)',
    ]);
    expect(problems('name: lab1\nvracks: [{id: pn-a}]\nprivateNetworks:\n  - {name: n1, vrack: pn-a, vlan: 1, cidr: 10.0.0.0/24}\n')).toEqual([
      'x.lab.yml:4:35: invalid value 1 at privateNetworks[0].vlan: must be >= 2 (a VLAN id from 2 to 4094, or null for untagged)',
    ]);
  });
  it('missing required key', () => {
    expect(problems('name: lab1\nvracks: [{id: pn-a}]\nprivateNetworks:\n  - name: n1\n    vrack: pn-a\n')).toEqual([
      'x.lab.yml:4:5: missing key "cidr" in privateNetworks[0]: it is required (required keys: name, vrack, cidr)',
    ]);
  });
  it('lab name: DNS label, at most 20 characters', () => {
    const rule = 'must be the lab name: a DNS label of at most 20 characters (lowercase letters, digits, dashes)';
    expect(problems('name: Lab_One\n')).toEqual([`x.lab.yml:1:7: invalid value "Lab_One" at name: ${rule}`]);
    expect(problems('name: abcdefghijklmnopqrstu\n')).toEqual([`x.lab.yml:1:7: invalid value "abcdefghijklmnopqrstu" at name: ${rule}`]);
    expect(parseLab('name: abcdefghijklmnopqrst\n', 'x').name).toBe('abcdefghijklmnopqrst');
  });
  it('oneOf: a string timing preset gets did-you-mean from the string form only', () => {
    expect(problems('name: lab1\napi:\n  timings: fastt\n')).toEqual([
      'x.lab.yml:3:12: invalid value "fastt" at api.timings: not an allowed value; did you mean "fast"? (valid: realistic, fast)',
    ]);
  });
  it('oneOf: an object timing reports its unknown key only', () => {
    expect(problems('name: lab1\napi:\n  timings: {taskPendingMs: 1, taskRuningMs: 2}\n')).toEqual([
      'x.lab.yml:3:31: unknown key "taskRuningMs" in api.timings: not part of the lab format; did you mean "taskRunningMs"? (valid keys: taskPendingMs, taskRunningMs, vrackTaskMs, deliveryMs, disruptiveCutMs)',
    ]);
  });
  it('oneOf: a value of no accepted type lists the forms', () => {
    expect(problems('name: lab1\nkubernetes:\n  - name: k\n    privateNetwork: n1\n    nodes: three\n')).toEqual([
      'x.lab.yml:5:12: invalid value "three" at kubernetes[0].nodes: must be one of the accepted forms (integer; or a list)',
    ]);
  });
  it('a node entry with an unknown key', () => {
    expect(problems('name: lab1\nkubernetes:\n  - name: k\n    privateNetwork: n1\n    nodes: [{name: a, ipp: 1.2.3.4}]\n')).toEqual([
      'x.lab.yml:5:23: unknown key "ipp" in kubernetes[0].nodes[0]: not part of the lab format; did you mean "ip"? (valid keys: name, ip, publicIp)',
    ]);
  });
});

describe('parseLab: networks and hosts', () => {
  it('references, CIDRs, addresses, duplicates', () => {
    const text = `name: lab1
vracks: [{id: pn-xyzzz}]
privateNetworks:
  - {name: priv-net-01, vrack: pn-xyzz, cidr: 10.0.1.0/24}
  - {name: priv-net-02, vrack: pn-xyzzz, vlan: 20, cidr: 10.0.2.5/24}
  - {name: pub, vrack: pn-xyzzz, vlan: 30, cidr: 8.8.8.0/24}
hosts:
  - name: h1
    kind: vm
    nics: [{network: priv-net-2, ip: 10.0.2.10}]
  - name: h2
    kind: vm
    nics:
      - {network: priv-net-02, ip: 10.0.3.10}
      - {network: priv-net-02, ip: 10.0.2.0}
  - name: h1
    kind: baremetal
    nics: [{network: priv-net-02, ip: 10.0.2.255/24}]
  - name: h4
    kind: baremetal
    nics: [{network: priv-net-02, ip: 10.0.2.7/16}]
`;
    expect(problems(text)).toEqual([
      'x.lab.yml:4:32: unknown vRack "pn-xyzz" in private network "priv-net-01": not declared in vracks; did you mean "pn-xyzzz"? (valid: pn-xyzzz)',
      'x.lab.yml:5:58: invalid CIDR 10.0.2.5/24 of private network "priv-net-02": not a network address (did you mean 10.0.2.0/24?)',
      'x.lab.yml:6:50: invalid CIDR 8.8.8.0/24 of private network "pub": vRack private networks use RFC 1918 ranges (valid: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)',
      'x.lab.yml:10:22: unknown network "priv-net-2" in host "h1": no private network has that name; did you mean "priv-net-02"? (valid: priv-net-01, priv-net-02, pub, public)',
      'x.lab.yml:14:36: invalid address 10.0.3.10 of host "h2": outside network "priv-net-02" (10.0.2.0/24)',
      'x.lab.yml:15:19: duplicate NIC on network "priv-net-02" for host "h2": a host has at most one NIC per network',
      'x.lab.yml:15:36: invalid address 10.0.2.0 of host "h2": it is the network address of "priv-net-02" (usable: 10.0.2.1 to 10.0.2.254)',
      'x.lab.yml:16:11: duplicate name "h1": already used by hosts[0].name (hosts, nodes, pods, managed services and the public gateway share one namespace)',
      'x.lab.yml:18:39: invalid address 10.0.2.255 of host "h1": it is the broadcast address of "priv-net-02" (usable: 10.0.2.1 to 10.0.2.254)',
      'x.lab.yml:21:39: invalid address 10.0.2.7/16 of host "h4": prefix /16 differs from network "priv-net-02" (10.0.2.0/24); write 10.0.2.7 or 10.0.2.7/24',
    ]);
  });
  it('one private network per vRack VLAN', () => {
    expect(problems(NETS + '  - {name: n4, vrack: pn-a, vlan: 10, cidr: 10.0.4.0/24}\n')).toEqual([
      'x.lab.yml:7:35: duplicate segment for private network "n4": vRack pn-a VLAN 10 is already used by "n1" (one private network per vRack VLAN)',
    ]);
  });
  it('the same CIDR on two segments is allowed (separate broadcast domains)', () => {
    const lab = parseLab(NETS + '  - {name: n5, vrack: pn-b, cidr: 10.0.1.0/24}\n', 'x');
    expect(lab.segments.map((s) => s.key)).toEqual(['vrack:pn-a:10', 'vrack:pn-a:20', 'vrack:pn-b:10', 'vrack:pn-b:untagged']);
  });
  it('gateways, SNAT, static routes, one vRack per host, duplicate IPs', () => {
    const text = NETS + `hosts:
  - name: gw
    kind: gateway
    nics: [{network: n1, ip: 10.0.1.1}]
    snat: [{outNetwork: n2, toSource: 10.0.2.1}]
  - name: gw2
    kind: gateway
    nics: [{network: n1, ip: 10.0.1.2}, {network: n2, ip: 10.0.2.2}]
    snat: [{outNetwork: n2, toSource: 10.0.2.9, notDestination: 10.0.1.5/24}]
    routes: [{destination: 10.9.0.0/16, via: 10.7.0.1}, {destination: 10.9.1.1/16, via: 10.0.1.1}]
  - name: bm
    kind: baremetal
    nics: [{network: n1, ip: 10.0.1.2}, {network: n3, ip: 10.0.3.2}]
    snat: []
`;
    expect(problems(text)).toEqual([
      'x.lab.yml:10:11: invalid gateway "gw": a gateway routes between networks and needs NICs on at least two (it has 1)',
      'x.lab.yml:11:25: unknown network "n2" in snat of "gw": the gateway has no NIC on it; did you mean "n1"? (valid: n1)',
      'x.lab.yml:15:39: invalid snat source 10.0.2.9 on "gw2": it must be the gateway\'s own address on "n2" (valid: 10.0.2.2)',
      'x.lab.yml:15:65: invalid snat notDestination 10.0.1.5/24 on "gw2": not a network address',
      'x.lab.yml:16:46: invalid route next hop 10.7.0.1 on "gw2": not on any network of the host (networks: n1, n2)',
      'x.lab.yml:16:71: invalid route destination 10.9.1.1/16 on "gw2": not a network address (did you mean 10.9.0.0/16?)',
      'x.lab.yml:19:11: invalid NICs of host "bm": they span vRacks pn-a and pn-b (a server belongs to one vRack; traffic never crosses vRacks)',
      'x.lab.yml:19:30: duplicate address 10.0.1.2 on network "n1": host "bm" and host "gw2" both use it (one address per host on a network)',
      'x.lab.yml:20:11: invalid snat on host "bm": only kind gateway does SNAT (kind is baremetal)',
    ]);
  });
  it('DHCP host routes must use a gateway inside the network', () => {
    const text = `name: lab1
vracks: [{id: pn-a}]
privateNetworks:
  - name: n1
    vrack: pn-a
    cidr: 10.0.1.0/24
    dhcp:
      hostRoutes: [{destination: 10.0.2.1/24, gateway: 10.0.2.1}]
`;
    expect(problems(text)).toEqual([
      'x.lab.yml:8:34: invalid host route destination 10.0.2.1/24 on "n1": not a network address (did you mean 10.0.2.0/24?)',
      'x.lab.yml:8:56: invalid host route gateway 10.0.2.1 on "n1": a DHCP host route\'s gateway must be inside the network (10.0.1.0/24)',
    ]);
  });
});

describe('parseLab: kubernetes', () => {
  it('network, pod CIDR, nodes, pods, gateway', () => {
    const text = NETS + `kubernetes:
  - name: k
    privateNetwork: n9
    nodes: [a, b]
    podCidr: 10.0.0.0/16
    pods: [{name: p1, node: c}]
    privateNetworkRoutingAsDefault: true
  - name: k2
    privateNetwork: n1
    nodes: [{name: x, ip: 10.0.2.5}]
    podCidr: 10.2.0.0/25
    defaultVrackGateway: 10.0.2.1
`;
    expect(problems(text)).toEqual([
      'x.lab.yml:8:5: missing defaultVrackGateway for cluster "k": privateNetworkRoutingAsDefault sends the default route to it (set an address in "n9")',
      'x.lab.yml:9:21: unknown network "n9" in cluster "k": no private network has that name; did you mean "n1"? (valid: n1, n2, n3)',
      'x.lab.yml:11:14: invalid podCidr 10.0.0.0/16 of cluster "k": overlaps network "n1" (10.0.1.0/24); OVHcloud reserves 10.2.0.0/16 for pods',
      'x.lab.yml:11:14: invalid podCidr 10.0.0.0/16 of cluster "k": overlaps network "n2" (10.0.2.0/24); OVHcloud reserves 10.2.0.0/16 for pods',
      'x.lab.yml:11:14: invalid podCidr 10.0.0.0/16 of cluster "k": overlaps network "n3" (10.0.3.0/24); OVHcloud reserves 10.2.0.0/16 for pods',
      'x.lab.yml:12:29: unknown node "c" for pod "p1": not a node of cluster "k"; did you mean "a"? (valid: a, b)',
      'x.lab.yml:16:27: invalid address 10.0.2.5 of node "x": outside network "n1" (10.0.1.0/24)',
      'x.lab.yml:17:14: invalid podCidr 10.2.0.0/25: each node takes a /24 slice, so the prefix must be /24 or shorter',
      'x.lab.yml:18:26: invalid defaultVrackGateway 10.0.2.1 of cluster "k2": outside its private network "n1" (10.0.1.0/24)',
    ]);
  });
  it('node names clash with host names', () => {
    const text = NETS + 'hosts:\n  - {name: a, kind: vm, nics: [{network: n1, ip: 10.0.1.5}]}\nkubernetes:\n  - {name: k, privateNetwork: n1, nodes: [a]}\n';
    expect(problems(text)).toEqual([
      'x.lab.yml:10:43: duplicate name "a": already used by hosts[0].name (hosts, nodes, pods, managed services and the public gateway share one namespace)',
    ]);
  });
});

describe('parseLab: managed services and vRack Services', () => {
  it('regions, shares, ACLs, subnets, endpoints, associations', () => {
    const text = NETS + `managedServices:
  storageNetApp:
    - name: efs1
      region: LIMM
      shares:
        - name: s
          files: {"/etc/passwd": x, "a/../b": y}
          acls: [{accessTo: 10.0.1.5/24, accessLevel: rw}]
        - name: s
vrackServices:
  - name: v1
    region: GRA
    vrack: pn-c
    subnets:
      - {cidr: 10.0.9.0/25, serviceRange: 10.0.8.0/29, serviceEndpoints: [efs1, efs2]}
      - {cidr: 8.8.8.0/24, serviceRange: 8.8.8.0/26}
  - name: v2
    region: GRA
    vrack: pn-a
  - name: v3
    region: GRA
    vrack: pn-a
`;
    expect(problems(text)).toEqual([
      'x.lab.yml:10:15: unknown region "LIMM" for storageNetApp "efs1": not a region of profile 2024-04; did you mean "LIM"? (valid: GRA, LIM, RBX, SBG, BHS)',
      'x.lab.yml:13:34: invalid file path "/etc/passwd" in share "s": must be relative, without \'..\' or empty parts (e.g. dir/hello.txt)',
      'x.lab.yml:13:47: invalid file path "a/../b" in share "s": must be relative, without \'..\' or empty parts (e.g. dir/hello.txt)',
      'x.lab.yml:14:29: invalid ACL accessTo 10.0.1.5/24 in share "s": a CIDR must be a network address (did you mean 10.0.1.0/24?)',
      'x.lab.yml:15:17: duplicate share "s" in "efs1": share names are unique per service',
      'x.lab.yml:19:12: unknown vRack "pn-c" in vRack Services "v1": not declared in vracks; did you mean "pn-a"? (valid: pn-a, pn-b)',
      'x.lab.yml:21:7: too many subnets in "v1": limit is 1 per vRack Services (raise api.limits.subnetsPerVrackServices to allow more)',
      'x.lab.yml:21:16: invalid subnet 10.0.9.0/25 in "v1": prefix length must be within [16, 24] (profile 2024-04)',
      'x.lab.yml:21:43: invalid serviceRange 10.0.8.0/29: not inside subnet 10.0.9.0/25',
      'x.lab.yml:21:75: invalid service endpoint "efs1" in "v1": the managed service is in region LIMM, the vRack Services in GRA (they must match)',
      'x.lab.yml:21:81: unknown managed service "efs2" in "v1": not declared in managedServices; did you mean "efs1"? (valid: efs1)',
      'x.lab.yml:22:9: duplicate VLAN untagged in "v1": each subnet of a vRack Services needs its own VLAN',
      'x.lab.yml:22:16: invalid subnet 8.8.8.0/24 in "v1": must be a private network address (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)',
      'x.lab.yml:22:42: invalid serviceRange 8.8.8.0/26: must be a private network address (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)',
      'x.lab.yml:22:42: invalid serviceRange 8.8.8.0/26: prefix length must be within [27, 29]',
      'x.lab.yml:28:12: invalid association of "v3" to pn-a: "v2" is already associated in region GRA (one vRack Services per region per vRack)',
    ]);
  });
  it('profile 2025-10 uses its own region names and /24 subnets', () => {
    const text = `name: lab1
api: {profile: '2025-10'}
vrackServices:
  - name: v1
    region: LIM
    subnets: [{cidr: 10.0.0.0/16, serviceRange: 10.0.0.0/29}]
`;
    expect(problems(text)).toEqual([
      'x.lab.yml:5:13: unknown region "LIM" for vRack Services "v1": not a region of profile 2025-10 (valid: eu-west-gra, eu-west-lim, eu-west-rbx, eu-west-sbg, ca-east-bhs)',
      'x.lab.yml:6:22: invalid subnet 10.0.0.0/16 in "v1": prefix length must be within [24, 24] (profile 2025-10)',
    ]);
  });
  it('service range sizes follow the simulator\'s rule: product-definition allows /(subnet prefix + 1)', () => {
    const lab = (rule: string) => `name: lab1\napi: {limits: {serviceRangeRule: ${rule}}}\nvrackServices:\n  - name: v1\n    region: LIM\n    subnets: [{cidr: 10.0.0.0/24, serviceRange: 10.0.0.0/25}]\n`;
    expect(() => parseLab(lab('product-definition'), 'x.lab.yml')).not.toThrow();
    expect(problems(lab('guide'))).toEqual(['x.lab.yml:6:49: invalid serviceRange 10.0.0.0/25: prefix length must be within [27, 29]']);
  });
  it('service range capacity: 3 usable IPs in a base-aligned /29', () => {
    const efs = [1, 2, 3, 4].map((i) => `    - {name: e${i}, region: LIM}`).join('\n');
    const text = `name: lab1\nmanagedServices:\n  storageNetApp:\n${efs}\nvrackServices:\n  - name: v1\n    region: LIM\n    subnets: [{cidr: 10.0.0.0/24, serviceRange: 10.0.0.0/29, serviceEndpoints: [e1, e2, e3, e4]}]\n`;
    expect(problems(text)).toEqual([
      'x.lab.yml:11:80: too many service endpoints in subnet 10.0.0.0/24: 4 need 4 IPs, serviceRange 10.0.0.0/29 has 3 (1 IP per storageNetApp)',
    ]);
  });
});

describe('loadLab', () => {
  it('names the file it cannot read', async () => {
    await expect(loadLab('/nonexistent/dir/x.lab.yml')).rejects.toThrow('cannot read lab file /nonexistent/dir/x.lab.yml: ENOENT (name: x.lab.yml)');
  });
  it('uses the path as given in positions', async () => {
    const lab = await loadLab('topologies/vrack-services.lab.yml');
    expect(lab.source).toBe('topologies/vrack-services.lab.yml');
  });
});

describe('parseLab: service range vs hosts, YAML merge keys', () => {
  it('a host may not sit inside a delivered subnet\'s service range on the same vRack VLAN', () => {
    const text = `name: lab1
vracks: [{id: pn-a}]
privateNetworks: [{name: n, vrack: pn-a, cidr: 10.120.0.0/16}]
hosts:
  - {name: bm1, kind: baremetal, nics: [{network: n, ip: 10.120.0.3}]}
vrackServices:
  - name: v
    region: LIM
    vrack: pn-a
    subnets: [{cidr: 10.120.0.0/16, serviceRange: 10.120.0.0/29}]
`;
    expect(problems(text)).toEqual([
      'x.lab.yml:10:51: invalid serviceRange 10.120.0.0/29 in "v": host "bm1" uses 10.120.0.3 on the same vRack VLAN (service range addresses are reserved for managed services)',
    ]);
    // Another VLAN is another broadcast domain: no conflict there.
    expect(parseLab(text.replace('serviceRange: 10.120.0.0/29}', 'serviceRange: 10.120.0.0/29, vlan: 7}'), 'x').vrackServices[0]?.subnets[0]?.vlan).toBe(7);
  });

  it('anchors and merge keys work, positions still point into the file', () => {
    const text = `name: lab1
vracks: [{id: pn-a}]
privateNetworks: [{name: n, vrack: pn-a, cidr: 10.0.0.0/24}]
hosts:
  - &bm {name: bm1, kind: baremetal, nics: [{network: n, ip: 10.0.0.5}]}
  - <<: *bm
    name: bm2
    nics: [{network: n, ip: 10.0.0.6}]
  - <<: *bm
    name: bm3
    nics: [{network: n, ip: 10.0.1.7}]
`;
    expect(problems(text)).toEqual(['x.lab.yml:11:29: invalid address 10.0.1.7 of host "bm3": outside network "n" (10.0.0.0/24)']);
    expect(parseLab(text.replace('10.0.1.7', '10.0.0.7'), 'x').hosts.map((h) => `${h.name} ${h.role} ${h.nics[0]?.ip}`)).toEqual([
      'bm1 baremetal 10.0.0.5', 'bm2 baremetal 10.0.0.6', 'bm3 baremetal 10.0.0.7',
    ]);
  });
});

describe('parseLab: public network', () => {
  it('gateway inside the CIDR, control plane beyond it, NICs on public checked like any network', () => {
    const text = `name: lab1
publicNetwork:
  cidr: 198.51.100.0/24
  gateway: 198.51.101.1
  controlPlane: 198.51.100.200
hosts:
  - {name: vm, kind: vm, nics: [{network: public, ip: 198.51.100.255}]}
`;
    expect(problems(text)).toEqual([
      'x.lab.yml:4:12: invalid address 198.51.101.1 of public gateway "ext-gw": outside network "public" (198.51.100.0/24)',
      'x.lab.yml:5:17: invalid control-plane address 198.51.100.200: it must lie beyond the public gateway, outside 198.51.100.0/24',
      'x.lab.yml:7:55: invalid address 198.51.100.255 of host "vm": it is the broadcast address of "public" (usable: 198.51.100.1 to 198.51.100.254)',
    ]);
  });

  it('a NIC on public brings the public network and its gateway host in', () => {
    const lab = parseLab('name: lab1\nhosts:\n  - {name: vm, kind: vm, nics: [{network: public, ip: 198.51.100.7}]}\n', 'x');
    expect(lab.publicNetwork).toEqual({ cidr: '198.51.100.0/24', gateway: '198.51.100.1', gatewayHost: 'ext-gw', controlPlane: '192.0.2.10' });
    expect(lab.hosts.map((h) => `${h.name}:${h.role}:${h.nics.map((n) => n.address).join(',')}`)).toEqual(['ext-gw:public-gateway:198.51.100.1/24', 'vm:vm:198.51.100.7/24']);
    expect(problems('name: lab1\nhosts:\n  - {name: ext-gw, kind: vm, nics: [{network: public, ip: 198.51.100.7}]}\n')).toEqual([
      'x.lab.yml:3:12: duplicate name "ext-gw": already used by publicNetwork (hosts, nodes, pods, managed services and the public gateway share one namespace)',
    ]);
  });
});

describe('parseLab: remaining uniqueness and limit rules', () => {
  it('limits, duplicate vRacks and networks, reserved name, tiny CIDR, duplicate ifname', () => {
    const text = `name: lab1
api: {limits: {subnetPrefixMin: 25, subnetPrefixMax: 24}}
vracks: [{id: pn-a}, {id: pn-a}]
privateNetworks:
  - {name: public, vrack: pn-a, cidr: 10.0.0.0/24}
  - {name: n1, vrack: pn-a, vlan: 2, cidr: 10.0.1.0/24}
  - {name: n1, vrack: pn-a, vlan: 3, cidr: 10.0.2.0/31}
hosts:
  - {name: h, kind: vm, nics: [{network: n1, ip: 10.0.1.5, ifname: eth1}, {network: public, ip: 198.51.100.5, ifname: eth1}]}
`;
    expect(problems(text)).toEqual([
      'x.lab.yml:2:15: invalid limits: subnetPrefixMin 25 is above subnetPrefixMax 24 (profile 2024-04)',
      'x.lab.yml:3:27: duplicate vRack "pn-a": already declared (each vRack id appears once)',
      'x.lab.yml:5:12: invalid private network name "public": reserved for the public network (choose another name)',
      'x.lab.yml:7:12: duplicate private network "n1": already declared (names are unique)',
      'x.lab.yml:7:44: invalid CIDR 10.0.2.0/31 of private network "n1": too small for hosts (prefix must be /30 or shorter)',
      'x.lab.yml:9:119: duplicate interface eth1 on host "h": each NIC needs its own name',
    ]);
  });

  it('clusters: pod CIDR room, gateway syntax, duplicate names', () => {
    const text = `name: lab1
vracks: [{id: pn-a}]
privateNetworks: [{name: n1, vrack: pn-a, cidr: 10.0.0.0/16}]
kubernetes:
  - {name: k, privateNetwork: n1, nodes: 2, podCidr: 10.3.0.0/24, defaultVrackGateway: gw}
  - {name: k, privateNetwork: n1, nodes: [z], podsPerNode: 0}
`;
    expect(problems(text)).toEqual([
      'x.lab.yml:5:42: too many nodes in cluster "k": podCidr 10.3.0.0/24 has room for 1 node (one /24 slice per node; 2 requested)',
      'x.lab.yml:5:88: invalid defaultVrackGateway "gw": must be an IPv4 address or empty (e.g. 10.0.1.1)',
      'x.lab.yml:6:12: duplicate cluster "k": already declared (cluster names are unique)',
    ]);
  });

  it('vRack Services: service range base, subnet overlap, EFS attached twice, names, account limit', () => {
    const text = `name: lab1
api: {limits: {subnetsPerVrackServices: 2, vrackServicesPerAccount: 1}}
managedServices:
  storageNetApp: [{name: e, region: LIM}]
vrackServices:
  - name: v
    region: LIM
    subnets:
      - {cidr: 10.0.0.0/16, serviceRange: 10.0.0.8/28, serviceEndpoints: [e]}
      - {cidr: 10.0.5.0/24, vlan: 5, serviceRange: 10.0.5.0/29, serviceEndpoints: [e]}
  - name: v
    region: GRA
`;
    expect(problems(text)).toEqual([
      'x.lab.yml:5:1: too many vRack Services: 2 exceed the account limit of 1 (raise api.limits.vrackServicesPerAccount)',
      'x.lab.yml:9:43: invalid serviceRange 10.0.0.8/28: not a network address (did you mean 10.0.0.0/28?)',
      'x.lab.yml:10:16: invalid subnet 10.0.5.0/24 in "v": overlaps 10.0.0.0/16 (subnet CIDRs must not overlap)',
      'x.lab.yml:10:84: invalid service endpoint "e" in "v": already attached to "v" (a managed service is attached to one vRack Services at a time)',
      'x.lab.yml:11:11: duplicate vRack Services "v": already declared (names are unique)',
    ]);
  });
});

describe('parseLab: pod capacity and route syntax', () => {
  it('a node slice holds 253 pods', () => {
    const pods = Array.from({ length: 254 }, (_, i) => `{name: p${i}, node: n}`).join(', ');
    const text = `name: lab1\nvracks: [{id: pn-a}]\nprivateNetworks: [{name: a, vrack: pn-a, cidr: 10.0.0.0/24}]\nkubernetes:\n  - name: k\n    privateNetwork: a\n    nodes: [n]\n    pods: [${pods}]\n`;
    expect(problems(text)).toEqual(['x.lab.yml:8:11: too many pods on node "n": a /24 slice holds 253 pods (got 254)']);
  });
  it('a static route destination must be a CIDR or default', () => {
    const text = 'name: lab1\nvracks: [{id: pn-a}]\nprivateNetworks: [{name: a, vrack: pn-a, cidr: 10.0.0.0/24}]\nhosts:\n  - {name: h, kind: vm, nics: [{network: a, ip: 10.0.0.5}], routes: [{destination: 10.9.0.0, via: 10.0.0.1}]}\n';
    expect(problems(text)).toEqual(['x.lab.yml:5:84: invalid route destination "10.9.0.0" on "h": must be a CIDR or default (e.g. 10.0.2.0/24)']);
    expect(parseLab(text.replace('10.9.0.0,', 'default,'), 'x').hosts[0]?.routes).toEqual([{ destination: 'default', via: '10.0.0.1', dev: 'eth0', origin: 'static' }]);
  });
});
