import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSim } from './test-support.ts';
import type { TestSim } from './test-support.ts';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.close());

describe('v2 cursor pagination', () => {
  it('walks every page with X-Pagination-Cursor-Next, absent on the last page', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await t.sim.admin.createVrackServices({ region: 'eu-west-gra' })).id);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const r = await t.req('GET', '/v2/vrackServices/resource', undefined, { 'x-pagination-size': '2', ...(cursor ? { 'x-pagination-cursor': cursor } : {}) });
      expect(r.status).toBe(200);
      seen.push(...r.json.map((v: { id: string }) => v.id));
      cursor = r.headers['x-pagination-cursor-next'] as string | undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);
  });
  it('a bad cursor is 400 "invalid cursor"', async () => {
    const r = await t.req('GET', '/v2/vrackServices/resource', undefined, { 'x-pagination-cursor': 'garbage' });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ class: 'Client::BadRequest', message: 'invalid cursor' });
  });
  it('a forged cursor (valid base64, not ours) is refused too', async () => {
    const forged = `${Buffer.from('{"o":1}').toString('base64url')}.AAAAAAAAAAAAAAAA`;
    expect((await t.req('GET', '/v2/vrackServices/reference/region', undefined, { 'x-pagination-cursor': forged })).json.message).toBe('invalid cursor');
  });
  it('a bad page size names the header and the valid range', async () => {
    const r = await t.req('GET', '/v2/vrackServices/resource', undefined, { 'x-pagination-size': '0' });
    expect(r.status).toBe(400);
    expect(r.json.message).toBe("invalid X-Pagination-Size '0': expected an integer between 1 and 10000");
  });
  it('filters on iamTags', async () => {
    const a = await t.sim.admin.createVrackServices({ region: 'eu-west-gra', tags: { env: 'prod' } });
    await t.sim.admin.createVrackServices({ region: 'eu-west-gra', tags: { env: 'dev' } });
    await t.sim.admin.createVrackServices({ region: 'eu-west-gra' });
    const q = (f: unknown) => t.req('GET', `/v2/vrackServices/resource?iamTags=${encodeURIComponent(JSON.stringify(f))}`);
    expect((await q({ env: [{ operator: 'EQ', value: 'prod' }] })).json.map((v: { id: string }) => v.id)).toEqual([a.id]);
    expect((await q({ env: [{ operator: 'EXISTS' }] })).json).toHaveLength(2);
    expect((await q({ env: [{ operator: 'NEXISTS' }] })).json).toHaveLength(1);
    expect((await q({ env: [{ operator: 'ILIKE', value: 'PR%' }] })).json).toHaveLength(1);
    expect((await q({ env: [{ operator: 'LIKE', value: 'PR%' }] })).json).toHaveLength(0);
    const bad = await q({ env: [{ operator: 'GT', value: 'x' }] });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe("Invalid iamTags: unknown operator 'GT', valid: EQ, EXISTS, ILIKE, LIKE, NEQ, NEXISTS");
  });
});
