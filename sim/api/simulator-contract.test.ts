/**
 * Every response of a full scenario, in both profiles, validated against the published OpenAPI
 * schemas with the contract validator (sim/api/contract): formats (date-time, uuid, ipv4),
 * nullable fields, required non-nullable properties; unknown properties refused in profile 2025-10
 * (profile 2024-04 adds the seed's `displayName`, which the 2025 schema does not declare).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createContractValidator } from './contract/contract-validator.ts';
import type { ProfileName } from './profiles.ts';
import { startTestSim, subnet } from './test-support.ts';
import type { TestSim } from './test-support.ts';

let t: TestSim | undefined;
afterEach(() => t?.close());

async function scenario(profile: ProfileName) {
  t = await startTestSim({ profile });
  const sim = t;
  const checked: { label: string; errors: string[] }[] = [];
  const validator = createContractValidator({ requireNonNullable: true, forbidUnknownProperties: profile === '2025-10' });
  const call = async (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, body?: unknown) => {
    const r = await sim.req(method, url, body);
    const path = url.split('?')[0] as string;
    const res = validator.validateResponse(method, path, r.status, r.json);
    checked.push({ label: `${method} ${path} ${r.status}`, errors: res.errors });
    return r;
  };
  const subnetCidr = profile === '2024-04' ? '10.120.0.0/16' : '10.120.0.0/24';
  const spec = (urns: string[], vlan: number | null) => ({ ...(profile === '2024-04' ? { displayName: 'lab' } : {}), subnets: [subnet(subnetCidr, '10.120.0.0/29', urns, vlan)] });

  const { id, vrack } = await sim.readyVrs({ associate: false, ...(profile === '2024-04' ? { displayName: 'lab' } : {}) });
  const { serviceName, urn } = await sim.sim.admin.createStorageNetApp({ region: 'eu-west-lim' });
  await call('GET', '/v2/vrackServices/reference/region');
  await call('GET', '/v2/vrackServices/reference/compatibleManagedServiceType');
  await call('GET', `/v2/vrackServices/resource/${id}/eligibleManagedService`);
  const assoc = await call('POST', `/1.0/vrack/${vrack}/vrackServices`, { vrackServices: id });
  await call('GET', `/1.0/vrack/${vrack}/task/${assoc.json.id}`);
  await sim.sim.admin.associate(vrack, id).catch(() => {}); // already running: wait via a no-op below
  for (let i = 0; i < 200 && (await sim.req('GET', `/1.0/vrack/${vrack}/task/${assoc.json.id}`)).status === 200; i++) await new Promise((r) => setTimeout(r, 10));
  const g0 = await call('GET', `/v2/vrackServices/resource/${id}`);
  const put = await call('PUT', `/v2/vrackServices/resource/${id}`, { checksum: g0.json.checksum, targetSpec: spec([urn], null) });
  expect(put.status).toBe(200);
  await call('GET', `/v2/vrackServices/resource/${id}`);
  await sim.sim.admin.waitForReady(id, 5000);
  const g1 = await call('GET', `/v2/vrackServices/resource/${id}`);
  await call('GET', '/v2/vrackServices/resource');
  const tasks = await call('GET', `/v2/vrackServices/resource/${id}/task`);
  await call('GET', `/v2/vrackServices/resource/${id}/task/${tasks.json[0].id}`);
  await call('GET', `/v2/vrackServices/resource/${id}/task/00000000-0000-4000-8000-000000000000`);
  await call('PUT', `/v2/vrackServices/resource/${id}`, { checksum: 'ffffffffffffffffffffffffffffffff', targetSpec: spec([], 3) });
  await call('GET', '/v2/vrackServices/resource/vrs-nop-nop-nop-nop');
  await call('GET', '/1.0/vrack');
  await call('GET', `/1.0/vrack/${vrack}`);
  await call('GET', `/1.0/vrack/${vrack}/vrackServices`);
  await call('GET', `/1.0/vrack/${vrack}/vrackServices/${id}`);
  await call('GET', `/1.0/vrack/${vrack}/task`);
  await call('GET', `/1.0/vrack/${vrack}/allowedServices`);
  await call('GET', '/1.0/storage/netapp');
  await call('GET', `/1.0/storage/netapp/${serviceName}`);
  const share = await call('POST', `/1.0/storage/netapp/${serviceName}/share`, { protocol: 'NFS', size: 100, name: 'data' });
  await call('GET', `/1.0/storage/netapp/${serviceName}/share`);
  await call('GET', `/1.0/storage/netapp/${serviceName}/share/${share.json.id}`);
  const acl = await call('POST', `/1.0/storage/netapp/${serviceName}/share/${share.json.id}/acl`, { accessTo: '10.120.0.0/16', accessLevel: 'rw' });
  await call('GET', `/1.0/storage/netapp/${serviceName}/share/${share.json.id}/acl`);
  await call('GET', `/1.0/storage/netapp/${serviceName}/share/${share.json.id}/acl/${acl.json.id}`);
  const paths = await call('GET', `/1.0/storage/netapp/${serviceName}/share/${share.json.id}/accessPath`);
  await call('GET', `/1.0/storage/netapp/${serviceName}/share/${share.json.id}/accessPath/${paths.json[0].id}`);
  await call('DELETE', `/1.0/storage/netapp/${serviceName}/share/${share.json.id}/acl/${acl.json.id}`);
  const dis = await call('DELETE', `/1.0/vrack/${vrack}/vrackServices/${id}`);
  expect(dis.status).toBe(200);
  return { checked, g1: g1.json };
}

describe('responses validate against the OpenAPI schemas', () => {
  it('profile 2025-10: every response, no undeclared property', async () => {
    const { checked, g1 } = await scenario('2025-10');
    expect(checked.filter((c) => c.errors.length > 0)).toEqual([]);
    expect(checked.length).toBeGreaterThan(25);
    expect(g1.currentState.region).toBe('eu-west-lim');
    expect(g1.currentState).not.toHaveProperty('displayName');
  });
  it('profile 2024-04: every response (seed shape: /16 subnet, displayName, region LIM)', async () => {
    const { checked, g1 } = await scenario('2024-04');
    expect(checked.filter((c) => c.errors.length > 0)).toEqual([]);
    expect(g1.currentState).toMatchObject({ region: 'LIM', displayName: 'lab' });
    expect(g1.currentState.subnets[0]).toMatchObject({ cidr: '10.120.0.0/16', serviceRange: { cidr: '10.120.0.0/29', reservedIps: 5, usedIps: 1, remainingIps: 2 } });
    expect(g1.currentState.subnets[0].serviceEndpoints[0].endpoints).toEqual([{ description: 'Nominal', ip: '10.120.0.1' }]);
  });
});

describe('profiles', () => {
  it('2024-04 accepts a /16 subnet that 2025-10 refuses, and regions show as LIM vs eu-west-lim', async () => {
    for (const [profile, status, region] of [
      ['2024-04', 200, 'LIM'],
      ['2025-10', 400, 'eu-west-lim'],
    ] as const) {
      const s = await startTestSim({ profile });
      const { id } = await s.readyVrs({ associate: false });
      const g = await s.req('GET', `/v2/vrackServices/resource/${id}`);
      expect(g.json.currentState.region).toBe(region);
      const body = profile === '2024-04' ? { displayName: null, subnets: [subnet('10.120.0.0/16', '10.120.0.0/29')] } : { subnets: [subnet('10.120.0.0/16', '10.120.0.0/29')] };
      expect((await s.req('PUT', `/v2/vrackServices/resource/${id}`, { checksum: g.json.checksum, targetSpec: body })).status).toBe(status);
      const regions = (await s.req('GET', '/v2/vrackServices/reference/region')).json.map((r: { name: string }) => r.name);
      expect(regions).toContain(region);
      await s.close();
    }
  });
  it('2024-04 refuses a /15 subnet, naming the accepted range', async () => {
    const s = await startTestSim({ profile: '2024-04' });
    const { id } = await s.readyVrs({ associate: false });
    const g = await s.req('GET', `/v2/vrackServices/resource/${id}`);
    const r = await s.req('PUT', `/v2/vrackServices/resource/${id}`, { checksum: g.json.checksum, targetSpec: { subnets: [subnet('10.120.0.0/15', '10.120.0.0/29')] } });
    expect(r.json).toEqual({ class: 'Client::BadRequest::SubnetCIDRPrefixLengthIncorrect', message: "Invalid Subnet '10.120.0.0/15': CIDR prefix length must be between 16 and 24" });
    await s.close();
  });
  it('2025-10 refuses displayName in targetSpec as an unknown field', async () => {
    const s = await startTestSim({ profile: '2025-10' });
    const { id } = await s.readyVrs({ associate: false });
    const g = await s.req('GET', `/v2/vrackServices/resource/${id}`);
    const r = await s.req('PUT', `/v2/vrackServices/resource/${id}`, { checksum: g.json.checksum, targetSpec: { displayName: 'x', subnets: [] } });
    expect(r.json.class).toBe('Client::BadRequest::InvalidJSON');
    expect(r.json.details).toEqual({ field: 'targetSpec.displayName' });
    await s.close();
  });
});
