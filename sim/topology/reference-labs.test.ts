// The reference labs other suites depend on: exact names, hosts, addresses and routes.
import { describe, expect, it } from 'vitest';
import { hostSetupLines } from './host-routes.ts';
import { loadLab } from './load.ts';
import type { ResolvedHost, ResolvedLab } from './model.ts';

function host(lab: ResolvedLab, name: string): ResolvedHost {
  const h = lab.hosts.find((x) => x.name === name);
  if (!h) throw new Error(`no host ${name} in ${lab.name}`);
  return h;
}

describe('topologies/vrack-services.lab.yml', async () => {
  const lab = await loadLab('topologies/vrack-services.lab.yml');

  it('is the lab of the guide "Exposing a managed service"', () => {
    expect(lab.name).toBe('vrack-services');
    expect(lab.api.profile).toBe('2024-04');
    expect(lab.vracks).toEqual(['pn-xyzzz', 'pn-other']);
    expect(lab.vrackServices).toEqual([{ name: 'vrs-lim', displayName: 'My_vRackServices', region: 'LIM', vrackId: 'pn-xyzzz', subnets: [] }]);
    expect(lab.publicNetwork).toBeNull();
  });

  it('puts bm1, bm2, other1 on their vRack VLANs', () => {
    const placement = ['bm1', 'bm2', 'other1'].map((n) => {
      const h = host(lab, n);
      const seg = lab.segments.find((s) => s.key === h.nics[0]?.segment);
      return { name: n, role: h.role, address: h.nics[0]?.address, ifname: h.nics[0]?.ifname, vrack: seg?.kind === 'vrack' ? seg.vrackId : null, vlan: seg?.kind === 'vrack' ? seg.vlan : 'n/a' };
    });
    expect(placement).toEqual([
      { name: 'bm1', role: 'baremetal', address: '10.120.1.10/16', ifname: 'eth0', vrack: 'pn-xyzzz', vlan: null },
      { name: 'bm2', role: 'baremetal', address: '10.120.1.11/16', ifname: 'eth0', vrack: 'pn-xyzzz', vlan: 100 },
      { name: 'other1', role: 'baremetal', address: '10.120.1.12/16', ifname: 'eth0', vrack: 'pn-other', vlan: null },
    ]);
  });

  it('has an EFS in LIM with a seeded file and an ACL for 10.120.0.0/16', () => {
    expect(lab.storageNetApp).toHaveLength(1);
    const efs = lab.storageNetApp[0];
    expect(efs?.region).toBe('LIM');
    expect(efs?.shares[0]?.files['hello.txt']).toBe('hello from efs-lim\n');
    expect(efs?.shares[0]?.acls).toEqual([{ accessTo: '10.120.0.0/16', accessLevel: 'rw' }]);
    const efsHost = host(lab, efs?.host ?? '');
    expect({ role: efsHost.role, image: efsHost.image, capAdd: efsHost.capAdd, nics: efsHost.nics }).toEqual({ role: 'efs', image: 'efs', capAdd: ['DAC_READ_SEARCH', 'SYS_ADMIN'], nics: [] });
  });
});

