/**
 * The simulator's answers to hostile input (security review, issue 8): storage strings refused at
 * the API boundary, route-fault patterns checked when set and matched linearly after
 * authentication, bounded collections, limits and journal, OVH bodies on every refusal, a failed
 * state write answered as an error.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COLLECTION_LIMITS, TAG_LIMITS } from './collection-limits.ts';
import { MAX_LIMITS } from './limits.ts';
import { rawRequest } from '../client/raw-request.ts';
import { startTestSim, subnet, type TestSim } from './test-support.ts';

const INJECTION = 'x)\nEXPORT { Export_Id = 999; Path = "/"; Pseudo = "/pwn"; Access_Type = RW; Squash = No_Root_Squash; FSAL { Name = VFS; } }\n#(';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.close());

async function storageWithShare(): Promise<{ sn: string; shareId: string }> {
  const { serviceName } = await t.sim.admin.createStorageNetApp({ region: 'eu-west-lim' });
  const share = await t.req('POST', `/1.0/storage/netapp/${serviceName}/share`, { protocol: 'NFS', size: 10, name: 'data' });
  expect(share.status).toBe(200);
  return { sn: serviceName, shareId: share.json.id };
}

describe('storage strings never reach the data plane raw (review #1)', () => {
  it('POST share: a name with a newline and an EXPORT block is a 400 in OVH shape; nothing is created or synced', async () => {
    const { sn } = await storageWithShare();
    const syncs = t.dp.calls.length;
    const r = await t.req('POST', `/1.0/storage/netapp/${sn}/share`, { protocol: 'NFS', size: 10, name: INJECTION });
    expect(r.status).toBe(400);
    expect(r.json.class).toBe('Client::BadRequest');
    expect(r.json.message).toMatch(/^Invalid name "x\)\\nEXPORT/);
    expect(r.json.message).toContain('expected 1 to 255 characters');
    expect(r.json.message).not.toContain('\n');
    expect((await t.req('GET', `/1.0/storage/netapp/${sn}/share`)).json.map((s: { name: string }) => s.name)).toEqual(['data']);
    expect(t.dp.calls.length).toBe(syncs);
  });
  it('PUT share: the same name is refused and the share keeps its name', async () => {
    const { sn, shareId } = await storageWithShare();
    const r = await t.req('PUT', `/1.0/storage/netapp/${sn}/share/${shareId}`, { name: INJECTION });
    expect(r.status).toBe(400);
    expect(r.json.class).toBe('Client::BadRequest');
    const desc = await t.req('PUT', `/1.0/storage/netapp/${sn}/share/${shareId}`, { name: 'renamed', description: 'two\nlines' });
    expect(desc.status).toBe(400);
    expect(desc.json.message).toContain('Invalid description');
    // A refused PUT changes nothing, not even the valid field next to the bad one.
    expect((await t.req('GET', `/1.0/storage/netapp/${sn}/share/${shareId}`)).json).toMatchObject({ name: 'data', description: null });
    // Positive control: a valid rename is accepted.
    expect((await t.req('PUT', `/1.0/storage/netapp/${sn}/share/${shareId}`, { name: 'renamed data', description: 'Équipe « data »' })).status).toBe(200);
  });
  it.each([
    ['name', ''],
    ['name', 'a'.repeat(256)],
    ['name', '-leading-dash'],
    ['name', 'semi;colon'],
    ['description', 'd'.repeat(256)],
    ['description', 'tab\there'],
    ['description', 'line\u2028separator'],
    ['mountPointName', 'a/b'],
    ['mountPointName', '..'],
    ['mountPointName', 'm'.repeat(64)],
  ])('POST share refuses %s %j', async (field, value) => {
    const { sn } = await storageWithShare();
    const r = await t.req('POST', `/1.0/storage/netapp/${sn}/share`, { protocol: 'NFS', size: 10, [field]: value });
    expect(r.status).toBe(400);
    expect(r.json.message).toContain(`Invalid ${field}`);
  });
  it('an ACL accessTo with a newline is refused, a plain CIDR accepted', async () => {
    const { sn, shareId } = await storageWithShare();
    const bad = await t.req('POST', `/1.0/storage/netapp/${sn}/share/${shareId}/acl`, { accessTo: '10.0.0.0/24\n}', accessLevel: 'rw' });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('Invalid accessTo');
    expect((await t.req('POST', `/1.0/storage/netapp/${sn}/share/${shareId}/acl`, { accessTo: '10.0.0.0/24', accessLevel: 'rw' })).status).toBe(200);
  });
  it('accepts the names, descriptions and mount points a user writes', async () => {
    const { sn } = await storageWithShare();
    const r = await t.req('POST', `/1.0/storage/netapp/${sn}/share`, { protocol: 'NFS', size: 10, name: 'Team data 2.0_v-1', description: 'contract share (§7)', mountPointName: 'team_data-1' });
    expect(r.status).toBe(200);
  });
  it('a lab-created storage service with an unsafe name or share is refused too', async () => {
    await expect(t.sim.admin.createStorageNetApp({ region: 'eu-west-lim', name: 'efs\nEXPORT {' })).rejects.toThrow('Invalid name');
    await expect(t.sim.admin.createStorageNetApp({ region: 'eu-west-lim', shares: [{ name: INJECTION, size: 1 }] })).rejects.toThrow('Invalid name');
  });
});

describe('route faults (review #4a)', () => {
  it('refuses a regular expression or a non-path pattern when set, naming the rule', async () => {
    for (const path of ['^/(a|a)*$', '^(', 'v2/no-slash', `/${'a'.repeat(300)}`, '/with space']) {
      const r = await t.req('POST', '/lab/faults', { routeErrors: [{ path, status: 503 }] });
      expect(r.status, path).toBe(400);
      expect(r.json.class).toBe('Client::BadRequest');
      expect(r.json.message).toContain('faults.routeErrors[].path');
    }
    expect((await t.req('GET', '/lab/faults')).json.routeErrors).toEqual([]);
    expect((await t.req('GET', '/v2/vrackServices/resource')).status).toBe(200);
  });
  it('a glob fault matches with * and only for authenticated requests', async () => {
    expect((await t.req('POST', '/lab/faults', { routeErrors: [{ path: '/v2/*/resource', status: 502 }] })).status).toBe(200);
    expect((await t.req('GET', '/v2/vrackServices/resource')).status).toBe(502);
    const anonymous = await t.sim.app.inject({ method: 'GET', url: '/v2/vrackServices/resource' });
    expect(anonymous.statusCode).toBe(401);
    expect((await t.req('GET', '/v2/vrackServices/reference/region')).status).toBe(200);
  });
});

