/** The /lab routes other projects' tests use, the journal, faults and reset. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSim } from './test-support.ts';
import type { TestSim } from './test-support.ts';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.close());

describe('/lab routes', () => {
  it('deliver a vRack, a vRack Services (CREATING then READY) and an EFS', async () => {
    const v = await t.req('POST', '/lab/vrack', {});
    expect(v.status).toBe(201);
    expect(v.json.serviceName).toMatch(/^pn-\d{5}$/);
    t.sim.admin.setTimings({ deliveryMs: 300 });
    const s = await t.req('POST', '/lab/vrackServices', { region: 'eu-west-gra' });
    expect(s.status).toBe(201);
    expect(s.json.id).toMatch(/^vrs-[a-z0-9]{3}-[a-z0-9]{3}-[a-z0-9]{3}-[a-z0-9]{3}$/);
    expect((await t.req('GET', `/v2/vrackServices/resource/${s.json.id}`)).json.resourceStatus).toBe('CREATING');
    await t.sim.admin.waitForReady(s.json.id, 5000);
    expect((await t.req('GET', `/v2/vrackServices/resource/${s.json.id}`)).json.resourceStatus).toBe('READY');
    const e = await t.req('POST', '/lab/storageNetApp', { region: 'eu-west-gra', name: 'efs' });
    expect(e.status).toBe(201);
    expect(e.json.urn).toBe(`urn:v1:eu:resource:storageNetApp:${e.json.serviceName}`);
  });
  it('deliver a vRack under the serviceName a lab gives it, once', async () => {
    const v = await t.req('POST', '/lab/vrack', { serviceName: 'pn-xyzzz' });
    expect(v.status).toBe(201);
    expect(v.json.serviceName).toBe('pn-xyzzz');
    expect((await t.req('GET', '/1.0/vrack/pn-xyzzz')).status).toBe(200);
    const again = await t.req('POST', '/lab/vrack', { serviceName: 'pn-xyzzz' });
    expect(again.status).toBe(409);
    expect(again.json.message).toBe("vRack 'pn-xyzzz' already exists");
    const bad = await t.req('POST', '/lab/vrack', { serviceName: 'vrack 1' });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe("Invalid vRack serviceName 'vrack 1': expected pattern ^pn-[a-z0-9]{1,30}$ (e.g. pn-xyzzz)");
  });
  it('reject bad input naming it and the valid choices', async () => {
    const r = await t.req('POST', '/lab/vrackServices', { region: 'mars' });
    expect(r.status).toBe(400);
    expect(r.json.message).toBe("Invalid region 'mars': valid regions are eu-west-gra, eu-west-lim, eu-west-rbx, eu-west-sbg, ca-east-bhs");
    const tm = await t.req('PUT', '/lab/timings', { preset: 'slow' });
    expect(tm.json.message).toBe('invalid timings: unknown timings preset (got "slow"; valid: realistic, fast)');
    const f = await t.req('POST', '/lab/faults', { latency: 5 });
    expect(f.json.message).toContain('invalid faults field: unknown field (got "latency"; valid: failNextTasks, latencyMs, routeErrors)');
  });
  it('timings: preset or per-field override', async () => {
    expect((await t.req('PUT', '/lab/timings', { preset: 'realistic' })).json.deliveryMs).toBe(5000);
    expect((await t.req('PUT', '/lab/timings', { taskRunningMs: 7 })).json).toMatchObject({ deliveryMs: 5000, taskRunningMs: 7 });
  });
  it('a route fault answers 5xx for N requests, then the route works again', async () => {
    await t.req('POST', '/lab/faults', { routeErrors: [{ method: 'GET', path: '/v2/vrackServices/resource', status: 503, count: 2 }] });
    expect((await t.req('GET', '/v2/vrackServices/resource')).status).toBe(503);
    const second = await t.req('GET', '/v2/vrackServices/resource');
    expect(second.status).toBe(503);
    expect(second.json.class).toBe('Server::InternalServerError');
    expect((await t.req('GET', '/v2/vrackServices/resource')).status).toBe(200);
  });
  it('events: requests, task transitions and data-plane operations, filterable with ?since', async () => {
    const { id } = await t.readyVrs();
    const urn = await t.efs();
    const mark = (await t.req('GET', '/lab/events')).json.at(-1).seq as number;
    await t.apply(id, { subnets: [{ cidr: '10.0.0.0/24', serviceRange: { cidr: '10.0.0.0/29' }, serviceEndpoints: [{ managedServiceURN: urn }], vlan: 2, displayName: null }] });
    const ev = (await t.req('GET', `/lab/events?since=${mark}`)).json as { seq: number; kind: string; name: string; at: string }[];
    expect(ev.every((e) => e.seq > mark)).toBe(true);
    const names = ev.filter((e) => e.kind !== 'request').map((e) => `${e.kind}:${e.name}`);
    expect(names).toEqual(['task:created', 'task:PENDING->RUNNING', 'task:plan', 'dataplane:attach', 'task:RUNNING->DONE']);
    expect(ev.some((e) => e.kind === 'request' && e.name === 'PUT /v2/vrackServices/resource/:id')).toBe(true);
    const byDate = (await t.req('GET', `/lab/events?since=${encodeURIComponent(ev[0]?.at as string)}&kind=dataplane`)).json;
    expect(byDate.map((e: { name: string }) => e.name)).toContain('attach');
    expect(byDate.every((e: { kind: string; at: string }) => e.kind === 'dataplane' && e.at >= (ev[0]?.at as string))).toBe(true);
    expect((await t.req('GET', '/lab/events?since=yesterday')).status).toBe(400);
  });
  it('the in-process journal notifies subscribers until they unsubscribe', async () => {
    const seen: string[] = [];
    const off = t.sim.journal.subscribe((e) => seen.push(e.name));
    await t.sim.admin.createVrack();
    off();
    await t.sim.admin.createVrack();
    expect(seen).toEqual(['vrack-created']);
  });
  it('reset empties the state and detaches live endpoints', async () => {
    const { id } = await t.readyVrs();
    const urn = await t.efs();
    await t.apply(id, { subnets: [{ cidr: '10.0.0.0/24', serviceRange: { cidr: '10.0.0.0/29' }, serviceEndpoints: [{ managedServiceURN: urn }], vlan: 2, displayName: null }] });
    expect(t.dp.live.size).toBe(1);
    expect((await t.req('POST', '/lab/reset', {})).status).toBe(200);
    expect(t.dp.live.size).toBe(0);
    expect((await t.req('GET', '/v2/vrackServices/resource')).json).toEqual([]);
    expect((await t.req('GET', '/1.0/vrack')).json).toEqual([]);
  });
});
