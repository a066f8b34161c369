import { describe, expect, it } from 'vitest';
import { loadLab } from '../topology/load.ts';
import { routeAlreadyGone, routeFailed, routingAsDefaultLines, switchHostRoutes, switchRoutingAsDefault, type IpBatch } from './lab-routing.ts';

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
    const back = routingAsDefaultLines(lab, 'mks1', null)[2]!;
    expect(back.lines).toEqual(['route replace default via 198.51.100.1 dev eth0']);
    // The control-plane route the switch added goes too: off is the node as the lab file built it.
    const on = routingAsDefaultLines(lab, 'mks1', '10.0.1.1')[2]!;
    expect(back.removals).toEqual([on.lines[1]!.replace('route replace', 'route del')]);
    expect(on.removals).toEqual([]);
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

describe('the routing switches (one implementation for the lab process and vracklab routes)', () => {
  const recording = (fail: (host: string, lines: string[]) => string | undefined = () => undefined) => {
    const calls: string[] = [];
    const ipBatch: IpBatch = async (host, lines) => {
      calls.push(`${host}: ${lines.join('; ')}`);
      const why = fail(host, lines);
      if (why) throw new Error(why);
    };
    return { calls, ipBatch };
  };

  it('turns host routes on with replace lines, one batch per host', async () => {
    const lab = await loadLab('topologies/mks-private-networks.lab.yml');
    const { calls, ipBatch } = recording();
    expect(await switchHostRoutes(lab, 'priv-net-01', true, ipBatch)).toEqual(['node1', 'node2', 'node3']);
    expect(calls).toHaveLength(3);
    expect(calls[0]).toMatch(/^node1: route replace 10\.0\.2\.0\/24 via 10\.0\.1\.1 dev eth1/);
  });

  it('removes them one line at a time: a route already gone is fine, a real failure names the host and the line', async () => {
    const lab = await loadLab('topologies/mks-private-networks.lab.yml');
    const gone = recording(() => 'RTNETLINK answers: No such process');
    await expect(switchHostRoutes(lab, 'priv-net-01', false, gone.ipBatch)).resolves.toEqual(['node1', 'node2', 'node3']);
    expect(gone.calls.every((c) => c.split('; ').length === 1 && / route del /.test(c))).toBe(true);
    const broken = recording((host) => (host === 'node2' ? 'Cannot find device "eth1"' : undefined));
    await expect(switchHostRoutes(lab, 'priv-net-01', false, broken.ipBatch)).rejects.toThrow(/^route change in node2 failed: "route del 10\.0\.2\.0\/24 .*": Cannot find device "eth1"$/);
  });

  it('routing as default: a failure on a node names it', async () => {
    const lab = await loadLab('topologies/mks-private-networks.lab.yml');
    const { ipBatch } = recording(() => 'Error: Nexthop has invalid gateway.');
    await expect(switchRoutingAsDefault(lab, 'mks1', '10.9.9.9', ipBatch)).rejects.toThrow('route change in node1 failed: "route replace default via 10.9.9.9 dev eth1; route replace');
  });
});
