import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { createClient, ApiError, type ClientConfig } from './client.ts';
import { injectFetch } from './inject-fetch.ts';
import { configFromEnv } from './env.ts';
import type { TargetSpec } from './types.ts';

// A tiny stand-in for the API: just enough behaviour (auth, pagination, checksum, tasks) for the
// client's logic to be exercised and to fail when it is wrong. Signature checking is written from the
// scheme's definition, independently of signature.ts.
interface Stub {
  app: FastifyInstance;
  tokensIssued: number;
  validTokens: Set<string>;
  acceptBasic: boolean;
  serverSkewS: number;
  resourceGets: number;
  readyAfterGets: number;
  failNextUpdate: boolean;
  checksum: string;
  spec: TargetSpec;
  status: 'READY' | 'UPDATING' | 'ERROR';
  vrackTaskPolls: number;
  puts: unknown[];
  concurrentBump: number;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

function makeStub(): Stub {
  const app = Fastify();
  const s: Stub = {
    app,
    tokensIssued: 0,
    validTokens: new Set(),
    acceptBasic: true,
    serverSkewS: 100,
    resourceGets: 0,
    readyAfterGets: 2,
    failNextUpdate: false,
    checksum: md5(''),
    spec: { subnets: [] },
    status: 'READY',
    vrackTaskPolls: 0,
    puts: [],
    concurrentBump: 0,
  };
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
  const serverNow = () => Math.round(Date.now() / 1000) + s.serverSkewS;
  const deny = (reply: FastifyReply, why: string) =>
    reply.code(401).header('X-Ovh-QueryID', 'EU.q-auth').send({ class: 'Client::Unauthorized', message: why });

  // preHandler, not onRequest: the signature covers the body, parsed by then.
  app.addHook('preHandler', async (req, reply) => {
    if (req.url === '/1.0/auth/time' || req.url === '/auth/oauth2/token') return;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      if (!s.validTokens.has(auth.slice(7))) return deny(reply, 'invalid token');
      return;
    }
    const ak = req.headers['x-ovh-application'];
    if (ak) {
      const ts = Number(req.headers['x-ovh-timestamp']);
      if (Math.abs(ts - serverNow()) > 5) return deny(reply, `timestamp ${ts} too far from server time ${serverNow()}`);
      const body = (req as FastifyRequest & { rawBody?: string }).rawBody ?? '';
      const expected = '$1$' + sha1(['stub-as', req.headers['x-ovh-consumer'], req.method, `http://${req.headers.host}${req.url}`, body, String(ts)].join('+'));
      if (req.headers['x-ovh-signature'] !== expected) return deny(reply, 'invalid signature');
      return;
    }
    return deny(reply, 'no credential');
  });
  // Keep the exact body text: the signature covers it byte for byte.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    (req as FastifyRequest & { rawBody?: string }).rawBody = String(body);
    try {
      done(null, body === '' ? {} : JSON.parse(String(body)));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  app.get('/1.0/auth/time', async () => serverNow());
  app.post('/auth/oauth2/token', async (req, reply) => {
    const form = req.body as Record<string, string>;
    let id = form.client_id;
    let secret = form.client_secret;
    const basic = req.headers.authorization?.match(/^Basic (.+)$/);
    if (basic) {
      if (!s.acceptBasic) return reply.code(401).send({ error: 'invalid_client', error_description: 'basic auth not supported' });
      [id, secret] = Buffer.from(basic[1]!, 'base64').toString().split(':');
    }
    if (form.grant_type !== 'client_credentials' || id !== 'cid' || secret !== 'csecret') return reply.code(401).send({ error: 'invalid_client' });
    const token = `tok-${++s.tokensIssued}`;
    s.validTokens.add(token);
    return { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: 'all' };
  });

  const items = Array.from({ length: 5 }, (_, i) => ({ id: `vrs-${i}` }));
  app.get('/v2/vrackServices/resource', async (req, reply) => {
    const size = Number(req.headers['x-pagination-size'] ?? 2);
    const cursor = req.headers['x-pagination-cursor'];
    const start = cursor === undefined ? 0 : Number(cursor);
    if (!Number.isInteger(start) || start < 0 || start >= items.length) return reply.code(400).send({ class: 'Client::BadRequest', message: 'invalid cursor' });
    if (start + size < items.length) reply.header('X-Pagination-Cursor-Next', String(start + size));
    return items.slice(start, start + size);
  });
  const resource = () => ({
    id: 'vrs-a',
    checksum: s.checksum,
    resourceStatus: s.status,
    targetSpec: s.spec,
    currentState: { productStatus: 'DRAFT', region: 'LIM', subnets: [], vrackId: null },
    currentTasks: s.status === 'ERROR' ? [{ id: 'task-err', link: '/v2/vrackServices/resource/vrs-a', status: 'ERROR', type: 'VrackServicesUpdate' }] : [],
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
  });
  app.get('/v2/vrackServices/resource/:id', async (req, reply) => {
    if ((req.params as { id: string }).id !== 'vrs-a') return reply.code(404).send({ class: 'Client::NotFound::VrackServicesNotFound', message: 'not found' });
    s.resourceGets++;
    if (s.status === 'UPDATING' && s.resourceGets >= s.readyAfterGets) s.status = s.failNextUpdate ? 'ERROR' : 'READY';
    return resource();
  });
  app.put('/v2/vrackServices/resource/:id', async (req, reply) => {
    const body = req.body as { checksum: string; targetSpec: TargetSpec };
    s.puts.push(body);
    if (s.concurrentBump > 0) {
      // Someone else changed the resource between our GET and PUT.
      s.concurrentBump--;
      s.checksum = md5(`other-${s.puts.length}`);
    }
    if (body.checksum !== s.checksum) {
      return reply
        .code(412)
        .header('X-Ovh-QueryID', 'EU.ext-3.abc')
        .send({ class: 'Client::PreconditionFailed::ChecksumMismatch', message: `Provided checksum '${body.checksum}' does not match the current one '${s.checksum}'` });
    }
    s.spec = body.targetSpec;
    s.checksum = md5(JSON.stringify(body.targetSpec));
    s.status = 'UPDATING';
    s.resourceGets = 0;
    return resource();
  });
  app.get('/v2/vrackServices/resource/:id/task/:taskId', async () => ({
    id: 'task-err',
    type: 'VrackServicesUpdate',
    status: 'ERROR',
    message: 'failed',
    errors: [{ message: 'Service Endpoint could not be plugged' }],
    link: '/v2/vrackServices/resource/vrs-a',
    progress: [],
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
  }));
  app.post('/1.0/vrack/:sn/vrackServices', async (req) => ({
    function: 'addVrackServices',
    id: 77,
    status: 'todo',
    serviceName: (req.params as { sn: string }).sn,
    targetDomain: (req.body as { vrackServices: string }).vrackServices,
    lastUpdate: null,
    orderId: null,
    todoDate: null,
  }));
  app.get('/1.0/vrack/:sn/task/:id', async (req, reply) => {
    s.vrackTaskPolls++;
    if (s.vrackTaskPolls < 3) return { function: 'addVrackServices', id: 77, status: 'doing', serviceName: 'pn-1', targetDomain: 'vrs-a', lastUpdate: null, orderId: null, todoDate: null };
    return reply.code(404).send({ message: `The requested object (taskId = ${(req.params as { id: string }).id}) does not exist` });
  });
  app.get('/1.0/vrack/:sn/allowedServices', async (req) => ({ vrackServices: [(req.query as { serviceFamily: string }).serviceFamily] }));
  return s;
}

describe('client over a stub API', () => {
  let stub: Stub;
  let clock: number;
  const config = (extra: Partial<ClientConfig>): ClientConfig => ({ endpoint: 'http://stub.test:8080', fetch: injectFetch(stub.app), now: () => clock, ...extra });

  beforeEach(() => {
    stub = makeStub();
    clock = Date.now();
  });
  afterEach(async () => {
    await stub.app.close();
  });

  describe('OAuth2', () => {
    it('fetches one token, reuses it, and refreshes it once expired', async () => {
      const c = createClient(config({ clientId: 'cid', clientSecret: 'csecret' }));
      await c.getVrackServices('vrs-a');
      await c.getVrackServices('vrs-a');
      expect(stub.tokensIssued).toBe(1);
      clock += 3600_000; // past expires_in
      await c.getVrackServices('vrs-a');
      expect(stub.tokensIssued).toBe(2);
    });

    it('gets a fresh token once when the API rejects the cached one', async () => {
      const c = createClient(config({ clientId: 'cid', clientSecret: 'csecret' }));
      await c.getVrackServices('vrs-a');
      stub.validTokens.clear(); // e.g. the simulator restarted
      await c.getVrackServices('vrs-a');
      expect(stub.tokensIssued).toBe(2);
    });

    it('falls back to form parameters when the token endpoint refuses HTTP Basic', async () => {
      stub.acceptBasic = false;
      const c = createClient(config({ clientId: 'cid', clientSecret: 'csecret' }));
      await expect(c.getVrackServices('vrs-a')).resolves.toMatchObject({ id: 'vrs-a' });
    });

    it('reports a refused client as an ApiError from the token URL', async () => {
      const c = createClient(config({ clientId: 'cid', clientSecret: 'wrong' }));
      const err = await c.getVrackServices('vrs-a').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toBe(401);
      expect((err as ApiError).message).toContain('POST http://stub.test:8080/auth/oauth2/token failed: HTTP 401: invalid_client');
    });
  });

  describe('application key signature', () => {
    it('signs with the server-corrected time and the full URL (query string included)', async () => {
      const c = createClient(config({ applicationKey: 'ak', applicationSecret: 'stub-as', consumerKey: 'ck' }));
      await expect(c.allowedServices('pn-1')).resolves.toEqual({ vrackServices: ['vrackServices'] });
      expect(await c.transport.timeDeltaSeconds()).toBe(100);
    });

    it('signs the exact body of a PUT', async () => {
      const c = createClient(config({ applicationKey: 'ak', applicationSecret: 'stub-as', consumerKey: 'ck' }));
      const res = await c.updateVrackServices('vrs-a', { checksum: md5(''), targetSpec: { subnets: [] } });
      expect(res.resourceStatus).toBe('UPDATING');
    });

    it('is rejected with a wrong secret (the check can fail)', async () => {
      const c = createClient(config({ applicationKey: 'ak', applicationSecret: 'nope', consumerKey: 'ck' }));
      await expect(c.getVrackServices('vrs-a')).rejects.toMatchObject({ status: 401, apiMessage: 'invalid signature' });
    });

    it('refuses incomplete or mixed credentials, naming what is missing', () => {
      expect(() => createClient(config({ applicationKey: 'ak', applicationSecret: 's' }))).toThrow(/consumerKey/);
      expect(() => createClient(config({ applicationKey: 'ak', applicationSecret: 's', consumerKey: 'c', clientId: 'x', clientSecret: 'y' }))).toThrow(/exactly one authentication scheme/);
    });
  });

  describe('pagination', () => {
    const c = () => createClient(config({ accessToken: 'tok-x' }));
    beforeEach(() => stub.validTokens.add('tok-x'));

    it('follows X-Pagination-Cursor-Next over every page', async () => {
      const ids = (await c().listVrackServices()).map((v) => v.id);
      expect(ids).toEqual(['vrs-0', 'vrs-1', 'vrs-2', 'vrs-3', 'vrs-4']);
    });

    it('returns one page with its next cursor, and the page size is sent', async () => {
      const p = await c().listVrackServicesPage({ size: 3 });
      expect(p.items.map((v) => v.id)).toEqual(['vrs-0', 'vrs-1', 'vrs-2']);
      expect(p.nextCursor).toBe('3');
      const last = await c().listVrackServicesPage({ size: 3, cursor: p.nextCursor });
      expect(last.items).toHaveLength(2);
      expect(last.nextCursor).toBeUndefined();
    });

    it('surfaces a bad cursor as the API error', async () => {
      await expect(c().listVrackServicesPage({ cursor: 'zz' })).rejects.toMatchObject({ status: 400, apiMessage: 'invalid cursor' });
    });
  });

  describe('errors, modify, waits', () => {
    const c = () => createClient(config({ accessToken: 'tok-x' }));
    beforeEach(() => stub.validTokens.add('tok-x'));

    it('turns a 412 into an ApiError with status, class, message, query id, method and path', async () => {
      const err = (await c()
        .updateVrackServices('vrs-a', { checksum: 'bad', targetSpec: { subnets: [] } })
        .catch((e: unknown) => e)) as ApiError;
      expect(err).toBeInstanceOf(ApiError);
      expect(err.code).toBe('API_ERROR');
      expect(err).toMatchObject({ status: 412, errorClass: 'Client::PreconditionFailed::ChecksumMismatch', queryId: 'EU.ext-3.abc', method: 'PUT', path: '/v2/vrackServices/resource/vrs-a' });
      expect(err.class).toBe('Client::PreconditionFailed::ChecksumMismatch');
      expect(err.toLine()).toBe(
        `HTTP 412 Client::PreconditionFailed::ChecksumMismatch: Provided checksum 'bad' does not match the current one '${md5('')}' (query id EU.ext-3.abc)`,
      );
      expect(err.message).toMatch(/^PUT \/v2\/vrackServices\/resource\/vrs-a failed: HTTP 412 /);
    });

    it('modify sends the checksum it read and the mutated spec', async () => {
      const subnet = { cidr: '10.120.0.0/24', serviceEndpoints: [], serviceRange: { cidr: '10.120.0.0/29' }, vlan: 2 };
      const res = await c().modify('vrs-a', (spec) => {
        spec.subnets.push(subnet);
      });
      expect(stub.puts).toEqual([{ checksum: md5(''), targetSpec: { subnets: [subnet] } }]);
      expect(res.targetSpec.subnets).toEqual([subnet]);
    });

    it('modify retries on a checksum conflict only when asked', async () => {
      stub.concurrentBump = 1;
      await expect(c().modify('vrs-a', (spec) => ({ ...spec, displayName: 'x' }))).rejects.toMatchObject({ status: 412 });
      stub.concurrentBump = 1;
      await expect(c().modify('vrs-a', (spec) => ({ ...spec, displayName: 'x' }), { conflictRetries: 1 })).resolves.toMatchObject({ resourceStatus: 'UPDATING' });
      expect(stub.puts).toHaveLength(3);
    });

    it('waitForReady polls until READY', async () => {
      await c().modify('vrs-a', () => undefined);
      stub.readyAfterGets = 3;
      const vrs = await c().waitForReady('vrs-a', { timeoutMs: 5_000, intervalMs: 5 });
      expect(vrs.resourceStatus).toBe('READY');
      expect(stub.resourceGets).toBe(3);
    });

    it('waitForReady fails at once on ERROR with the task errors', async () => {
      await c().modify('vrs-a', () => undefined);
      stub.failNextUpdate = true;
      stub.readyAfterGets = 1;
      const err = await c()
        .waitForReady('vrs-a', { timeoutMs: 60_000, intervalMs: 5 })
        .catch((e: unknown) => e);
      expect((err as Error).message).toBe(
        'vRack Services vrs-a did not become READY: resourceStatus is ERROR (task task-err VrackServicesUpdate: Service Endpoint could not be plugged)',
      );
      expect(stub.resourceGets).toBe(1);
    });

    it('waitForReady fails at once on an unknown id', async () => {
      await expect(c().waitForReady('vrs-zz', { timeoutMs: 60_000, intervalMs: 5 })).rejects.toMatchObject({ status: 404, errorClass: 'Client::NotFound::VrackServicesNotFound' });
    });

    it('waitForReady times out with the last observed state', async () => {
      await c().modify('vrs-a', () => undefined);
      stub.readyAfterGets = 1_000_000;
      await expect(c().waitForReady('vrs-a', { timeoutMs: 30, intervalMs: 5 })).rejects.toThrow(/timed out waiting for vRack Services vrs-a to be READY.*last: resourceStatus UPDATING/);
    });

    it('associateVrackServices polls the v1 task until it answers 404', async () => {
      const task = await c().associateVrackServices('pn-1', 'vrs-a', { intervalMs: 1, timeoutMs: 5_000 });
      expect(task).toMatchObject({ id: 77, function: 'addVrackServices', targetDomain: 'vrs-a' });
      expect(stub.vrackTaskPolls).toBe(3);
    });
  });

  // A loopback port nobody listens on (port 1 would be refused by fetch itself as a "bad port").
  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  it('reports an unreachable API with the endpoint', async () => {
    const c = createClient({ endpoint: `http://127.0.0.1:${await closedPort()}`, timeoutMs: 2_000 });
    await expect(c.call('GET', '/1.0/auth/time', { auth: false })).rejects.toMatchObject({ code: 'API_UNREACHABLE' });
  });

  it('reports an unreachable token endpoint with the low-level cause', async () => {
    const port = await closedPort();
    const c = createClient({ endpoint: `http://127.0.0.1:${port}`, clientId: 'a', clientSecret: 'b', timeoutMs: 2_000 });
    await expect(c.getVrackServices('vrs-a')).rejects.toThrow(new RegExp(`^OAuth2 token request failed: cannot reach http://127.0.0.1:${port}/auth/oauth2/token \\(fetch failed: .*ECONNREFUSED`));
  });

  it('refuses lab-admin calls against the real API', async () => {
    const c = createClient({ endpoint: 'ovh-eu', accessToken: 't' });
    await expect(c.lab.createVrack()).rejects.toThrow(/lab-admin call refused: https:\/\/eu.api.ovh.com is the real OVHcloud API/);
  });
});

describe('configFromEnv', () => {
  it('reads the go-ovh/node-ovh variable names', () => {
    expect(configFromEnv({ OVH_ENDPOINT: 'ovh-ca', OVH_APPLICATION_KEY: 'a', OVH_APPLICATION_SECRET: 'b', OVH_CONSUMER_KEY: 'c' })).toEqual({
      endpoint: 'ovh-ca',
      applicationKey: 'a',
      applicationSecret: 'b',
      consumerKey: 'c',
    });
    expect(configFromEnv({ OVH_CLIENT_ID: 'i', OVH_CLIENT_SECRET: 's', VRACKLAB_API: 'http://sim:1' })).toEqual({ endpoint: 'http://sim:1', clientId: 'i', clientSecret: 's' });
  });

  it('defaults to the local simulator and ignores empty variables', () => {
    expect(configFromEnv({ OVH_ENDPOINT: '', OVH_CONSUMER_KEY: '' })).toEqual({ endpoint: 'http://127.0.0.1:8080' });
  });
});

describe('configFromEnv refuses to send real credentials to the default address (review #12)', () => {
  it.each([
    [{ OVH_CLIENT_ID: 'real-id', OVH_CLIENT_SECRET: 'REAL-SECRET' }, 'OVH_CLIENT_ID, OVH_CLIENT_SECRET'],
    [{ OVH_APPLICATION_KEY: 'ak', OVH_APPLICATION_SECRET: 'as', OVH_CONSUMER_KEY: 'ck' }, 'OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET, OVH_CONSUMER_KEY'],
    [{ OVH_ACCESS_TOKEN: 't' }, 'OVH_ACCESS_TOKEN'],
  ])('%j without an endpoint', (env, names) => {
    expect(() => configFromEnv(env)).toThrow(`refusing to send ${names} to the default http://127.0.0.1:8080`);
  });
  it('an explicit endpoint (OVH_ENDPOINT, VRACKLAB_API or an override) is fine', () => {
    const creds = { OVH_CLIENT_ID: 'i', OVH_CLIENT_SECRET: 's' };
    expect(configFromEnv({ ...creds, OVH_ENDPOINT: 'ovh-eu' }).endpoint).toBe('ovh-eu');
    expect(configFromEnv({ ...creds, VRACKLAB_API: 'http://127.0.0.1:19100' }).endpoint).toBe('http://127.0.0.1:19100');
    expect(configFromEnv(creds, { endpoint: 'http://127.0.0.1:19101' }).endpoint).toBe('http://127.0.0.1:19101');
    expect(configFromEnv({}).endpoint).toBe('http://127.0.0.1:8080');
  });
});
