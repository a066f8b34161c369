import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { createClient, ApiError, type ClientConfig } from './client.ts';
import { injectFetch } from './inject-fetch.ts';
import { makeStub, type Stub } from './testing/stub-api.ts';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

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

    it('associateVrackServices fails at once when the v1 task is cancelled, naming the task', async () => {
      stub.vrackTaskEnd = 'cancelled';
      await expect(c().associateVrackServices('pn-1', 'vrs-a', { intervalMs: 1, timeoutMs: 60_000 })).rejects.toMatchObject({
        code: 'VRACK_TASK_CANCELLED',
        message: expect.stringMatching(/vRack pn-1 task 77 failed: it was cancelled \(addVrackServices vrs-a\)/),
      });
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
