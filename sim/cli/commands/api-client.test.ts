import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { Command } from 'commander';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectionConfig, registerApiClientCommands, type CliIo } from './api-client.ts';
import { createClient } from '../../client/client.ts';
import { injectFetch } from '../../client/inject-fetch.ts';
import type { ClientConfig } from '../../client/transport.ts';
import { createSimulator } from '../../api/simulator.ts';

// A stub API accepting only the simulator's dev OAuth2 client, to prove the CLI's default auth.
function stubApi(): { app: FastifyInstance; seen: { method: string; url: string; body: unknown; auth?: string | undefined }[] } {
  const app = Fastify();
  const seen: { method: string; url: string; body: unknown; auth?: string | undefined }[] = [];
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, b, done) => done(null, Object.fromEntries(new URLSearchParams(String(b)))));
  app.post('/auth/oauth2/token', async (req, reply) => {
    const basic = Buffer.from(String(req.headers.authorization).slice(6), 'base64').toString();
    if (basic !== 'vracklab:vracklab-secret') return reply.code(401).send({ error: 'invalid_client' });
    return { access_token: 'dev-token', expires_in: 3600 };
  });
  app.addHook('preHandler', async (req, reply) => {
    if (req.url === '/auth/oauth2/token') return;
    seen.push({ method: req.method, url: req.url, body: req.body, auth: req.headers.authorization });
    if (req.headers.authorization !== 'Bearer dev-token') return reply.code(401).send({ class: 'Client::Unauthorized', message: 'no' });
  });
  const all = [{ id: 'vrs-1' }, { id: 'vrs-2' }, { id: 'vrs-3' }];
  app.get('/v2/vrackServices/resource', async (req, reply) => {
    const start = Number(req.headers['x-pagination-cursor'] ?? 0);
    if (start + 2 < all.length) reply.header('X-Pagination-Cursor-Next', String(start + 2));
    return all.slice(start, start + 2);
  });
  app.get('/v2/vrackServices/resource/:id', async (req, reply) => {
    const id = (req.params as { id: string }).id;
    if (id === 'vrs-err') {
      return {
        id,
        resourceStatus: 'ERROR',
        checksum: 'c',
        currentTasks: [{ id: 't9', status: 'ERROR', type: 'VrackServicesUpdate', link: '' }],
        currentState: { productStatus: 'DRAFT', region: 'LIM', subnets: [], vrackId: null },
        targetSpec: { subnets: [] },
      };
    }
    if (id !== 'vrs-1') return reply.code(404).header('X-Ovh-QueryID', 'EU.q-404').send({ class: 'Client::NotFound::VrackServicesNotFound', message: `VrackServices '${id}' not found` });
    return {
      id,
      resourceStatus: 'READY',
      checksum: 'abc',
      currentTasks: [],
      currentState: {
        productStatus: 'ACTIVE',
        region: 'LIM',
        vrackId: 'pn-1',
        subnets: [
          {
            cidr: '10.120.0.0/16',
            vlan: null,
            serviceRange: { cidr: '10.120.0.0/29', reservedIps: 5, usedIps: 1, remainingIps: 2 },
            serviceEndpoints: [{ managedServiceURN: 'urn:x', endpoints: [{ ip: '10.120.0.1', description: 'Nominal' }] }],
          },
        ],
      },
      targetSpec: { subnets: [{ cidr: '10.120.0.0/16' }] },
    };
  });
  app.get('/v2/vrackServices/resource/:id/task/:t', async () => ({ id: 't9', type: 'VrackServicesUpdate', status: 'ERROR', message: 'failed', errors: [{ message: 'VLAN busy' }] }));
  app.put('/v2/vrackServices/resource/:id', async (_req, reply) =>
    reply.code(412).header('X-Ovh-QueryID', 'EU.ext-1.q412').send({ class: 'Client::PreconditionFailed::ChecksumMismatch', message: "Provided checksum 'old' does not match the current one 'abc'" }),
  );
  app.post('/1.0/vrack/:sn/vrackServices', async (req) => ({ function: 'addVrackServices', id: 1, status: 'todo', body: req.body }));
  app.delete('/1.0/vrack/:sn/vrackServices/:id', async () => ({ function: 'removeVrackServices', id: 2, status: 'todo' }));
  return { app, seen };
}

