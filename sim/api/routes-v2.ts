/** v2 `/vrackServices/*` routes (vrackservices.json). */
import type { FastifyInstance } from 'fastify';
import type { Engine } from './engine.ts';
import { headerOf, paramsOf, queryOf, sendPage } from './http-context.ts';
import { matchesTags, parseIamTags } from './iam-tags.ts';
import { paginate } from './pagination.ts';
import { REGIONS } from './profiles.ts';
import { COMPATIBLE_MANAGED_SERVICE_TYPES } from './spec-validation.ts';
import { taskView, vrackServicesView } from './views.ts';

export function registerV2Routes(app: FastifyInstance, engine: Engine): void {
  const page = <T>(req: Parameters<typeof headerOf>[0], all: readonly T[]) =>
    paginate(all, headerOf(req, 'x-pagination-size'), headerOf(req, 'x-pagination-cursor'));
  const vrs = engine.vrackServices;
  const view = (id: string, withIam: boolean) => vrackServicesView(vrs.get(id), vrs.allTasks(), engine.profile, withIam);

  app.get('/v2/vrackServices/reference/region', async (req, reply) => sendPage(reply, page(req, REGIONS.map((r) => ({ name: engine.profile.showRegion(r) })))));
  app.get('/v2/vrackServices/reference/compatibleManagedServiceType', async (req, reply) => sendPage(reply, page(req, COMPATIBLE_MANAGED_SERVICE_TYPES)));

  app.get('/v2/vrackServices/resource', async (req, reply) => {
    const conditions = parseIamTags(queryOf(req).iamTags);
    const all = vrs.list().filter((v) => matchesTags(v.tags, conditions));
    const p = page(req, all);
    return sendPage(reply, { items: p.items.map((v) => vrackServicesView(v, vrs.allTasks(), engine.profile, true)), next: p.next });
  });

  app.get('/v2/vrackServices/resource/:id', async (req) => view(paramsOf(req).id as string, true));

  app.put('/v2/vrackServices/resource/:id', async (req) => {
    const id = paramsOf(req).id as string;
    vrs.put(id, req.body);
    // Acknowledge only what is on disk: a kill -9 after this answer loses nothing.
    await engine.persist();
    return view(id, false);
  });

  app.get('/v2/vrackServices/resource/:id/eligibleManagedService', async (req, reply) => sendPage(reply, page(req, vrs.eligibleManagedServices(paramsOf(req).id as string))));

  app.get('/v2/vrackServices/resource/:id/task', async (req, reply) => sendPage(reply, page(req, vrs.tasksOf(paramsOf(req).id as string).map((t) => taskView(t)))));

  app.get('/v2/vrackServices/resource/:id/task/:taskId', async (req) => {
    const { id, taskId } = paramsOf(req) as { id: string; taskId: string };
    return taskView(vrs.task(id, taskId));
  });
}
