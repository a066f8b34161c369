/** The two API profiles (reference §7.3, §7.9) as clients see them through the routes. */
import { describe, expect, it } from 'vitest';
import { startTestSim, subnet } from './test-support.ts';

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
