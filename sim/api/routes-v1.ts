/**
 * v1 routes, registered under both `/1.0` and `/v1`: vRack ↔ vRack Services association and its
 * tasks (vrack.json), EFS services/shares/ACLs/access paths (storagenetapp.json), `/auth/time`.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { errors } from './api-error.ts';
import type { Engine } from './engine.ts';
import { paramsOf, queryOf } from './http-context.ts';
import { matchesTags, parseIamTags } from './iam-tags.ts';
import { checkRoom, COLLECTION_LIMITS } from './collection-limits.ts';
import { checkShareText } from './storage-validation.ts';
import { accessPathView, aclView, shareView, storageView, vrackTaskView, vrackView } from './views.ts';

const ALLOWED_FAMILIES = [
  'cloudProject',
  'dedicatedCloud',
  'dedicatedCloudDatacenter',
  'dedicatedConnect',
  'dedicatedServer',
  'dedicatedServerInterface',
  'ip',
  'ipLoadbalancing',
  'ipv6',
  'legacyVrack',
  'ovhCloudConnect',
  'vmwareCloudDirectorVirtualDataCenter',
  'vrackServices',
] as const;

const sendNull = (reply: FastifyReply) => reply.type('application/json; charset=utf-8').send('null');

export function registerV1Routes(app: FastifyInstance, engine: Engine): void {
  app.get('/auth/time', async () => Math.floor(Date.now() / 1000));

  // ---- vRack -------------------------------------------------------------------------------
  app.get('/vrack', async () => engine.state.vracks.map((v) => v.serviceName));
  app.get('/vrack/:sn', async (req) => vrackView(engine.vrack(paramsOf(req).sn as string)));
  app.get('/vrack/:sn/vrackServices', async (req) => engine.vrack(paramsOf(req).sn as string).vrackServices);
  app.post('/vrack/:sn/vrackServices', async (req) => {
    const body = req.body as { vrackServices?: unknown } | undefined;
    const task = engine.associate(paramsOf(req).sn as string, body?.vrackServices);
    await engine.persist();
    return vrackTaskView(task);
  });
  app.get('/vrack/:sn/vrackServices/:vrs', async (req) => {
    const { sn, vrs } = paramsOf(req) as { sn: string; vrs: string };
    if (!engine.vrack(sn).vrackServices.includes(vrs)) throw errors.v1NotFound('vrackServices', vrs);
    return { vrack: sn, vrackServices: vrs };
  });
  app.delete('/vrack/:sn/vrackServices/:vrs', async (req) => {
    const { sn, vrs } = paramsOf(req) as { sn: string; vrs: string };
    const task = engine.dissociate(sn, vrs);
    await engine.persist();
    return vrackTaskView(task);
  });
  app.get('/vrack/:sn/task', async (req) => {
    const sn = engine.vrack(paramsOf(req).sn as string).serviceName;
    return engine.state.vrackTasks.filter((t) => t.vrack === sn && t.status !== 'done').map((t) => t.id);
  });
  app.get('/vrack/:sn/task/:taskId', async (req) => {
    const { sn, taskId } = paramsOf(req) as { sn: string; taskId: string };
    engine.vrack(sn);
    // A finished task no longer exists for the real API: 404 is how clients learn it completed.
    const t = engine.state.vrackTasks.find((x) => x.vrack === sn && String(x.id) === taskId && x.status !== 'done');
    if (!t) throw errors.v1NotFound('taskId', taskId);
    return vrackTaskView(t);
  });
  app.get('/vrack/:sn/allowedServices', async (req) => {
    engine.vrack(paramsOf(req).sn as string); // 404 for an unknown vRack
    const family = queryOf(req).serviceFamily;
    if (family !== undefined && !(ALLOWED_FAMILIES as readonly string[]).includes(family)) {
      throw errors.badRequest(`Invalid serviceFamily '${family}': valid values are ${ALLOWED_FAMILIES.join(', ')}`);
    }
    const out: Record<string, string[] | null> = {};
    for (const f of ALLOWED_FAMILIES) out[f] = family === undefined || family === f ? [] : null;
    if (family === undefined || family === 'vrackServices') {
      out.vrackServices = engine.state.vrackServices.filter((v) => v.current.vrackId === null && v.resourceStatus !== 'CREATING').map((v) => v.id);
    }
    return out;
  });

  // ---- storage netapp (EFS) --------------------------------------------------------------------
  app.get('/storage/netapp', async (req) => {
    const conditions = parseIamTags(queryOf(req).iamTags);
    return engine.state.storage.filter((s) => s.status !== 'deleted' && matchesTags({}, conditions)).map((s) => storageView(s));
  });
  app.get('/storage/netapp/:sn', async (req) => storageView(engine.storage(paramsOf(req).sn as string)));
  app.get('/storage/netapp/:sn/share', async (req) => {
    const mount = queryOf(req).mountPointName;
    return engine
      .storage(paramsOf(req).sn as string)
      .shares.filter((s) => mount === undefined || s.mountPointName === mount)
      .map((s) => shareView(s));
  });
  app.post('/storage/netapp/:sn/share', async (req) => {
    const storage = engine.storage(paramsOf(req).sn as string);
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) throw errors.badRequest('Invalid body: expected a share object');
    if (body.protocol === undefined || body.size === undefined) throw errors.badRequest('Invalid share: protocol and size are required');
    checkRoom('shares per storage service', storage.shares.length, COLLECTION_LIMITS.sharesPerStorage);
    const share = engine.newShare(body as Parameters<Engine['newShare']>[0]);
    storage.shares.push(share);
    await engine.storageChanged(storage, 'share-created', { shareId: share.id });
    return shareView(share);
  });
  app.get('/storage/netapp/:sn/share/:shareId', async (req) => {
    const { sn, shareId } = paramsOf(req) as { sn: string; shareId: string };
    return shareView(engine.share(sn, shareId));
  });
  app.put('/storage/netapp/:sn/share/:shareId', async (req) => {
    const { sn, shareId } = paramsOf(req) as { sn: string; shareId: string };
    const share = engine.share(sn, shareId);
    const body = req.body as Record<string, unknown> | undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw errors.badRequest('Invalid body: expected {name?, description?}');
    for (const k of Object.keys(body)) if (k !== 'name' && k !== 'description') throw errors.badRequest(`Invalid field '${k}': updatable share fields are name, description`);
    // Every field is checked before any is applied: a refused PUT changes nothing.
    checkShareText(body);
    for (const k of ['name', 'description'] as const) if (body[k] !== undefined) share[k] = body[k] as string | null;
    await engine.storageChanged(engine.storage(sn), 'share-updated', { shareId });
    return shareView(share);
  });
  app.delete('/storage/netapp/:sn/share/:shareId', async (req, reply) => {
    const { sn, shareId } = paramsOf(req) as { sn: string; shareId: string };
    const storage = engine.storage(sn);
    engine.share(sn, shareId);
    storage.shares = storage.shares.filter((s) => s.id !== shareId);
    await engine.storageChanged(storage, 'share-deleted', { shareId });
    return sendNull(reply);
  });
  app.get('/storage/netapp/:sn/share/:shareId/acl', async (req) => {
    const { sn, shareId } = paramsOf(req) as { sn: string; shareId: string };
    return engine.share(sn, shareId).acls.map((a) => aclView(a));
  });
  app.post('/storage/netapp/:sn/share/:shareId/acl', async (req) => {
    const { sn, shareId } = paramsOf(req) as { sn: string; shareId: string };
    const share = engine.share(sn, shareId);
    checkRoom('ACL rules per share', share.acls.length, COLLECTION_LIMITS.aclsPerShare);
    const acl = engine.newAcl((req.body ?? {}) as Record<string, unknown>);
    share.acls.push(acl);
    await engine.storageChanged(engine.storage(sn), 'acl-created', { shareId, aclRuleId: acl.id, accessTo: acl.accessTo });
    return aclView(acl);
  });
  app.get('/storage/netapp/:sn/share/:shareId/acl/:aclId', async (req) => {
    const { sn, shareId, aclId } = paramsOf(req) as { sn: string; shareId: string; aclId: string };
    const acl = engine.share(sn, shareId).acls.find((a) => a.id === aclId);
    if (!acl) throw errors.v1NotFound('aclRuleId', aclId);
    return aclView(acl);
  });
  app.delete('/storage/netapp/:sn/share/:shareId/acl/:aclId', async (req, reply) => {
    const { sn, shareId, aclId } = paramsOf(req) as { sn: string; shareId: string; aclId: string };
    const share = engine.share(sn, shareId);
    if (!share.acls.some((a) => a.id === aclId)) throw errors.v1NotFound('aclRuleId', aclId);
    share.acls = share.acls.filter((a) => a.id !== aclId);
    await engine.storageChanged(engine.storage(sn), 'acl-deleted', { shareId, aclRuleId: aclId });
    return sendNull(reply);
  });
  app.get('/storage/netapp/:sn/share/:shareId/accessPath', async (req) => {
    const { sn, shareId } = paramsOf(req) as { sn: string; shareId: string };
    return [accessPathView(engine.share(sn, shareId))];
  });
  app.get('/storage/netapp/:sn/share/:shareId/accessPath/:pathId', async (req) => {
    const { sn, shareId, pathId } = paramsOf(req) as { sn: string; shareId: string; pathId: string };
    const share = engine.share(sn, shareId);
    if (share.accessPathId !== pathId) throw errors.v1NotFound('accessPathId', pathId);
    return accessPathView(share);
  });
}
