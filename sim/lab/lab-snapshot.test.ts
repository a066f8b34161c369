// The reset proof's comparison: equal states compare equal whatever the volatile fields (interface
// indexes, address lifetimes, order), and each kind of leftover is named.
import { describe, expect, it } from 'vitest';
import { recordingExec } from '../core/exec.ts';
import { diffSnapshots, ipv6Routes, normaliseHost, snapshotHosts, type LabSnapshot } from './lab-snapshot.ts';

const link = (ifname: string, flags: string[], ifindex: number) => ({ ifindex, ifname, flags, mtu: 1500, address: '02:00:00:00:00:01', operstate: 'UP', link_index: ifindex + 7 });
const addr = (ifname: string, local: string, ifindex: number) => ({ ifindex, ifname, addr_info: [{ family: 'inet', local, prefixlen: 16, valid_life_time: 4294967295 }] });

function host(opts: { index?: number; extraRoute?: boolean; down?: boolean; sysctl?: string } = {}): string[] {
  const i = opts.index ?? 2;
  const routes = [{ dst: '10.120.0.0/16', dev: 'eth1', protocol: 'kernel', scope: 'link', prefsrc: '10.120.1.10' }, ...(opts.extraRoute ? [{ dst: '192.0.2.0/24', gateway: '10.120.1.20', dev: 'eth1' }] : [])];
  return [
    JSON.stringify([link('lo', ['LOOPBACK', 'UP'], 1), { ...link('eth1', opts.down ? ['BROADCAST'] : ['BROADCAST', 'UP'], i), ...addr('eth1', '10.120.1.10', i) }]),
    // Two arrays back to back: `ip -j -4 route …; ip -j -6 route …`.
    `${JSON.stringify(routes)}\n${JSON.stringify([{ dst: 'fe80::/64', dev: 'eth1', protocol: 'kernel', metric: 256 }])}`,
    JSON.stringify([]),
    'table inet filter {\n}\n',
    `/proc/sys/net/ipv4/ip_forward:${opts.sysctl ?? '1'}\n`,
  ];
}

function lab(hostParts: string[], extra: Partial<LabSnapshot> = {}): LabSnapshot {
  return {
    hosts: { bm1: normaliseHost(hostParts, 'bm1') },
    exports: { 'efs-a/share1/hello.txt': 'aa' },
    simulator: { state: { version: 1, vracks: [], vrackServices: [], tasks: [], vrackTasks: [], storage: [], nextVrackTaskId: 1000 }, timings: {} as never, limits: {} as never },
    journalListeners: 0,
    endpointNics: {},
    ...extra,
  };
}

