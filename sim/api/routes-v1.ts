/**
 * v1 routes, registered under both `/1.0` and `/v1`: vRack ↔ vRack Services association and its
 * tasks (vrack.json), EFS services/shares/ACLs/access paths (storagenetapp.json), `/auth/time`.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Engine } from './engine.ts';
import { paramsOf, queryOf } from './http-context.ts';
import { matchesTags, parseIamTags } from './iam-tags.ts';
import { accessPathView, aclView, shareView, storageView, vrackTaskView, vrackView } from './views.ts';

const sendNull = (reply: FastifyReply) => reply.type('application/json; charset=utf-8').send('null');

export function registerV1Routes(app: FastifyInstance, engine: Engine): void {
  app.get('/auth/time', async () => Math.floor(Date.now() / 1000));

  // ---- vRack -------------------------------------------------------------------------------
  const { vracks, storage } = engine;
  app.get('/vrack', async () => vracks.serviceNames());
  app.get('/vrack/:sn', async (req) => vrackView(vracks.get(paramsOf(req).sn as string)));
  app.get('/vrack/:sn/vrackServices', async (req) => vracks.get(paramsOf(req).sn as string).vrackServices);
  app.post('/vrack/:sn/vrackServices', async (req) => {
    const body = req.body as { vrackServices?: unknown } | undefined;
    const task = vracks.associate(paramsOf(req).sn as string, body?.vrackServices);
    await engine.persist();
    return vrackTaskView(task);
  });
  app.get('/vrack/:sn/vrackServices/:vrs', async (req) => {
    const { sn, vrs } = paramsOf(req) as { sn: string; vrs: string };
    return vracks.association(sn, vrs);
  });
  app.delete('/vrack/:sn/vrackServices/:vrs', async (req) => {
    const { sn, vrs } = paramsOf(req) as { sn: string; vrs: string };
    const task = vracks.dissociate(sn, vrs);
    await engine.persist();
    return vrackTaskView(task);
  });
  app.get('/vrack/:sn/task', async (req) => vracks.taskIds(paramsOf(req).sn as string));
  app.get('/vrack/:sn/task/:taskId', async (req) => {
    const { sn, taskId } = paramsOf(req) as { sn: string; taskId: string };
    return vrackTaskView(vracks.task(sn, taskId));
  });
  app.get('/vrack/:sn/allowedServices', async (req) => vracks.allowedServices(paramsOf(req).sn as string, queryOf(req).serviceFamily));

  // ---- storage netapp (EFS) --------------------------------------------------------------------
  app.get('/storage/netapp', async (req) => {
    const conditions = parseIamTags(queryOf(req).iamTags);
    return storage.list().filter(() => matchesTags({}, conditions)).map((s) => storageView(s));
  });
  app.get('/storage/netapp/:sn', async (req) => storageView(storage.get(paramsOf(req).sn as string)));
  app.get('/storage/netapp/:sn/share', async (req) => storage.shares(paramsOf(req).sn as string, queryOf(req).mountPointName).map((s) => shareView(s)));
  app.post('/storage/netapp/:sn/share', async (req) => shareView(await storage.createShare(paramsOf(req).sn as string, req.body)));
  app.get('/storage/netapp/:sn/share/:shareId', async (req) => {
    const { sn, shareId } = paramsOf(req) as { sn: string; shareId: string };
    return shareView(storage.share(sn, shareId));
  });
  app.put('/storage/netapp/:sn/share/:shareId', async (req) => {
    const { sn, shareId } = paramsOf(req) as { sn: string; shareId: string };
    return shareView(await storage.updateShare(sn, shareId, req.body));
  });
  app.delete('/storage/netapp/:sn/share/:shareId', async (req, reply) => {
    const { sn, shareId } = paramsOf(req) as { sn: string; shareId: string };
    await storage.deleteShare(sn, shareId);
    return sendNull(reply);
  });
  app.get('/storage/netapp/:sn/share/:shareId/acl', async (req) => {
    const { sn, shareId } = paramsOf(req) as { sn: string; shareId: string };
    return storage.share(sn, shareId).acls.map((a) => aclView(a));
  });
  app.post('/storage/netapp/:sn/share/:shareId/acl', async (req) => {
    const { sn, shareId } = paramsOf(req) as { sn: string; shareId: string };
    return aclView(await storage.createAcl(sn, shareId, req.body));
  });
  app.get('/storage/netapp/:sn/share/:shareId/acl/:aclId', async (req) => {
    const { sn, shareId, aclId } = paramsOf(req) as { sn: string; shareId: string; aclId: string };
    return aclView(storage.acl(sn, shareId, aclId));
  });
  app.delete('/storage/netapp/:sn/share/:shareId/acl/:aclId', async (req, reply) => {
    const { sn, shareId, aclId } = paramsOf(req) as { sn: string; shareId: string; aclId: string };
    await storage.deleteAcl(sn, shareId, aclId);
    return sendNull(reply);
  });
  app.get('/storage/netapp/:sn/share/:shareId/accessPath', async (req) => {
    const { sn, shareId } = paramsOf(req) as { sn: string; shareId: string };
    return [accessPathView(storage.share(sn, shareId))];
  });
  app.get('/storage/netapp/:sn/share/:shareId/accessPath/:pathId', async (req) => {
    const { sn, shareId, pathId } = paramsOf(req) as { sn: string; shareId: string; pathId: string };
    return accessPathView(storage.accessPath(sn, shareId, pathId));
  });
}
