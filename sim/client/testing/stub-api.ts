/**
 * A tiny stand-in for the OVHcloud API, for the client's unit tests: just enough behaviour (auth,
 * pagination, checksum, tasks) for the client's logic to be exercised and to fail when it is wrong.
 * Signature checking is written from the scheme's definition, independently of signature.ts.
 * Not used by production code.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { TargetSpec } from '../types.ts';

export interface Stub {
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
  /** How the v1 task ends after two `doing` polls: gone (404, done) or cancelled. */
  vrackTaskEnd: 'gone' | 'cancelled';
  puts: unknown[];
  concurrentBump: number;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

export function makeStub(): Stub {
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
    vrackTaskEnd: 'gone',
    puts: [],
    concurrentBump: 0,
  };
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
  addAuth(s);
  addResources(s);
  return s;
}

/** Token grant, `/auth/time` and the check of every other request (token, Basic or AK/CK signature). */
function addAuth(s: Stub): void {
  const { app } = s;
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
}

/** Paginated list, a resource with checksum and tasks, v1 vRack tasks. */
function addResources(s: Stub): void {
  const { app } = s;
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
    if (s.vrackTaskPolls < 3 || s.vrackTaskEnd === 'cancelled') {
      const status = s.vrackTaskPolls < 3 ? 'doing' : 'cancelled';
      return { function: 'addVrackServices', id: 77, status, serviceName: 'pn-1', targetDomain: 'vrs-a', lastUpdate: null, orderId: null, todoDate: null };
    }
    return reply.code(404).send({ message: `The requested object (taskId = ${(req.params as { id: string }).id}) does not exist` });
  });
  app.get('/1.0/vrack/:sn/allowedServices', async (req) => ({ vrackServices: [(req.query as { serviceFamily: string }).serviceFamily] }));
}
