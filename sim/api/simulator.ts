/**
 * The vRack Services API simulator: a fastify app at the real OVHcloud paths (v2 /vrackServices,
 * v1 /vrack and /storage/netapp under /1.0 and /v1, /auth/time, the OAuth2 token endpoint), with
 * both authentication schemes, the lab-admin routes, an event journal and optional persistence.
 */
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { delay } from '../core/wait.ts';
import type { DataPlane } from './data-plane.ts';
import { ApiError, errors } from './api-error.ts';
import { authenticate, tokenGrant } from './auth.ts';
import { DEV_CREDENTIALS } from './credentials.ts';
import type { DevCredentials } from './credentials.ts';
import { Engine } from './engine.ts';
import { createEventJournal } from './event-journal.ts';
import type { EventJournal } from './event-journal.ts';
import { headerOf, rawBodyOf, setRawBody } from './http-context.ts';
import { createLabAdmin } from './lab-admin.ts';
import type { LabAdmin } from './lab-admin.ts';
import { DEFAULT_LIMITS, validateLimits } from './limits.ts';
import type { Limits } from './limits.ts';
import { profileByName } from './profiles.ts';
import { HarnessError, isHarnessError } from '../core/errors.ts';
import { registerLabRoutes } from './routes-lab.ts';
import { registerV1Routes } from './routes-v1.ts';
import { registerV2Routes } from './routes-v2.ts';
import { createStateStore, loadState } from './state-store.ts';
import { resolveTimings } from './timings.ts';
import type { Timings, TimingsPreset } from './timings.ts';

export { DEV_CREDENTIALS };
export type { DevCredentials, EventJournal, LabAdmin, Limits, Timings };

export interface SimulatorOptions {
  profile?: '2024-04' | '2025-10';
  timings?: TimingsPreset | Partial<Timings>;
  statePath?: string;
  dataPlane?: DataPlane;
  credentials?: Partial<DevCredentials>;
  limits?: Partial<Limits>;
}

export interface Simulator {
  app: FastifyInstance;
  listen(opts?: { host?: string; port?: number }): Promise<string>;
  close(): Promise<void>;
  journal: EventJournal;
  admin: LabAdmin;
  setDataPlane(dp: DataPlane): void;
  /** Resolves once a data plane bound with setDataPlane has received the replayed state. */
  dataPlaneReady(): Promise<void>;
  readonly credentials: DevCredentials;
}

/** Routes answered without authentication. */
const PUBLIC = new Set(['/1.0/auth/time', '/v1/auth/time', '/auth/oauth2/token']);
const pathOf = (url: string) => {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
};

/** The URL as the client addressed it first, then the https forms real-API clients sign (see auth.ts). */
function fullUrlsOf(req: FastifyRequest): string[] {
  const proto = headerOf(req, 'x-forwarded-proto') ?? req.protocol;
  const host = headerOf(req, 'x-forwarded-host') ?? headerOf(req, 'host') ?? 'localhost';
  const bare = host.replace(/:\d+$/, '');
  return [...new Set([`${proto}://${host}${req.url}`, `https://${host}${req.url}`, `https://${bare}${req.url}`])];
}

function matchesFault(path: string, method: string, f: { method?: string; path: string }): boolean {
  if (f.method !== undefined && f.method.toUpperCase() !== method) return false;
  return f.path.startsWith('^') ? new RegExp(f.path).test(path) : path.startsWith(f.path);
}

