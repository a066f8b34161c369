/** The one path a lab delivers storage by: the service, its shares and their ACLs in one call. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSim } from './test-support.ts';
import type { TestSim } from './test-support.ts';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.close());

const shares = [
  { name: 'data', protocol: 'NFS' as const, size: 10, acls: [{ accessTo: '10.0.0.0/24', accessLevel: 'rw' as const }, { accessTo: '10.0.1.5', accessLevel: 'ro' as const }] },
  { name: 'logs', size: 5 },
];

describe('deliverStorage', () => {
  it('delivers the shares and ACLs the API then shows, and the data plane has them when it resolves', async () => {
    const out = await t.sim.admin.deliverStorage({ region: 'eu-west-lim', name: 'efs-a', shares });
    expect(out.urn).toBe(`urn:v1:eu:resource:storageNetApp:${out.serviceName}`);
    expect(out.shares.map((s) => [s.name, s.exportPath, s.acls.map((a) => `${a.accessTo} ${a.accessLevel}`)])).toEqual([
      ['data', `/share_${out.shares[0]!.id}`, ['10.0.0.0/24 rw', '10.0.1.5 ro']],
      ['logs', `/share_${out.shares[1]!.id}`, []],
    ]);
    const listed = await t.req('GET', `/1.0/storage/netapp/${out.serviceName}/share`);
    expect(listed.json.map((s: { name: string }) => s.name)).toEqual(['data', 'logs']);
    const acls = await t.req('GET', `/1.0/storage/netapp/${out.serviceName}/share/${out.shares[0]!.id}/acl`);
    expect(acls.json.map((a: { accessTo: string }) => a.accessTo)).toEqual(['10.0.0.0/24', '10.0.1.5']);
    const syncs = t.dp.calls.filter((c) => c.op === 'syncStorage');
    expect(syncs).toHaveLength(1);
    expect(syncs[0]!.op === 'syncStorage' && syncs[0]!.service.shares.map((s) => s.acls.length)).toEqual([2, 0]);
  });

  it('is also POST /lab/storage, and a bad ACL anywhere refuses the whole delivery', async () => {
    const ok = await t.req('POST', '/lab/storage', { region: 'eu-west-lim', shares: [{ name: 'x', acls: [{ accessTo: '10.1.0.0/16', accessLevel: 'ro' }] }] });
    expect(ok.status).toBe(201);
    expect(ok.json.shares[0].acls[0].accessTo).toBe('10.1.0.0/16');
    const bad = await t.req('POST', '/lab/storage', { region: 'eu-west-lim', name: 'efs-b', shares: [...shares, { name: 'y', acls: [{ accessTo: 'everyone', accessLevel: 'rw' }] }] });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe("Invalid accessTo 'everyone': expected an IPv4 address or CIDR block");
    const notShares = await t.req('POST', '/lab/storage', { region: 'eu-west-lim', shares: 'data' });
    expect(notShares.status).toBe(400);
    expect(notShares.json.message).toBe("Invalid shares 'data': expected an array of shares");
    // Positive control above: one storage service exists; the refused ones left nothing behind.
    expect((await t.req('GET', '/1.0/storage/netapp')).json).toHaveLength(1);
  });
});
