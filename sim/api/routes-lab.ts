/**
 * `/lab/*` routes: the lab-admin operations over HTTP (same auth as the API). Other projects'
 * tests call exactly these; docs/api-simulator.md documents them.
 */
import type { FastifyInstance } from 'fastify';
import { errors } from './api-error.ts';
import type { Engine } from './engine.ts';
import { EVENT_KINDS, type EventKind, type JournalEvent, type JournalFilter } from './event-journal.ts';
import { paramsOf, queryOf } from './http-context.ts';
import type { LabAdmin } from './lab-admin.ts';

/** Events per `/lab/events` answer: the journal holds up to 8 MiB, an answer stays a few MiB at most. */
export const DEFAULT_EVENTS_PAGE = 1000;
export const MAX_EVENTS_PAGE = 5000;

/** Bound of a `/lab/events?waitMs=` long poll: a client waiting longer asks again. */
export const MAX_EVENTS_WAIT_MS = 30_000;

/**
 * Resolves once the journal holds a change matching `filter` (any event but a request: a task
 * transition, a delivery, a data-plane operation, a lab action), at once when one is there, or after `waitMs`.
 */
function changeAfter(engine: Engine, filter: JournalFilter, waitMs: number, waiting: Set<() => void>): Promise<void> {
  const isChange = (e: JournalEvent) => e.kind !== 'request';
  if (waitMs === 0 || engine.journal.list(filter).some(isChange)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, waitMs);
    const off = engine.journal.subscribe((e) => {
      if (isChange(e) && (filter.kind === undefined || e.kind === filter.kind)) done();
    });
    function done() {
      clearTimeout(timer);
      off();
      waiting.delete(done);
      resolve();
    }
    waiting.add(done);
  });
}

export function registerLabRoutes(app: FastifyInstance, engine: Engine, admin: LabAdmin): void {
  const body = (b: unknown) => (typeof b === 'object' && b !== null ? (b as Record<string, unknown>) : {});
  // Long polls of /lab/events answer at once when the server closes: closing waits for open requests.
  const waiting = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const done of [...waiting]) done();
  });

  app.post('/lab/vrack', async (req, reply) => reply.code(201).send(await admin.createVrack(body(req.body) as { serviceName?: string; name?: string })));
  app.post('/lab/vrackServices', async (req, reply) => reply.code(201).send(await admin.createVrackServices(body(req.body) as { region: string })));
  app.post('/lab/storageNetApp', async (req, reply) => reply.code(201).send(await admin.createStorageNetApp(body(req.body) as { region: string })));
  // A storage service with its shares and their ACLs in one call: the lab runner's one path.
  app.post('/lab/storage', async (req, reply) => reply.code(201).send(await admin.deliverStorage(body(req.body) as { region: string })));
  for (const kind of ['vrackServices', 'storageNetApp'] as const) {
    app.post(`/lab/${kind}/:id/suspend`, async (req) => {
      await admin.suspend(paramsOf(req).id as string);
      return { id: paramsOf(req).id, suspended: true };
    });
    app.post(`/lab/${kind}/:id/resume`, async (req) => {
      await admin.resume(paramsOf(req).id as string);
      return { id: paramsOf(req).id, suspended: false };
    });
  }
  app.post('/lab/vrackServices/:id/recover', async (req) => {
    await admin.recover(paramsOf(req).id as string);
    return { id: paramsOf(req).id, resourceStatus: 'READY' };
  });
  app.get('/lab/timings', async () => admin.timings());
  app.put('/lab/timings', async (req) => {
    const b = req.body;
    return admin.setTimings(typeof b === 'string' ? (b as 'fast') : (body(b).preset as 'fast' | undefined) ?? (body(b) as Record<string, number>));
  });
  app.get('/lab/limits', async () => admin.limits());
  app.put('/lab/limits', async (req) => admin.setLimits(body(req.body)));
  app.get('/lab/faults', async () => admin.faults());
  app.post('/lab/faults', async (req) => admin.injectFaults(req.body as object));
  app.delete('/lab/faults', async () => {
    admin.clearFaults();
    return admin.faults();
  });
  app.post('/lab/reset', async () => {
    await admin.reset();
    return { reset: true };
  });
  app.get('/lab/state', async () => engine.snapshot());
  app.get('/lab/events', async (req, reply) => {
    const q = queryOf(req);
    if (q.limit !== undefined && (!/^\d{1,5}$/.test(q.limit) || Number(q.limit) < 1 || Number(q.limit) > MAX_EVENTS_PAGE)) {
      throw errors.badRequest(`Invalid limit '${q.limit}': expected an integer from 1 to ${MAX_EVENTS_PAGE}`);
    }
    const limit = q.limit === undefined ? DEFAULT_EVENTS_PAGE : Number(q.limit);
    let since: number | string | undefined;
    if (q.since !== undefined) {
      if (/^\d+$/.test(q.since)) since = Number(q.since);
      else if (!Number.isNaN(Date.parse(q.since))) since = q.since;
      else throw errors.badRequest(`Invalid since '${q.since}': expected an event sequence number or an ISO-8601 date`);
    }
    if (q.kind !== undefined && !(EVENT_KINDS as readonly string[]).includes(q.kind)) {
      throw errors.badRequest(`Invalid kind '${q.kind}': valid kinds are ${EVENT_KINDS.join(', ')}`);
    }
    const filter = { ...(since !== undefined ? { since } : {}), ...(q.kind ? { kind: q.kind as EventKind } : {}) };
    if (q.waitMs !== undefined) {
      if (!/^\d{1,6}$/.test(q.waitMs) || Number(q.waitMs) > MAX_EVENTS_WAIT_MS) throw errors.badRequest(`Invalid waitMs '${q.waitMs}': expected an integer from 0 to ${MAX_EVENTS_WAIT_MS}`);
      if (since === undefined) throw errors.badRequest('Invalid waitMs: it needs since (wait for changes after which event?)');
      await changeAfter(engine, filter, Number(q.waitMs), waiting);
    }
    const all = engine.journal.list(filter);
    reply.header('X-Vracklab-Unjournaled', JSON.stringify(engine.journal.counts()));
    // Without `since`: the newest page (what "what just happened" needs). With it: the oldest
    // events after it, and the cursor to pass as the next `since` while more follow.
    if (since === undefined) return all.slice(-limit);
    const page = all.slice(0, limit);
    if (all.length > limit) reply.header('X-Pagination-Cursor-Next', String(page.at(-1)?.seq));
    return page;
  });
}