export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const profile = profileByName(options.profile ?? '2024-04');
  const timings = resolveTimings(options.timings ?? 'fast');
  const credentials: DevCredentials = { ...DEV_CREDENTIALS, ...options.credentials };
  const journal = createEventJournal();
  const state = options.statePath ? await loadState(options.statePath) : undefined;
  const engine = new Engine({ profile, limits: { ...DEFAULT_LIMITS, ...validateLimits(options.limits ?? {}) }, timings, journal, ...(options.dataPlane ? { dataPlane: options.dataPlane } : {}), ...(state ? { state } : {}) });
  engine.store = createStateStore(options.statePath, () => engine.state);
  if (state) journal.record('state', 'loaded', { path: options.statePath, vrackServices: state.vrackServices.length });
  const admin = createLabAdmin(engine);

  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  let querySeq = 0;
  const queryPrefix = randomBytes(4).toString('hex');

  // One parser for every content type: we need the raw text for AK/CK signatures, and node-ovh
  // sends PUT/POST bodies without a Content-Type in OAuth2 mode.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    setRawBody(req, text);
    if (text === '') return done(null, undefined);
    if ((headerOf(req, 'content-type') ?? '').includes('application/x-www-form-urlencoded')) {
      return done(null, Object.fromEntries(new URLSearchParams(text)));
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(errors.invalidJson() as unknown as FastifyError, undefined);
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('X-Ovh-QueryID', `EU.ext-sim.${queryPrefix}.${++querySeq}`);
    const path = pathOf(req.url);
    if (path.startsWith('/lab/') || path === '/auth/oauth2/token') return;
    const f = engine.faults;
    if (f.latencyMs > 0) await delay(f.latencyMs);
    const hit = f.routeErrors.find((r) => matchesFault(path, req.method, r));
    if (hit) {
      if (hit.count !== undefined && --hit.count <= 0) f.routeErrors = f.routeErrors.filter((r) => r !== hit);
      journal.record('lab', 'fault-5xx', { method: req.method, url: req.url, status: hit.status });
      throw new ApiError(hit.status, 'Server::InternalServerError', `Internal server error (injected by the lab on ${req.method} ${path})`);
    }
  });

  app.addHook('preHandler', async (req) => {
    if (PUBLIC.has(pathOf(req.url))) return;
    // Throws the OVH error for a refused request; an accepted one needs nothing more.
    authenticate(credentials, { method: req.method, fullUrls: fullUrlsOf(req), rawBody: rawBodyOf(req), headers: req.headers }, Math.floor(Date.now() / 1000));
  });

  app.addHook('onResponse', async (req, reply) => {
    journal.record('request', `${req.method} ${req.routeOptions.url ?? pathOf(req.url)}`, { url: req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 });
  });

  app.setErrorHandler((err: FastifyError | ApiError, _req, reply) => {
    if (err instanceof ApiError) return reply.code(err.status).send(err.body());
    // Rejected input from the lab-admin layer: its message names the input, the rule and the choices.
    if (isHarnessError(err)) return reply.code(400).send(errors.badRequest(err.message).body());
    const status = err.statusCode ?? 500;
    if (status === 413) return reply.code(413).send({ class: 'Client::RequestEntityTooLarge', message: 'Request body too large' });
    if (status >= 400 && status < 500) return reply.code(400).send(errors.invalidJson().body());
    journal.record('state', 'internal-error', { error: err.message });
    return reply.code(500).send({ class: 'Server::InternalServerError', message: `Internal server error: ${err.message}` });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ class: 'Client::NotFound', message: `Got an invalid (or empty) URL: no route ${req.method} ${pathOf(req.url)}` });
  });

  app.post('/auth/oauth2/token', async (req, reply) => {
    const form = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, string>;
    const { status, body } = tokenGrant(credentials, form, headerOf(req, 'authorization'), Math.floor(Date.now() / 1000));
    journal.record('lab', status === 200 ? 'token-issued' : 'token-refused', { clientId: form.client_id ?? null });
    return reply.code(status).send(body);
  });
  registerV2Routes(app, engine);
  for (const prefix of ['/1.0', '/v1']) await app.register(async (scope) => registerV1Routes(scope, engine), { prefix });
  registerLabRoutes(app, engine, admin);
  await app.ready();

  engine.resumeInFlight();
  let dpReady: Promise<void> = Promise.resolve();
  let closed = false;

  return {
    app,
    journal,
    admin,
    credentials,
    async listen(opts = {}) {
      const host = opts.host ?? '127.0.0.1';
      try {
        await app.listen({ host, port: opts.port ?? 0 });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why =
          code === 'EADDRINUSE' ? 'the port is already in use' : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' ? 'no such local address' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
        throw new HarnessError('API_LISTEN_FAILED', `cannot serve the API on ${host}:${opts.port ?? 0}: ${why} (choose another port, or 0 for any free port)`, { cause: err });
      }
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : opts.port;
      return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    },
    async close() {
      if (closed) return;
      closed = true;
      await engine.close();
      await app.close();
    },
    setDataPlane(dp) {
      dpReady = engine.bindDataPlane(dp);
      dpReady.catch((err: unknown) => journal.record('dataplane', 'bind-failed', { error: (err as Error).message }));
    },
    dataPlaneReady: () => dpReady,
  };
}
