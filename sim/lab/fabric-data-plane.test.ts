import { describe, expect, it } from 'vitest';
import { endpointMac, FabricDataPlane } from './fabric-data-plane.ts';
import type { Fabric } from '../fabric/fabric.ts';
import type { EndpointAttachment, StorageServiceView } from '../api/data-plane.ts';
import type { EfsServer } from '../services/efs/efs-server.ts';

function fakeFabric() {
  const calls: string[] = [];
  const fabric = {
    attachNic: async (host: string, key: { kind: string; vrackId?: string; vlan?: number | null }, nic: { ifname: string; addresses: string[]; mac?: string }) => {
      calls.push(`attach ${host} ${key.vrackId}/${key.vlan ?? 'untagged'} ${nic.ifname} ${nic.addresses.join(',')} ${nic.mac}`);
    },
    detachNic: async (host: string, ifname: string) => void calls.push(`detach ${host} ${ifname}`),
    ipBatch: async (host: string, lines: string[]) => void calls.push(`ip ${host} ${lines.join('; ')}`),
    host: (name: string) => ({ name }),
  } as unknown as Fabric;
  return { fabric, calls };
}

const endpoint: EndpointAttachment = {
  vrackServicesId: 'vrs-1',
  managedServiceURN: 'urn:v1:eu:resource:storageNetApp:efs-1',
  vrackId: 'pn-xyzzz',
  vlan: null,
  subnetCidr: '10.120.0.0/16',
  ip: '10.120.0.1',
  description: 'Nominal',
};

