/** Cross-cutting HTTP behaviour of the simulator app. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSim, subnet } from './test-support.ts';
import type { TestSim } from './test-support.ts';
import { createSimulator } from './simulator.ts';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.close());

describe('simulator HTTP behaviour', () => {
  it('accepts a PUT body sent without Content-Type (node-ovh in OAuth2 mode does that)', async () => {
    const { id } = await t.readyVrs({ associate: false });
    const checksum = (await t.req('GET', `/v2/vrackServices/resource/${id}`)).json.checksum;
    const r = await t.sim.app.inject({
      method: 'PUT',
      url: `/v2/vrackServices/resource/${id}`,
      headers: { ...t.headers },
      payload: Buffer.from(JSON.stringify({ checksum, targetSpec: { subnets: [subnet('10.0.0.0/24', '10.0.0.0/29')] } })),
    });
    expect(r.statusCode).toBe(200);
  });
  it('an unknown route is a 404 with an OVH error body and a query id', async () => {
    const r = await t.sim.app.inject({ method: 'GET', url: '/v2/nope', headers: t.headers });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({ class: 'Client::NotFound', message: 'Got an invalid (or empty) URL: no route GET /v2/nope' });
    expect(r.headers['x-ovh-queryid']).toBeDefined();
  });
  it('/v1 is an alias of /1.0', async () => {
    const { vrack } = await t.readyVrs();
    expect((await t.req('GET', '/v1/vrack')).json).toEqual((await t.req('GET', '/1.0/vrack')).json);
    expect((await t.req('GET', `/v1/vrack/${vrack}`)).json.serviceName).toBe(vrack);
  });
  it('invalid JSON on any route is 400 InvalidJSON', async () => {
    const { vrack } = await t.readyVrs({ associate: false });
    const r = await t.req('POST', `/1.0/vrack/${vrack}/vrackServices`, '{nope');
    expect(r.status).toBe(400);
    expect(r.json.class).toBe('Client::BadRequest::InvalidJSON');
  });
  it('added latency is applied to API routes, not to /lab routes', async () => {
    t.sim.admin.injectFaults({ latencyMs: 150 });
    const t0 = performance.now();
    await t.req('GET', '/1.0/vrack');
    const api = performance.now() - t0;
    // A lower bound only: latency injection must delay, nothing is claimed about speed.
    expect(api).toBeGreaterThanOrEqual(145);
    const events = t.sim.journal.list({ kind: 'request' });
    expect(events.at(-1)?.data.ms).toBeGreaterThanOrEqual(145);
  });
  it('GET task with an unknown id is the published 400', async () => {
    const { id } = await t.readyVrs({ associate: false });
    const r = await t.req('GET', `/v2/vrackServices/resource/${id}/task/abc`);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ class: 'Client::BadRequest::VrackServicesNotFound', message: `Task 'abc' linked to VrackServices '${id}' does not exist` });
  });
});

describe('listen', () => {
  it('says which address is taken instead of throwing a raw socket error', async () => {
    const a = await createSimulator({ timings: 'fast' });
    const b = await createSimulator({ timings: 'fast' });
    try {
      const url = await a.listen({ port: 0 });
      const port = Number(new URL(url).port);
      await expect(b.listen({ port })).rejects.toThrow(`cannot serve the API on 127.0.0.1:${port}: the port is already in use (choose another port, or 0 for any free port)`);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('simulator lifecycle and clock', () => {
  it('`await using` closes the simulator at the end of the scope', async () => {
    let app: Awaited<ReturnType<typeof createSimulator>>['app'];
    {
      await using sim = await createSimulator();
      app = sim.app;
      expect((await app.inject({ method: 'GET', url: '/1.0/auth/time' })).statusCode).toBe(200);
    }
    await expect(app.inject({ method: 'GET', url: '/1.0/auth/time' })).rejects.toThrow();
  });
  it('records and journal take their time from the injected clock', async () => {
    const at = Date.parse('2030-01-02T03:04:05.000Z');
    const c = await startTestSim({ now: () => at });
    await using sim = c.sim;
    const { serviceName } = await sim.admin.deliverStorage({ region: 'eu-west-lim', shares: [{ name: 'a', acls: [{ accessTo: '10.0.0.1', accessLevel: 'ro' }] }] });
    const state = (await c.req('GET', '/lab/state')).json;
    expect(state.storage[0].id).toBe(serviceName);
    expect(state.storage[0].createdAt).toBe('2030-01-02T03:04:05.000Z');
    expect(state.storage[0].shares[0].acls[0].createdAt).toBe('2030-01-02T03:04:05.000Z');
    expect(sim.journal.list({ kind: 'lab' }).at(-1)?.at).toBe('2030-01-02T03:04:05.000Z');
  });
});
