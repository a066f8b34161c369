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