describe('iamTags (review #4b)', () => {
  it('LIKE with many % on a long tag answers (linear matcher), and tags are bounded', async () => {
    const long = 'a'.repeat(TAG_LIMITS.valueLength);
    await t.sim.admin.createVrackServices({ region: 'eu-west-lim', tags: { env: long } });
    const filter = encodeURIComponent(JSON.stringify({ env: [{ operator: 'LIKE', value: '%a%a%a%a%a%a%a%a%a%a%a%a%b' }] }));
    const r = await t.req('GET', `/v2/vrackServices/resource?iamTags=${filter}`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual([]);
    await expect(t.sim.admin.createVrackServices({ region: 'eu-west-lim', tags: { env: `${long}a` } })).rejects.toThrow(`at most ${TAG_LIMITS.valueLength} characters`);
    const many = Object.fromEntries(Array.from({ length: TAG_LIMITS.count + 1 }, (_, i) => [`k${i}`, 'v']));
    await expect(t.sim.admin.createVrackServices({ region: 'eu-west-lim', tags: many })).rejects.toThrow(`at most ${TAG_LIMITS.count} tags`);
  });
});

describe('bounded collections and limits (review #3, #15)', () => {
  it('vRack name and description are checked (type, length, no control characters)', async () => {
    for (const body of [{ name: 5 }, { name: 'a\nb' }, { description: 'd'.repeat(256) }]) expect((await t.req('POST', '/lab/vrack', body)).status, JSON.stringify(body)).toBe(400);
    expect((await t.req('POST', '/lab/vrack', { name: 'my vRack', description: 'lab' })).status).toBe(201);
  });
  it('vRacks stop at the limit with a clear 400', async () => {
    for (let i = 0; i < COLLECTION_LIMITS.vracks; i++) await t.sim.admin.createVrack();
    const r = await t.req('POST', '/lab/vrack', {});
    expect(r.status).toBe(400);
    expect(r.json.message).toBe(`Limit of '${COLLECTION_LIMITS.vracks}' vRacks exceeded`);
  });
  it('storage services, shares and ACLs stop at their limits', async () => {
    const { sn, shareId } = await storageWithShare();
    for (let i = 1; i < COLLECTION_LIMITS.sharesPerStorage; i++) expect((await t.req('POST', `/1.0/storage/netapp/${sn}/share`, { protocol: 'NFS', size: 1 })).status).toBe(200);
    const share = await t.req('POST', `/1.0/storage/netapp/${sn}/share`, { protocol: 'NFS', size: 1 });
    expect(share.json.message).toBe(`Limit of '${COLLECTION_LIMITS.sharesPerStorage}' shares per storage service exceeded`);
    for (let i = 0; i < COLLECTION_LIMITS.aclsPerShare; i++) {
      expect((await t.req('POST', `/1.0/storage/netapp/${sn}/share/${shareId}/acl`, { accessTo: `10.0.${i}.0/24`, accessLevel: 'ro' })).status).toBe(200);
    }
    const acl = await t.req('POST', `/1.0/storage/netapp/${sn}/share/${shareId}/acl`, { accessTo: '10.9.9.0/24', accessLevel: 'ro' });
    expect(acl.json.message).toBe(`Limit of '${COLLECTION_LIMITS.aclsPerShare}' ACL rules per share exceeded`);
    for (let i = 1; i < COLLECTION_LIMITS.storageServices; i++) await t.sim.admin.createStorageNetApp({ region: 'eu-west-lim' });
    const storage = await t.req('POST', '/lab/storageNetApp', { region: 'eu-west-lim' });
    expect(storage.json.message).toBe(`Limit of '${COLLECTION_LIMITS.storageServices}' storage services exceeded`);
  });
  it('cancelled vRack tasks are history too: bounded like done ones', async () => {
    const { id } = await t.readyVrs({ associate: false });
    const urn = await t.efs();
    await t.apply(id, { subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [urn])] });
    const { serviceName } = await t.sim.admin.createVrack();
    for (let i = 0; i < COLLECTION_LIMITS.vrackTaskHistory + 5; i++) {
      t.dp.failNext(); // the attach fails: the association task ends cancelled
      await t.sim.admin.associate(serviceName, id);
    }
    const state = (await t.req('GET', '/lab/state')).json as { vrackTasks: { status: string }[] };
    // Pruned when a task is created: the history, plus the newest task that finished since.
    const cancelled = state.vrackTasks.filter((x) => x.status === 'cancelled').length;
    expect(cancelled).toBeGreaterThanOrEqual(COLLECTION_LIMITS.vrackTaskHistory);
    expect(cancelled).toBeLessThanOrEqual(COLLECTION_LIMITS.vrackTaskHistory + 1);
  });
  it('/lab/limits refuses values above the upper bound, naming it', async () => {
    const r = await t.req('PUT', '/lab/limits', { vrackServicesPerAccount: 1_000_000 });
    expect(r.status).toBe(400);
    expect(r.json.message).toContain(`must be an integer from 0 to ${MAX_LIMITS.vrackServicesPerAccount}`);
    expect((await t.req('PUT', '/lab/limits', { vrackServicesPerAccount: MAX_LIMITS.vrackServicesPerAccount })).status).toBe(200);
  });
});

