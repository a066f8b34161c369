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
import { ApiFault, errors } from './api-error.ts';
import { createAuthenticator } from './auth.ts';
import { DEV_CREDENTIALS, generateCredentials } from './credentials.ts';
import type { DevCredentials } from './credentials.ts';
import { Engine } from './engine.ts';
import { createEventJournal } from './event-journal.ts';
import type { EventJournal } from './event-journal.ts';
import { headerOf, rawBodyOf, setRawBody } from './http-context.ts';
import { createHostCheck } from './host-check.ts';
import { clientErrorHandler, frameworkErrorHandler, ovhErrorOf } from './fastify-errors.ts';
import { createLabAdmin } from './lab-admin.ts';
import type { LabAdmin } from './lab-admin.ts';
import { DEFAULT_LIMITS, validateLimits } from './limits.ts';
import type { Limits } from './limits.ts';
import { profileByName } from './profiles.ts';
import { HarnessError } from '../core/errors.ts';
import { registerLabRoutes } from './routes-lab.ts';
import { registerV1Routes } from './routes-v1.ts';
import { registerV2Routes } from './routes-v2.ts';
import { loadState } from './state-store.ts';
import { resolveTimings } from './timings.ts';
import type { Timings, TimingsPreset } from './timings.ts';

export { DEV_CREDENTIALS, generateCredentials };
export type { DevCredentials, EventJournal, LabAdmin, Limits, Timings };

export interface SimulatorOptions {
  profile?: '2024-04' | '2025-10';
  timings?: TimingsPreset | Partial<Timings>;
  statePath?: string;
  dataPlane?: DataPlane;
  /** Overrides of the dev credentials, or 'random' for fresh ones (`generateCredentials`, see `sim.credentials`). */
  credentials?: Partial<DevCredentials> | 'random';
  limits?: Partial<Limits>;
  /** Host names accepted besides IP literals, localhost and the listen address (DNS-rebinding guard). */
  allowedHosts?: string[];
  /** The clock of records and journal (ms since the epoch); tests inject one. Authentication keeps the real clock. */
  now?: () => number;
}

/** `await using sim = await createSimulator()` closes it at the end of the scope. */
export interface Simulator extends AsyncDisposable {
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

/**
 * The URL as the client addressed it first, then the https forms real-API clients sign (see auth.ts).
 * Only the Host header counts (it passed the host check); X-Forwarded-* is anyone's to send.
 */
function fullUrlsOf(req: FastifyRequest): string[] {
  const host = headerOf(req, 'host') ?? 'localhost';
  const bare = host.replace(/:\d+$/, '');
  return [...new Set([`${req.protocol}://${host}${req.url}`, `https://${host}${req.url}`, `https://${bare}${req.url}`])];
}

/** Requests that passed authentication (or needed none): only these are journaled. */
const authenticated = new WeakSet<FastifyRequest>();

export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const profile = profileByName(options.profile ?? '2024-04');
  const timings = resolveTimings(options.timings ?? 'fast');
  const credentials: DevCredentials = options.credentials === 'random' ? generateCredentials() : { ...DEV_CREDENTIALS, ...options.credentials };
  const auth = createAuthenticator(credentials);
  const hosts = createHostCheck(options.allowedHosts);
  const now = options.now ?? Date.now;
  const journal = createEventJournal(undefined, () => new Date(now()));
  const state = options.statePath ? await loadState(options.statePath) : undefined;
  const limits = { ...DEFAULT_LIMITS, ...validateLimits(options.limits ?? {}) };
  const engine = new Engine({ profile, limits, timings, journal, now, ...(options.dataPlane ? { dataPlane: options.dataPlane } : {}), ...(state ? { state } : {}), ...(options.statePath ? { statePath: options.statePath } : {}) });
  if (state) journal.record('state', 'loaded', { path: options.statePath, vrackServices: state.vrackServices.length });
  const admin = createLabAdmin(engine);

  let querySeq = 0;
  const queryPrefix = randomBytes(4).toString('hex');
  const nextQueryId = () => `EU.ext-sim.${queryPrefix}.${++querySeq}`;
  // Refusals fastify answers before any hook (bad URL, over-long path segment, malformed HTTP) get OVH's body too.
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, frameworkErrors: frameworkErrorHandler(nextQueryId), clientErrorHandler });

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
    reply.header('X-Ovh-QueryID', nextQueryId());
    const host = headerOf(req, 'host');
    if (!hosts.allows(host)) {
      throw new ApiFault(403, 'Client::Forbidden::InvalidHost', `Invalid Host header ${JSON.stringify(host)}: this simulator answers to IP addresses and ${hosts.names().join(', ')} (start it with --allowed-host NAME to add one)`);
    }
  });

  app.addHook('preHandler', async (req) => {
    const path = pathOf(req.url);
    if (!PUBLIC.has(path)) {
      // Throws the OVH error for a refused request; an accepted one needs nothing more.
      auth.authenticate({ method: req.method, fullUrls: fullUrlsOf(req), rawBody: rawBodyOf(req), headers: req.headers }, Math.floor(Date.now() / 1000));
      authenticated.add(req);
    }
    // Faults apply only to authenticated API requests: an anonymous caller cannot trigger or slow them.
    if (path.startsWith('/lab/') || PUBLIC.has(path)) return;
    const latencyMs = engine.latencyMs();
    if (latencyMs > 0) await delay(latencyMs);
    const hit = engine.takeRouteFault(path, req.method);
    if (hit) {
      journal.record('lab', 'fault-5xx', { method: req.method, url: req.url, status: hit.status });
      throw new ApiFault(hit.status, 'Server::InternalServerError', `Internal server error (injected by the lab on ${req.method} ${path})`);
    }
  });

  app.addHook('onResponse', async (req, reply) => {
    // Only authenticated requests to a known route are journaled (URLs clipped by the journal);
    // anonymous and unmatched ones are only counted, so a flood of them cannot fill memory.
    if (PUBLIC.has(pathOf(req.url))) return journal.count('public');
    if (!authenticated.has(req)) return journal.count('unauthenticated');
    if (!req.routeOptions.url) return journal.count('unmatched');
    journal.record('request', `${req.method} ${req.routeOptions.url}`, { url: req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 });
  });

  app.setErrorHandler((err: FastifyError | ApiFault, _req, reply) => {
    const { status, body, internal } = ovhErrorOf(err);
    if (internal) journal.record('state', 'internal-error', { error: err.message });
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    const { status, body } = ovhErrorOf(new ApiFault(404, 'Client::NotFound', `Got an invalid (or empty) URL: no route ${req.method} ${pathOf(req.url)}`));
    reply.code(status).send(body);
  });

  app.post('/auth/oauth2/token', async (req, reply) => {
    const form = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, string>;
    const { status, body } = auth.tokenGrant(form, headerOf(req, 'authorization'), Math.floor(Date.now() / 1000));
    // A refused grant is anonymous: counted like other unauthenticated requests, so a flood cannot evict real events.
    if (status === 200) journal.record('lab', 'token-issued', { clientId: form.client_id ?? null });
    else journal.count('token-refused');
    return reply.code(status).send(body);
  });
  registerV2Routes(app, engine);
  for (const prefix of ['/1.0', '/v1']) await app.register(async (scope) => registerV1Routes(scope, engine), { prefix });
  registerLabRoutes(app, engine, admin);
  await app.ready();

  engine.resumeInFlight();
  let dpReady: Promise<void> = Promise.resolve();
  let closed = false;

  const simulator: Simulator = {
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
      hosts.add(host);
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
    [Symbol.asyncDispose]: () => simulator.close(),
  };
  return simulator;
}