describe('vracklab api (client commands)', () => {
  let stub: ReturnType<typeof stubApi>;
  let out: string[];
  let err: string[];
  let exitCode: number | undefined;
  let configs: ClientConfig[];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), fail: (c) => (exitCode = c) };

  async function run(...args: string[]): Promise<void> {
    const program = new Command('vracklab').exitOverride();
    const api = program.command('api');
    registerApiClientCommands(api, {
      env: {},
      io,
      makeClient: (config) => {
        configs.push(config);
        return createClient({ ...config, fetch: injectFetch(stub.app) });
      },
    });
    await program.parseAsync(['api', ...args], { from: 'user' });
  }

  beforeEach(() => {
    stub = stubApi();
    out = [];
    err = [];
    exitCode = undefined;
    configs = [];
  });
  afterEach(async () => {
    await stub.app.close();
  });

  it('get prints pretty JSON, authenticated with the simulator dev client by default', async () => {
    await run('get', '/v2/vrackServices/resource/vrs-1');
    expect(configs[0]).toMatchObject({ endpoint: 'http://127.0.0.1:8080', clientId: 'vracklab', clientSecret: 'vracklab-secret' });
    expect(JSON.parse(out[0]!)).toMatchObject({ id: 'vrs-1', resourceStatus: 'READY' });
    expect(out[0]).toContain('\n  "id": "vrs-1"');
    expect(exitCode).toBeUndefined();
  });

  it('--raw prints compact JSON; without --all a paginated list says there is more', async () => {
    await run('get', '/v2/vrackServices/resource', '--raw');
    expect(out).toEqual(['[{"id":"vrs-1"},{"id":"vrs-2"}]']);
    expect(err[0]).toMatch(/more items: add --all/);
  });

  it('--all follows the cursors', async () => {
    await run('get', '/v2/vrackServices/resource', '--all', '--raw');
    expect(out).toEqual(['[{"id":"vrs-1"},{"id":"vrs-2"},{"id":"vrs-3"}]']);
  });

  it('an API error is one line with status, class, message and query id, and exit code 1', async () => {
    await run('put', '/v2/vrackServices/resource/vrs-1', '--data', '{"checksum":"old","targetSpec":{"subnets":[]}}');
    expect(err).toEqual(["HTTP 412 Client::PreconditionFailed::ChecksumMismatch: Provided checksum 'old' does not match the current one 'abc' (query id EU.ext-1.q412)"]);
    expect(exitCode).toBe(1);
    expect(stub.seen.at(-1)).toMatchObject({ method: 'PUT', body: { checksum: 'old', targetSpec: { subnets: [] } } });
  });

  it('post reads the body from --data-file; unversioned paths are v1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vl-cli-'));
    try {
      const file = join(dir, 'body.json');
      await writeFile(file, '{"vrackServices":"vrs-1"}');
      await run('post', '/vrack/pn-1/vrackServices', '--data-file', file);
      expect(stub.seen.at(-1)).toMatchObject({ method: 'POST', url: '/1.0/vrack/pn-1/vrackServices', body: { vrackServices: 'vrs-1' } });
      expect(JSON.parse(out[0]!)).toMatchObject({ function: 'addVrackServices' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('delete sends DELETE', async () => {
    await run('delete', '/v1/vrack/pn-1/vrackServices/vrs-1');
    expect(stub.seen.at(-1)).toMatchObject({ method: 'DELETE', url: '/1.0/vrack/pn-1/vrackServices/vrs-1' });
  });

  it('rejects a body that is not JSON, naming the flag', async () => {
    await expect(run('put', '/v2/x', '--data', '{oops')).rejects.toThrow(/invalid request body: not JSON: .* \(--data\)/);
  });

  it('status prints the human summary', async () => {
    await run('status', 'vrs-1');
    expect(out[0]).toContain('resourceStatus READY  productStatus ACTIVE');
    expect(out[0]).toContain('service range 10.120.0.0/29: 1 used, 2 remaining, 5 reserved (of 8)');
    expect(out[0]).toContain('endpoint urn:x → 10.120.0.1 (Nominal)');
  });

  it('status of an unknown id prints the API error', async () => {
    await run('status', 'vrs-nope');
    expect(err).toEqual(["HTTP 404 Client::NotFound::VrackServicesNotFound: VrackServices 'vrs-nope' not found (query id EU.q-404)"]);
    expect(exitCode).toBe(1);
  });

  it('wait-ready returns at once when READY, and fails with the task error on ERROR', async () => {
    await run('wait-ready', 'vrs-1', '--timeout', '5s', '--interval', '10ms');
    expect(out).toEqual(['vrs-1 READY (productStatus ACTIVE, checksum abc)']);
    await expect(run('wait-ready', 'vrs-err', '--timeout', '5s', '--interval', '10ms')).rejects.toThrow(
      'vRack Services vrs-err did not become READY: resourceStatus is ERROR (task t9 VrackServicesUpdate: VLAN busy)',
    );
  });

  it('rejects a malformed --timeout with the valid forms', async () => {
    await expect(run('wait-ready', 'vrs-1', '--timeout', 'soon')).rejects.toThrow('invalid --timeout: must be a number followed by a unit (got "soon"; valid: 250ms, 3s, 3 seconds, 2m, 90)');
  });
});

/** A `vracklab api` program wired to an in-process simulator, and what it printed. */
async function cliOnSimulator(profile: '2024-04' | '2025-10') {
  const sim = await createSimulator({ profile, timings: 'fast' });
  const out: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => out.push(`ERR ${t}`), fail: (c) => out.push(`EXIT ${c}`) };
  const program = new Command('vracklab').exitOverride();
  registerApiClientCommands(program.command('api'), { env: {}, io, makeClient: (config) => createClient({ ...config, fetch: injectFetch(sim.app) }) });
  const run = (...args: string[]) => program.parseAsync(['api', ...args], { from: 'user' });
  return { sim, out, run };
}