describe('topologies/mks-private-networks.lab.yml', async () => {
  const lab = await loadLab('topologies/mks-private-networks.lab.yml');

  it('has the tutorial networks on pn-xyzzz', () => {
    expect(lab.name).toBe('mks-private-networks');
    expect(lab.privateNetworks.map((n) => [n.name, n.vrackId, n.vlan, n.cidr, n.hostRoutesEnabled])).toEqual([
      ['priv-net-01', 'pn-xyzzz', 10, '10.0.1.0/24', false],
      ['priv-net-02', 'pn-xyzzz', 20, '10.0.2.0/24', false],
    ]);
  });

  it('has the gateway VM with ip_forward and the tutorial SNAT', () => {
    const gw = host(lab, 'my-vrack-gateway');
    expect(gw.nics.map((n) => `${n.ifname} ${n.network} ${n.address}`)).toEqual(['eth0 priv-net-01 10.0.1.1/24', 'eth1 priv-net-02 10.0.2.1/24']);
    expect(gw.sysctls).toEqual({ 'net.ipv4.ip_forward': '1' });
    expect(gw.iptables).toEqual([
      'iptables -t nat -A POSTROUTING ! -d 10.0.1.0/24 -o eth1 -j SNAT --to-source 10.0.2.1',
      'iptables -t nat -A POSTROUTING ! -d 10.0.2.0/24 -o eth0 -j SNAT --to-source 10.0.1.1',
    ]);
    expect(gw.firewall).toContain('oifname "eth1" ip daddr != 10.0.1.0/24 snat to 10.0.2.1');
    expect(gw.routes).toEqual([]);
  });

  it('gives nodes eth0 public with the default route, eth1 private, and pod CIDR slices', () => {
    const nodes = ['node1', 'node2', 'node3'].map((n) => host(lab, n));
    expect(nodes.map((n) => n.nics.map((x) => `${x.ifname} ${x.network} ${x.address}`))).toEqual([
      ['eth0 public 198.51.100.10/24', 'eth1 priv-net-01 10.0.1.146/24'],
      ['eth0 public 198.51.100.11/24', 'eth1 priv-net-01 10.0.1.147/24'],
      ['eth0 public 198.51.100.12/24', 'eth1 priv-net-01 10.0.1.148/24'],
    ]);
    expect(hostSetupLines(nodes[0] as ResolvedHost, { hasPods: true })).toEqual([
      'addr replace 10.2.0.1/24 dev cni0',
      'link set cni0 up',
      'route replace default via 198.51.100.1 dev eth0',
      'route replace 10.2.1.0/24 via 10.0.1.147 dev eth1',
      'route replace 10.2.2.0/24 via 10.0.1.148 dev eth1',
    ]);
    expect(nodes.map((n) => n.podNetwork)).toEqual([
      { bridge: 'cni0', cidr: '10.2.0.0/24', address: '10.2.0.1/24' },
      { bridge: 'cni0', cidr: '10.2.1.0/24', address: '10.2.1.1/24' },
      { bridge: 'cni0', cidr: '10.2.2.0/24', address: '10.2.2.1/24' },
    ]);
    expect(nodes[0]?.sysctls).toEqual({ 'net.ipv4.ip_forward': '1' });
    expect(nodes[0]?.iptables).toEqual(['iptables -t nat -A POSTROUTING -s 10.2.0.0/16 ! -d 10.2.0.0/16 ! -o cni0 -j MASQUERADE']);
  });

  it('runs one pod per node behind cni0, and two hostNetwork pods in their nodes', () => {
    expect(lab.pods.map((p) => `${p.name}@${p.node} ${p.address} gw ${p.gateway} ${p.nodeIfname}`)).toEqual([
      'pod1@node1 10.2.0.2/24 gw 10.2.0.1 veth0',
      'pod2@node2 10.2.1.2/24 gw 10.2.1.1 veth0',
      'pod3@node3 10.2.2.2/24 gw 10.2.2.1 veth0',
      'hostpod1@node1 null gw 10.2.0.1 null',
      'hostpod2@node2 null gw 10.2.1.1 null',
    ]);
    expect(hostSetupLines(host(lab, 'pod3'), { hasPods: false })).toEqual(['route replace default via 10.2.2.1 dev eth0']);
  });

  it('has vm1 at 10.0.2.142 with no host routes at start, and a public gateway holding the control plane', () => {
    const vm1 = host(lab, 'vm1');
    expect(vm1.nics.map((n) => n.address)).toEqual(['10.0.2.142/24']);
    expect(vm1.routes).toEqual([]);
    const ext = host(lab, 'ext-gw');
    expect({ role: ext.role, nics: ext.nics.map((n) => n.address), lo: ext.loopbackAddresses, routes: ext.routes }).toEqual({
      role: 'public-gateway', nics: ['198.51.100.1/24'], lo: ['192.0.2.10/32'], routes: [],
    });
  });
});

describe('topologies/two-regions.lab.yml', async () => {
  const lab = await loadLab('topologies/two-regions.lab.yml');
  it('delivers two vRack Services with their EFS attached', () => {
    expect(lab.vrackServices.map((v) => [v.name, v.region, v.subnets[0]?.serviceEndpoints])).toEqual([
      ['vrs-lim', 'LIM', ['efs-lim']],
      ['vrs-gra', 'GRA', ['efs-gra']],
    ]);
    expect(lab.api.timings.preset).toBe('fast');
    expect(lab.api.limits.subnetsPerVrackServices).toBe(2);
  });
});
