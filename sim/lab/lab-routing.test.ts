import { describe, expect, it } from 'vitest';
import { loadLab } from '../topology/load.ts';
import { routingAsDefaultLines } from './lab-routing.ts';

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