describe('FabricDataPlane', () => {
  it('puts an endpoint on its service host with the subnet prefix and a stable MAC, once', async () => {
    const { fabric, calls } = fakeFabric();
    const dp = new FabricDataPlane(fabric);
    dp.registerService(endpoint.managedServiceURN, { host: 'efs-lim', serviceName: 'efs-1' });
    await dp.attach(endpoint);
    await dp.attach(endpoint);
    const mac = endpointMac(endpoint.managedServiceURN, '10.120.0.1');
    const other = `${mac.slice(0, -2)}${(parseInt(mac.slice(-2), 16) ^ 1).toString(16).padStart(2, '0')}`;
    expect(calls).toEqual([
      `attach efs-lim pn-xyzzz/untagged se0 10.120.0.1/16 ${mac}`,
      // Announced: a MAC change on the up NIC sends a gratuitous ARP (arp_notify), ending on the stable MAC.
      `ip efs-lim link set dev se0 address ${other}; link set dev se0 address ${mac}`,
    ]);
    expect(dp.serviceAt('10.120.0.1')).toBe(endpoint.managedServiceURN);
  });

  it('detaches idempotently and re-attaches with the same MAC', async () => {
    const { fabric, calls } = fakeFabric();
    const dp = new FabricDataPlane(fabric);
    dp.registerService(endpoint.managedServiceURN, { host: 'efs-lim', serviceName: 'efs-1' });
    await dp.attach(endpoint);
    await dp.detach(endpoint);
    await dp.detach(endpoint);
    await dp.attach({ ...endpoint, subnetCidr: '10.120.0.0/20' });
    const nicCalls = calls.filter((c) => !c.startsWith('ip '));
    expect(nicCalls.map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual(['attach efs-lim pn-xyzzz/untagged', 'detach efs-lim se0', 'attach efs-lim pn-xyzzz/untagged']);
    expect(nicCalls[0]!.split(' ').at(-1)).toBe(nicCalls[2]!.split(' ').at(-1));
    expect(nicCalls[2]).toContain('10.120.0.1/20');
  });

  it('names an endpoint NIC with the lowest free index of its host, so a re-attach gets the name a fresh lab gives', async () => {
    const { fabric, calls } = fakeFabric();
    const dp = new FabricDataPlane(fabric);
    dp.registerService(endpoint.managedServiceURN, { host: 'efs-lim', serviceName: 'efs-1' });
    dp.registerService('urn:b', { host: 'efs-b', serviceName: 'b' });
    await dp.attach(endpoint);
    await dp.attach({ ...endpoint, ip: '10.120.0.2' });
    await dp.attach({ ...endpoint, managedServiceURN: 'urn:b', ip: '10.120.0.3' });
    await dp.detach(endpoint);
    await dp.attach({ ...endpoint, ip: '10.120.0.4' });
    const names = calls.filter((c) => c.startsWith('attach ')).map((c) => `${c.split(' ')[1]} ${c.split(' ')[3]}`);
    expect(names).toEqual(['efs-lim se0', 'efs-lim se1', 'efs-b se0', 'efs-lim se0']);
  });

  it('retires a storage service: refused while an endpoint is attached, then its server stops and it is forgotten', async () => {
    const { fabric } = fakeFabric();
    const stops: string[] = [];
    const dp = new FabricDataPlane(fabric, { startServer: async () => ({ stop: async () => void stops.push('stop') }) as unknown as EfsServer });
    dp.registerService(endpoint.managedServiceURN, { host: 'efs-lim', serviceName: 'efs-1' });
    await dp.syncStorage({ serviceName: 'efs-1', urn: endpoint.managedServiceURN, region: 'eu-west-lim', shares: [] });
    await dp.serveStorage('efs-1', { exportRoot: '/x' });
    await dp.attach(endpoint);
    await expect(dp.retire(endpoint.managedServiceURN)).rejects.toThrow('cannot retire efs-1: endpoints still attached (10.120.0.1)');
    await dp.detach(endpoint);
    await dp.retire(endpoint.managedServiceURN);
    expect(stops).toEqual(['stop']);
    expect(dp.storageViews.has('efs-1')).toBe(false);
    await expect(dp.attach(endpoint)).rejects.toThrow(/has no host in this lab/);
  });

  it('refuses an endpoint of a service the lab does not host, naming the known ones', async () => {
    const { fabric } = fakeFabric();
    const dp = new FabricDataPlane(fabric);
    dp.registerService('urn:a', { host: 'efs-a', serviceName: 'a' });
    await expect(dp.attach(endpoint)).rejects.toThrow(`cannot attach endpoint 10.120.0.1: managed service ${endpoint.managedServiceURN} has no host in this lab (known: urn:a)`);
  });

  it('gives different services or IPs different, locally administered MACs', () => {
    const a = endpointMac('urn:a', '10.0.0.1');
    expect(a).toMatch(/^02(:[0-9a-f]{2}){5}$/);
    expect(endpointMac('urn:a', '10.0.0.2')).not.toBe(a);
    expect(endpointMac('urn:b', '10.0.0.1')).not.toBe(a);
  });

  it('serves a storage from its own latest view and keeps the EFS in step, with no runner in between', async () => {
    const { fabric } = fakeFabric();
    const seen: string[] = [];
    const server = { sync: async (v: StorageServiceView) => void seen.push(`sync ${v.shares.length}`), stop: async () => void seen.push('stop') } as unknown as EfsServer;
    const dp = new FabricDataPlane(fabric, {
      startServer: async (host, view, opts) => {
        seen.push(`start in ${(host as unknown as { name: string }).name} with ${view.shares.length} share(s) at ${opts.exportRoot}`);
        return server;
      },
    });
    const view = (n: number): StorageServiceView => ({ serviceName: 'sn-1', urn: 'urn:a', region: 'eu-west-lim', shares: Array.from({ length: n }, (_, i) => ({ id: `s${i}`, name: `s${i}`, protocol: 'NFS', sizeGiB: 1, exportPath: `/share_s${i}`, acls: [] })) });
    await dp.syncStorage(view(0));
    await dp.syncStorage(view(1));
    dp.registerService('urn:a', { host: 'efs-lim', serviceName: 'sn-1' });
    const stop = await dp.serveStorage('sn-1', { exportRoot: '/x' });
    await dp.syncStorage(view(2));
    await stop();
    expect(seen).toEqual(['start in efs-lim with 1 share(s) at /x', 'sync 2', 'stop']);
  });

  it('refuses to serve a storage with no registered host, naming the registered ones', async () => {
    const { fabric } = fakeFabric();
    const dp = new FabricDataPlane(fabric, { startServer: async () => ({}) as EfsServer });
    dp.registerService('urn:a', { host: 'efs-a', serviceName: 'a' });
    await dp.syncStorage({ serviceName: 'b', urn: 'urn:b', region: 'eu-west-lim', shares: [] });
    await expect(dp.serveStorage('b', { exportRoot: '/x' })).rejects.toThrow('cannot serve storage b: no host was registered for it (registered: a)');
  });
});
