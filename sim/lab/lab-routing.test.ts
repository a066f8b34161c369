import { describe, expect, it } from 'vitest';
import { loadLab } from '../topology/load.ts';
import { routeAlreadyGone, routeFailed, routingAsDefaultLines } from './lab-routing.ts';

describe('routingAsDefaultLines', () => {
  it('sends every node of the cluster by the private NIC, keeping the control plane on eth0', async () => {
    const lab = await loadLab('topologies/mks-private-networks.lab.yml');
    const plan = routingAsDefaultLines(lab, 'mks1', '10.0.1.1');
    expect(plan.map((p) => p.host)).toEqual(['node1', 'node2', 'node3']);
    expect(plan[0]!.lines[0]).toBe('route replace default via 10.0.1.1 dev eth1');
    expect(plan[0]!.lines[1]).toMatch(/^route replace \S+\/32 via 198\.51\.100\.1 dev eth0$/);
  });

  it('switches back to the public gateway', async () => {
    const lab = await loadLab('topologies/mks-private-networks.lab.yml');
    expect(routingAsDefaultLines(lab, 'mks1', null)[2]!.lines).toEqual(['route replace default via 198.51.100.1 dev eth0']);
  });

  it('refuses an unknown cluster, naming the valid ones', async () => {
    const lab = await loadLab('topologies/mks-private-networks.lab.yml');
    expect(() => routingAsDefaultLines(lab, 'mks9', null)).toThrow('invalid cluster: not a cluster of lab mks-private-networks (got "mks9"; valid: mks1)');
  });
});

describe('route removal errors', () => {
  it('tells a route already gone apart from a real failure, which it names', () => {
    expect(routeAlreadyGone('RTNETLINK answers: No such process\nCommand failed -:1')).toBe(true);
    expect(routeAlreadyGone(new Error('nsenter: ip -batch failed: RTNETLINK answers: No such process'))).toBe(true);
    expect(routeAlreadyGone('Error: either "to" is duplicate, or "via" is a garbage.')).toBe(false);
    expect(routeAlreadyGone('nsenter: cannot open /proc/99/ns/net: No such file or directory')).toBe(false);
    expect(routeFailed('node1', 'route del 10.0.2.0/24 via 10.0.1.1', 'Cannot find device "eth9"\n').message).toBe(
      'route change in node1 failed: "route del 10.0.2.0/24 via 10.0.1.1": Cannot find device "eth9"',
    );
  });
});
