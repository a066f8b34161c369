import { describe, expect, it } from 'vitest';
import { hostRoutesFor, hostSetupLines } from './host-routes.ts';
import { loadLab, parseLab } from './load.ts';

describe('hostRoutesFor', async () => {
  const lab = await loadLab('topologies/mks-private-networks.lab.yml');

  it('priv-net-01 pushes 10.0.2.0/24 via the gateway to every node, not to the gateway itself', () => {
    expect(hostRoutesFor(lab, 'priv-net-01').map((c) => [c.host, c.add, c.del])).toEqual([
      ['node1', ['route add 10.0.2.0/24 via 10.0.1.1 dev eth1'], ['route del 10.0.2.0/24 via 10.0.1.1 dev eth1']],
      ['node2', ['route add 10.0.2.0/24 via 10.0.1.1 dev eth1'], ['route del 10.0.2.0/24 via 10.0.1.1 dev eth1']],
      ['node3', ['route add 10.0.2.0/24 via 10.0.1.1 dev eth1'], ['route del 10.0.2.0/24 via 10.0.1.1 dev eth1']],
    ]);
  });

  it('priv-net-02 pushes the way back to vm1', () => {
    expect(hostRoutesFor(lab, 'priv-net-02').map((c) => [c.host, c.add])).toEqual([['vm1', ['route add 10.0.1.0/24 via 10.0.2.1 dev eth0']]]);
  });

  it('rejects an unknown network with the valid names', () => {
    expect(() => hostRoutesFor(lab, 'priv-net-03')).toThrow('invalid private network: not a private network of lab mks-private-networks (got "priv-net-03"; valid: priv-net-01, priv-net-02)');
  });

  it('hostRoutesEnabled: true installs them at start; bare-metal servers get none (no DHCP)', () => {
    const text = `name: hr
vracks: [{id: pn-a}]
privateNetworks:
  - {name: a, vrack: pn-a, vlan: 2, cidr: 10.0.1.0/24, dhcp: {hostRoutes: [{destination: 10.0.2.0/24, gateway: 10.0.1.1}]}}
  - {name: b, vrack: pn-a, vlan: 3, cidr: 10.0.2.0/24}
hosts:
  - {name: gw, kind: gateway, nics: [{network: a, ip: 10.0.1.1}, {network: b, ip: 10.0.2.1}]}
  - {name: vm, kind: vm, nics: [{network: a, ip: 10.0.1.5}]}
  - {name: bm, kind: baremetal, nics: [{network: a, ip: 10.0.1.6}]}
`;
    const l = parseLab(text, 'hr.lab.yml');
    expect(l.privateNetworks[0]?.hostRoutesEnabled).toBe(true);
    const lines = Object.fromEntries(l.hosts.map((h) => [h.name, hostSetupLines(h, { hasPods: false })]));
    expect(lines).toEqual({ gw: [], vm: ['route replace 10.0.2.0/24 via 10.0.1.1 dev eth0'], bm: [] });
  });
});

describe('hostSetupLines', async () => {
  const lab = await loadLab('topologies/mks-private-networks.lab.yml');
  const host = (name: string) => lab.hosts.find((h) => h.name === name)!;

  it('a node without pods creates its pod bridge before addressing it; with pods the links made it', () => {
    const without = hostSetupLines(host('node1'), { hasPods: false });
    expect(without.slice(0, 3)).toEqual(['link add cni0 type bridge', 'addr replace 10.2.0.1/24 dev cni0', 'link set cni0 up']);
    expect(hostSetupLines(host('node1'), { hasPods: true })).toEqual(without.slice(1));
  });

  it('puts loopback addresses first, replaced so a re-run converges', () => {
    expect(hostSetupLines(host('ext-gw'), { hasPods: false })).toEqual(['addr replace 192.0.2.10/32 dev lo']);
  });
});

describe('privateNetworkRoutingAsDefault', () => {
  it('sends the default route to defaultVrackGateway on eth1 and keeps the control plane on eth0', () => {
    const text = `name: rad
vracks: [{id: pn-a}]
privateNetworks:
  - {name: a, vrack: pn-a, vlan: 2, cidr: 10.0.1.0/24}
kubernetes:
  - {name: k, privateNetwork: a, nodes: 2, podsPerNode: 1, privateNetworkRoutingAsDefault: true, defaultVrackGateway: 10.0.1.1}
`;
    const lab = parseLab(text, 'rad.lab.yml');
    const node = lab.hosts.find((h) => h.name === 'k-node1');
    expect(node?.nics.map((n) => n.address)).toEqual(['198.51.100.10/24', '10.0.1.10/24']);
    expect(hostSetupLines(node!, { hasPods: true })).toEqual([
      'addr replace 10.2.0.1/24 dev cni0',
      'link set cni0 up',
      'route replace 192.0.2.10/32 via 198.51.100.1 dev eth0',
      'route replace default via 10.0.1.1 dev eth1',
      'route replace 10.2.1.0/24 via 10.0.1.11 dev eth1',
    ]);
    expect(lab.pods.map((p) => `${p.name} ${p.address}`)).toEqual(['k-node1-pod1 10.2.0.2/24', 'k-node2-pod1 10.2.1.2/24']);
  });

  it('hostNetwork pods have no host of their own', () => {
    const text = `name: hn
vracks: [{id: pn-a}]
privateNetworks: [{name: a, vrack: pn-a, cidr: 10.0.1.0/24}]
kubernetes:
  - {name: k, privateNetwork: a, nodes: [n1], pods: [{name: p, node: n1, hostNetwork: true}, {name: q, node: n1}]}
`;
    const lab = parseLab(text, 'hn.lab.yml');
    expect(lab.pods.map((p) => [p.name, p.hostNetwork, p.address])).toEqual([['p', true, null], ['q', false, '10.2.0.2/24']]);
    expect(lab.hosts.map((h) => h.name)).toEqual(['ext-gw', 'n1', 'q']);
  });
});
