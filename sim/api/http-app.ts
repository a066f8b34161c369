/**
 * The simulator's HTTP pipeline, before any route: query ids, one body parser (raw text kept for
 * signatures), the Host check, authentication, injected faults, the request journal, OVH-shaped
 * error bodies, and the OAuth2 token endpoint.
 */
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { delay } from '../core/wait.ts';
import { ApiFault, errors } from './api-error.ts';
import type { Authenticator } from './auth.ts';
import type { Engine } from './engine.ts';
import type { EventJournal } from './event-journal.ts';
import { clientErrorHandler, frameworkErrorHandler, ovhErrorOf } from './fastify-errors.ts';
import type { HostCheck } from './host-check.ts';
import { headerOf, rawBodyOf, setRawBody } from './http-context.ts';

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

export interface HttpAppParts {
  engine: Engine;
  auth: Authenticator;
  hosts: HostCheck;
  journal: EventJournal;
  /** Paths an extension (the lab's web page) serves without authentication: its static assets only. */
  isPublicPath?: (path: string) => boolean;
}

export function createHttpApp({ engine, auth, hosts, journal, isPublicPath }: HttpAppParts): FastifyInstance {
  const isPublic = (path: string) => PUBLIC.has(path) || (isPublicPath?.(path) ?? false);
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
    if (!isPublic(path)) {
      // Throws the OVH error for a refused request; an accepted one needs nothing more.
      auth.authenticate({ method: req.method, fullUrls: fullUrlsOf(req), rawBody: rawBodyOf(req), headers: req.headers }, Math.floor(Date.now() / 1000));
      authenticated.add(req);
    }
    // Faults apply only to authenticated API requests: an anonymous caller cannot trigger or slow them.
    if (path.startsWith('/lab/') || isPublic(path)) return;
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
    if (isPublic(pathOf(req.url))) return journal.count('public');
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
  return app;
}