describe('diffSnapshots', () => {
  it('finds no difference between equal states with other interface indexes', () => {
    expect(diffSnapshots(lab(host({ index: 2 })), lab(host({ index: 9 })))).toEqual([]);
  });

  it('names each leftover: a route, a link down, a sysctl, a file, an endpoint NIC, the simulator, a journal listener', () => {
    const fresh = lab(host());
    const now = lab(host({ extraRoute: true, down: true, sysctl: '0' }), {
      exports: { 'efs-a/share1/hello.txt': 'bb', 'efs-a/share1/new.txt': 'cc' },
      endpointNics: { '10.120.0.1': 'se0' },
      journalListeners: 1,
      simulator: { ...fresh.simulator, state: { ...fresh.simulator.state, nextVrackTaskId: 1001 } },
    });
    const diff = diffSnapshots(fresh, now);
    for (const line of [
      'bm1 route added: dst="192.0.2.0/24" gateway="10.120.1.20" dev="eth1"',
      'bm1 link added: eth1 down address="02:00:00:00:00:01" mtu=1500',
      'bm1 link gone: eth1 up address="02:00:00:00:00:01" mtu=1500',
      'bm1 sysctl net.ipv4.ip_forward: 1 → 0',
      'export file efs-a/share1/hello.txt: aa → bb',
      'export file efs-a/share1/new.txt: added',
      'endpoint NIC 10.120.0.1: added',
      'simulator state, timings or limits differ from the fresh build',
      'journal listeners: 0 → 1',
    ]) {
      expect(diff).toContain(line);
    }
  });

  it('leaves out the local route of an IPv6 link-local address (it follows duplicate address detection), not other local routes', () => {
    const withRoute = (route: object) => {
      const parts = host();
      parts[1] = `${parts[1]}\n${JSON.stringify([route])}`;
      return lab(parts);
    };
    const fresh = lab(host());
    expect(diffSnapshots(fresh, withRoute({ type: 'local', dst: 'fe80::1', dev: 'eth1', table: 'local', protocol: 'kernel' }))).toEqual([]);
    expect(diffSnapshots(fresh, withRoute({ type: 'local', dst: 'fe80::1', dev: 'eth1', table: 'local', protocol: 'boot' }))).toHaveLength(1);
    expect(diffSnapshots(fresh, withRoute({ type: 'local', dst: '10.9.9.9', dev: 'eth1', table: 'local', protocol: 'kernel' }))).toHaveLength(1);
  });

  it('reads IPv6 routes from /proc without their counters, leaving out the /128 of link-local addresses', () => {
    const proc = [
      'fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth1',
      'fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000009 000000aa 00000001     eth1',
      'fe80000000000000c0b32bfffec21e7a 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001     eth1',
      '20010db8000000000000000000000000 40 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000001 00000000 00000003     eth1',
    ].join('\n');
    expect(ipv6Routes(proc)).toEqual([
      'inet6 fe800000000000000000000000000000/40 from 00000000000000000000000000000000/00 via 00000000000000000000000000000000 metric 00000100 flags 00000001 dev eth1',
      'inet6 fe800000000000000000000000000000/40 from 00000000000000000000000000000000/00 via 00000000000000000000000000000000 metric 00000100 flags 00000001 dev eth1',
      'inet6 20010db8000000000000000000000000/40 from 00000000000000000000000000000000/00 via fe800000000000000000000000000001 metric 00000400 flags 00000003 dev eth1',
    ]);
  });

  it('names a host that appeared or went', () => {
    const fresh = lab(host());
    const now = { ...fresh, hosts: { ...fresh.hosts, 'efs-second': fresh.hosts.bm1! } };
    expect(diffSnapshots(fresh, now)).toEqual(['host efs-second: added']);
  });

  it('says which host printed something that is not ip JSON', () => {
    expect(() => normaliseHost(['not json', '[]', '[]', '', ''], 'bm1')).toThrow(/cannot read the links of host bm1/);
  });
});

describe('snapshotHosts', () => {
  const SECTION = '@@vracklab-section@@';
  const batch = (ip: string) => [JSON.stringify([{ ...link('eth1', ['UP'], 2), ...addr('eth1', ip, 2) }]), '[]', '[]'].join('\n');

  it('reads every host with one command and gives each its own views', async () => {
    const exec = recordingExec(() => ({ stdout: [batch('10.0.0.1'), '', '', batch('10.0.0.2'), 'table inet t {\n}', '/proc/sys/net/ipv4/ip_forward:1', ''].join(`\n${SECTION}\n`) }));
    // This process's own pid: its /proc/PID/net/ipv6_route is readable.
    const out = await snapshotHosts([{ name: 'a', pid: process.pid, sysctls: [] }, { name: 'b', pid: process.pid, sysctls: ['net.ipv4.ip_forward'] }], exec);
    expect(exec.calls).toHaveLength(1);
    expect(exec.calls[0]!.args.slice(-2)).toEqual([String(process.pid), `${process.pid}:/proc/sys/net/ipv4/ip_forward`]);
    expect(out.a!.addresses).toEqual(['eth1 inet 10.0.0.1/16']);
    expect(out.b!.addresses).toEqual(['eth1 inet 10.0.0.2/16']);
    expect(out.b!.nft).toBe('table inet t {\n}');
    expect(out.b!.sysctls).toEqual({ 'net.ipv4.ip_forward': '1' });
  });

  it('refuses a sysctl name that is not dotted words before it reaches the shell', async () => {
    await expect(snapshotHosts([{ name: 'a', pid: process.pid, sysctls: ['net.ipv4 ; rm -rf /'] }], recordingExec())).rejects.toThrow('sysctl "net.ipv4 ; rm -rf /" of host a is not a dotted sysctl name');
  });
});
