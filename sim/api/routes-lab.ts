/**
 * `/lab/*` routes: the lab-admin operations over HTTP (same auth as the API). Other projects'
 * tests call exactly these; docs/api-simulator.md documents them.
 */
import type { FastifyInstance } from 'fastify';
import { errors } from './api-error.ts';
import type { Engine } from './engine.ts';
import { EVENT_KINDS, type EventKind } from './event-journal.ts';
import { paramsOf, queryOf } from './http-context.ts';
import type { LabAdmin } from './lab-admin.ts';


export function registerLabRoutes(app: FastifyInstance, engine: Engine, admin: LabAdmin): void {
  const body = (b: unknown) => (typeof b === 'object' && b !== null ? (b as Record<string, unknown>) : {});

  app.post('/lab/vrack', async (req, reply) => reply.code(201).send(await admin.createVrack(body(req.body) as { serviceName?: string; name?: string })));
  app.post('/lab/vrackServices', async (req, reply) => reply.code(201).send(await admin.createVrackServices(body(req.body) as { region: string })));
  app.post('/lab/storageNetApp', async (req, reply) => reply.code(201).send(await admin.createStorageNetApp(body(req.body) as { region: string })));
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
  app.get('/lab/limits', async () => ({ ...engine.limits }));
  app.put('/lab/limits', async (req) => admin.setLimits(body(req.body)));
  app.get('/lab/faults', async () => structuredClone(engine.faults));
  app.post('/lab/faults', async (req) => admin.injectFaults(req.body as object));
  app.delete('/lab/faults', async () => {
    admin.clearFaults();
    return structuredClone(engine.faults);
  });
  app.post('/lab/reset', async () => {
    await admin.reset();
    return { reset: true };
  });
  app.get('/lab/state', async () => engine.state);
  app.get('/lab/events', async (req) => {
    const q = queryOf(req);
    let since: number | string | undefined;
    if (q.since !== undefined) {
      if (/^\d+$/.test(q.since)) since = Number(q.since);
      else if (!Number.isNaN(Date.parse(q.since))) since = q.since;
      else throw errors.badRequest(`Invalid since '${q.since}': expected an event sequence number or an ISO-8601 date`);
    }
    if (q.kind !== undefined && !(EVENT_KINDS as readonly string[]).includes(q.kind)) {
      throw errors.badRequest(`Invalid kind '${q.kind}': valid kinds are ${EVENT_KINDS.join(', ')}`);
    }
    return engine.journal.list({ ...(since !== undefined ? { since } : {}), ...(q.kind ? { kind: q.kind as EventKind } : {}) });
  });
}