describe('journal (review #5)', () => {
  it('unauthenticated and unmatched requests are counted, not journaled; long URLs are clipped', async () => {
    const before = t.sim.journal.list().length;
    for (let i = 0; i < 20; i++) await t.sim.app.inject({ method: 'GET', url: `/${'a'.repeat(10_000)}` });
    await t.req('GET', `/nope/${'b'.repeat(5000)}`);
    expect(t.sim.journal.list().length).toBe(before);
    expect(t.sim.journal.counts()).toMatchObject({ unauthenticated: 20, unmatched: 1 });
    await t.req('GET', `/v2/vrackServices/resource?x=${'c'.repeat(10_000)}`);
    const last = t.sim.journal.list({ kind: 'request' }).at(-1);
    expect(last?.name).toBe('GET /v2/vrackServices/resource');
    expect(JSON.stringify(last).length).toBeLessThan(1000);
  });
  it('refused token grants are counted, not journaled; an issued one is journaled', async () => {
    const before = t.sim.journal.list().length;
    for (let i = 0; i < 5; i++) {
      const r = await t.sim.app.inject({ method: 'POST', url: '/auth/oauth2/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `grant_type=client_credentials&client_id=${'x'.repeat(5000)}&client_secret=no` });
      expect(r.statusCode).toBe(401);
    }
    expect(t.sim.journal.list().length).toBe(before);
    expect(t.sim.journal.counts()['token-refused']).toBe(5);
    await t.sim.app.inject({ method: 'POST', url: '/auth/oauth2/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials&client_id=vracklab&client_secret=vracklab-secret' });
    expect(t.sim.journal.list().at(-1)?.name).toBe('token-issued');
  });
  it('/lab/events pages: the newest page by default, then since + X-Pagination-Cursor-Next', async () => {
    for (let i = 0; i < 30; i++) await t.sim.admin.createVrack();
    const lastSeq = t.sim.journal.list().at(-1)?.seq;
    const newest = await t.req('GET', '/lab/events?limit=5');
    expect(newest.json).toHaveLength(5);
    expect(newest.json.at(-1).seq).toBe(lastSeq);
    const first = await t.req('GET', '/lab/events?since=0&limit=10');
    expect(first.json.map((e: { seq: number }) => e.seq)).toEqual(t.sim.journal.list().slice(0, 10).map((e) => e.seq));
    const next = first.headers['x-pagination-cursor-next'] as string;
    expect(next).toBe(String(first.json.at(-1).seq));
    const second = await t.req('GET', `/lab/events?since=${next}&limit=10`);
    expect(second.json[0].seq).toBeGreaterThan(Number(next));
    expect((await t.req('GET', '/lab/events?limit=0')).status).toBe(400);
    expect((await t.req('GET', '/lab/events?limit=100000')).status).toBe(400);
  });
});

describe('every refusal has OVH\'s body {class, message} (review #14, #15)', () => {
  it.each([
    ['an over-long path segment', 'GET', `/v2/vrackServices/resource/${'a'.repeat(200)}`, 414],
    ['a bad percent-encoding', 'GET', '/v2/vrackServices/resource/%E0%A4%A', 400],
    ['an unknown route', 'GET', '/nope', 404],
  ])('%s', async (_what, method, url, status) => {
    const r = await t.req(method as 'GET', url);
    expect(r.status).toBe(status);
    expect(Object.keys(r.json).sort()).toEqual(['class', 'message']);
    expect(r.json.class).toMatch(/^Client::/);
    expect(r.json.message.length).toBeLessThan(200);
  });
  it('a URL over Node\'s 16 KB header limit, over a real socket', async () => {
    const url = await t.sim.listen({ host: '127.0.0.1', port: 0 });
    const r = await rawRequest(url, `/v2/vrackServices/resource?pad=${'x'.repeat(20_000)}`);
    expect(r.status).toBe(431);
    expect(r.body).toEqual({ class: 'Client::RequestHeaderFieldsTooLarge', message: 'Request header fields too large: the URL and headers must fit in 16 KB' });
  });
  it('a body that is not JSON, and one over 1 MiB', async () => {
    const bad = await t.req('POST', '/lab/vrack', '{x');
    expect(bad.status).toBe(400);
    expect(bad.json.class).toBe('Client::BadRequest::InvalidJSON');
    const big = await t.req('POST', '/lab/vrack', JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }));
    expect(big.status).toBe(413);
    expect(Object.keys(big.json).sort()).toEqual(['class', 'message']);
  });
  it('control characters in echoed input are escaped in the message', async () => {
    const r = await t.req('GET', '/v2/vrackServices/resource/x%1b%5b31mX');
    expect(r.status).toBe(404);
    expect(r.json.message).toContain('x\\u001b[31mX');
    expect(r.json.message).not.toContain('\u001b');
  });
});

describe('a failed state write is an error answer (review #10)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vracklab-persist-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('POST /lab/vrack answers 500 when the state cannot be written, never 201', async () => {
    const stateDir = join(dir, 'state');
    const s = await startTestSim({ statePath: join(stateDir, 'state.json') });
    try {
      expect((await s.req('POST', '/lab/vrack', {})).status).toBe(201);
      // The state directory becomes a plain file: the next write fails.
      await rm(stateDir, { recursive: true });
      await writeFile(stateDir, 'not a directory');
      const r = await s.req('POST', '/lab/vrack', {});
      expect(r.status).toBe(500);
      expect(r.json.class).toBe('Server::InternalServerError');
      expect(r.json.message).toContain('could not be written');
    } finally {
      await s.close();
    }
  });
});