describe('vracklab api against the simulator itself', () => {
  it('the default credentials are accepted, and status shows the delivered resource', async () => {
    const { sim, out, run } = await cliOnSimulator('2025-10');
    try {
      const { id } = await sim.admin.createVrackServices({ region: 'eu-west-gra' });
      await run('wait-ready', id, '--timeout', '10s', '--interval', '20ms');
      await run('status', id);
      expect(out[0]).toMatch(new RegExp(`^${id} READY \\(productStatus DRAFT, checksum d41d8cd98f00b204e9800998ecf8427e\\)$`));
      expect(out[1]).toContain(`${id}  region eu-west-gra  vRack (not associated)`);
      expect(out[1]).toContain('subnets: none');
    } finally {
      await sim.close();
    }
  });
});

describe('vracklab api expose', () => {
  it("walks the guide's example in one command: the EFS gets 10.120.0.1, then a second call refuses a missing range", async () => {
    const { sim, out, run } = await cliOnSimulator('2024-04');
    try {
      const { id } = await sim.admin.createVrackServices({ region: 'LIM' });
      await sim.admin.waitForReady(id, 5000);
      const { urn } = await sim.admin.createStorageNetApp({ region: 'LIM', name: 'efs' });
      await run('expose', id, '--urn', urn, '--subnet', '10.120.0.0/16', '--range', '10.120.0.0/29');
      const summary = out.at(-1)!;
      expect(summary).toContain('10.120.0.1');
      expect(out.some((l) => l.startsWith('EXIT'))).toBe(false);
      await expect(run('expose', id, '--urn', urn, '--subnet', '10.130.0.0/16')).rejects.toThrow(
        'invalid --range: subnet 10.130.0.0/16 does not exist yet: give its service range (got undefined; valid: 10.120.0.0/29)',
      );
    } finally {
      await sim.close();
    }
  });
});

describe('connectionConfig', () => {
  it('uses flags over the environment and never mixes credential sources', () => {
    const env = { OVH_ENDPOINT: 'ovh-eu', OVH_CLIENT_ID: 'env-id', OVH_CLIENT_SECRET: 'env-secret' };
    expect(connectionConfig({}, env)).toEqual({ endpoint: 'ovh-eu', clientId: 'env-id', clientSecret: 'env-secret' });
    expect(connectionConfig({ applicationKey: 'a', applicationSecret: 'b', consumerKey: 'c' }, env)).toEqual({ endpoint: 'ovh-eu', applicationKey: 'a', applicationSecret: 'b', consumerKey: 'c' });
  });

  it('defaults to VRACKLAB_API with dev credentials, but adds none for a real OVHcloud endpoint', () => {
    expect(connectionConfig({}, { VRACKLAB_API: 'http://10.0.0.1:9000' })).toEqual({ endpoint: 'http://10.0.0.1:9000', clientId: 'vracklab', clientSecret: 'vracklab-secret' });
    expect(connectionConfig({ endpoint: 'ovh-ca' }, {})).toEqual({ endpoint: 'ovh-ca' });
  });
});

describe('connectionConfig and real credentials (review #12)', () => {
  it('refuses OVH_* credentials with no endpoint, accepts them with --endpoint', () => {
    const env = { OVH_CLIENT_ID: 'real-id', OVH_CLIENT_SECRET: 'REAL-SECRET' };
    expect(() => connectionConfig({}, env)).toThrow('refusing to send OVH_CLIENT_ID, OVH_CLIENT_SECRET');
    expect(connectionConfig({ endpoint: 'http://127.0.0.1:19102' }, env)).toEqual({ endpoint: 'http://127.0.0.1:19102', clientId: 'real-id', clientSecret: 'REAL-SECRET' });
    // Credentials given as flags do not use (nor trip over) the OVH_* variables.
    expect(connectionConfig({ clientId: 'a', clientSecret: 'b' }, env)).toEqual({ endpoint: 'http://127.0.0.1:8080', clientId: 'a', clientSecret: 'b' });
  });
});
