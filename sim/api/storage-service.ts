/**
 * Storage services (EFS, storagenetapp.json): delivery with shares and ACLs, and every share and
 * ACL change. Each change checks everything first, then applies it synchronously, journals it,
 * re-exports on the data plane (serialised per storage service) and persists.
 */
import { randomUUID } from 'node:crypto';
import type { DeliveredStorage, ShareDelivery, StorageDelivery } from '../api-types/lab-admin.ts';
import { errors } from './api-error.ts';
import { checkRoom, COLLECTION_LIMITS } from './collection-limits.ts';
import type { StorageServiceView } from './data-plane.ts';
import type { EngineRuntime } from './engine-runtime.ts';
import { ACCESS_TO_RULE, parseAccessTo } from './rules/acl-rule.ts';
import type { AclRecord, ShareRecord, StorageRecord } from './model.ts';
import { storageUrn } from './model.ts';
import { checkShareText, checkText, STORAGE_NAME } from './storage-validation.ts';
import { exportPath } from './views.ts';

/** The storage service as the data plane serves it (not the API view, see views.ts storageView). */
export function dataPlaneStorageView(rec: StorageRecord): StorageServiceView {
  return {
    serviceName: rec.id,
    urn: storageUrn(rec.id),
    region: rec.region,
    shares: rec.shares.map((sh) => ({
      id: sh.id,
      name: sh.name ?? sh.id,
      protocol: sh.protocol,
      sizeGiB: sh.size,
      exportPath: exportPath(sh),
      acls: sh.acls.map((a) => ({ id: a.id, accessTo: a.accessTo, accessLevel: a.accessLevel })),
    })),
  };
}

const isObject = (b: unknown): b is Record<string, unknown> => typeof b === 'object' && b !== null && !Array.isArray(b);

export class StorageService {
  private readonly rt: EngineRuntime;

  constructor(rt: EngineRuntime) {
    this.rt = rt;
  }

  list(): StorageRecord[] {
    return this.rt.state.storage.filter((s) => s.status !== 'deleted');
  }

  get(sn: string): StorageRecord {
    return this.rt.storage(sn);
  }

  shares(sn: string, mountPointName?: string): ShareRecord[] {
    return this.rt.storage(sn).shares.filter((s) => mountPointName === undefined || s.mountPointName === mountPointName);
  }

  share(sn: string, shareId: string): ShareRecord {
    return this.rt.share(sn, shareId);
  }

  acl(sn: string, shareId: string, aclId: string): AclRecord {
    const acl = this.rt.share(sn, shareId).acls.find((a) => a.id === aclId);
    if (!acl) throw errors.v1NotFound('aclRuleId', aclId);
    return acl;
  }

  accessPath(sn: string, shareId: string, pathId: string): ShareRecord {
    const share = this.rt.share(sn, shareId);
    if (share.accessPathId !== pathId) throw errors.v1NotFound('accessPathId', pathId);
    return share;
  }

  /** A storage service with its shares and ACLs; resolves once the data plane has the export view and the state is on disk. */
  async deliver(input: StorageDelivery | Record<string, unknown>): Promise<DeliveredStorage> {
    const rec = this.create(input);
    await this.rt.persist();
    await this.sync(rec);
    const view = dataPlaneStorageView(rec);
    return { serviceName: view.serviceName, urn: view.urn, shares: view.shares.map((s) => ({ id: s.id, name: s.name, exportPath: s.exportPath, acls: s.acls })) };
  }

  private create(input: { region?: unknown; name?: unknown; shares?: unknown }): StorageRecord {
    const { rt } = this;
    const region = rt.regionOf(input.region);
    checkText('name', input.name, STORAGE_NAME);
    if (input.shares !== undefined && !Array.isArray(input.shares)) throw errors.badRequest(`Invalid shares '${String(input.shares)}': expected an array of shares`);
    const shares = (input.shares ?? []) as ShareDelivery[];
    checkRoom('storage services', this.list().length, COLLECTION_LIMITS.storageServices);
    if (shares.length > COLLECTION_LIMITS.sharesPerStorage) checkRoom('shares per storage service', shares.length, COLLECTION_LIMITS.sharesPerStorage);
    const id = randomUUID();
    const rec: StorageRecord = {
      id,
      iamId: randomUUID(),
      name: (input.name as string | undefined) ?? `efs-${id.slice(0, 8)}`,
      region,
      createdAt: rt.nowIso(),
      status: 'running',
      quota: 1024,
      shares: [],
    };
    for (const s of shares) rec.shares.push(this.newShare(s));
    rt.state.storage.push(rec);
    rt.journal.record('lab', 'storage-created', { serviceName: id, urn: storageUrn(id), region });
    return rec;
  }

  createShare(sn: string, body: unknown): Promise<ShareRecord> {
    const storage = this.rt.storage(sn);
    if (body === undefined || body === null) body = {};
    if (!isObject(body)) throw errors.badRequest('Invalid body: expected a share object');
    if (body.protocol === undefined || body.size === undefined) throw errors.badRequest('Invalid share: protocol and size are required');
    checkRoom('shares per storage service', storage.shares.length, COLLECTION_LIMITS.sharesPerStorage);
    const share = this.newShare(body as ShareDelivery);
    storage.shares.push(share);
    return this.changed(storage, 'share-created', { shareId: share.id }).then(() => share);
  }

  /** Only `name` and `description` change; every field is checked before any is applied, so a refused PUT changes nothing. */
  updateShare(sn: string, shareId: string, body: unknown): Promise<ShareRecord> {
    const share = this.rt.share(sn, shareId);
    if (!isObject(body)) throw errors.badRequest('Invalid body: expected {name?, description?}');
    for (const k of Object.keys(body)) if (k !== 'name' && k !== 'description') throw errors.badRequest(`Invalid field '${k}': updatable share fields are name, description`);
    checkShareText(body);
    for (const k of ['name', 'description'] as const) if (body[k] !== undefined) share[k] = body[k] as string | null;
    return this.changed(this.rt.storage(sn), 'share-updated', { shareId }).then(() => share);
  }

  deleteShare(sn: string, shareId: string): Promise<void> {
    const storage = this.rt.storage(sn);
    this.rt.share(sn, shareId);
    storage.shares = storage.shares.filter((s) => s.id !== shareId);
    return this.changed(storage, 'share-deleted', { shareId });
  }

  createAcl(sn: string, shareId: string, body: unknown): Promise<AclRecord> {
    const share = this.rt.share(sn, shareId);
    checkRoom('ACL rules per share', share.acls.length, COLLECTION_LIMITS.aclsPerShare);
    const acl = this.newAcl((body ?? {}) as Record<string, unknown>);
    share.acls.push(acl);
    return this.changed(this.rt.storage(sn), 'acl-created', { shareId, aclRuleId: acl.id, accessTo: acl.accessTo }).then(() => acl);
  }

  deleteAcl(sn: string, shareId: string, aclId: string): Promise<void> {
    const share = this.rt.share(sn, shareId);
    if (!share.acls.some((a) => a.id === aclId)) throw errors.v1NotFound('aclRuleId', aclId);
    share.acls = share.acls.filter((a) => a.id !== aclId);
    return this.changed(this.rt.storage(sn), 'acl-deleted', { shareId, aclRuleId: aclId });
  }

  /** Tells the data plane about a storage service's shares/ACLs; serialised per service. */
  sync(rec: StorageRecord): Promise<void> {
    const view = dataPlaneStorageView(rec);
    return this.rt.serial(`storage:${rec.id}`, async () => {
      const t0 = this.rt.now();
      await this.rt.dataPlane.syncStorage(view);
      this.rt.journal.record('dataplane', 'syncStorage', { serviceName: rec.id, shares: view.shares.length, ms: this.rt.now() - t0 });
    });
  }

  /** Suspend or resume a storage service (not attachable while suspended); false when `id` is no storage service. */
  setSuspended(id: string, suspended: boolean): boolean {
    const storage = this.rt.state.storage.find((s) => s.id === id);
    if (!storage) return false;
    storage.status = suspended ? 'suspended' : 'running';
    this.rt.journal.record('lab', suspended ? 'storage-suspended' : 'storage-resumed', { id });
    return true;
  }

  /** After a share or ACL change: journal it, re-export on the data plane, persist. */
  private async changed(rec: StorageRecord, event: string, data: Record<string, unknown>): Promise<void> {
    this.rt.journal.record('lab', event, { serviceName: rec.id, ...data });
    await this.sync(rec);
    await this.rt.persist();
  }

  private newShare(s: ShareDelivery): ShareRecord {
    if (s.protocol !== undefined && s.protocol !== 'NFS') throw errors.badRequest(`Invalid protocol '${String(s.protocol)}': valid protocols are NFS`);
    const size = s.size ?? 100;
    if (!Number.isInteger(size) || size < 1 || size > 29000) throw errors.badRequest(`Invalid size '${String(size)}': expected an integer number of GB between 1 and 29000`);
    checkShareText(s);
    if ((s.acls?.length ?? 0) > COLLECTION_LIMITS.aclsPerShare) checkRoom('ACL rules per share', s.acls?.length ?? 0, COLLECTION_LIMITS.aclsPerShare);
    const share: ShareRecord = {
      id: randomUUID(),
      name: s.name ?? null,
      description: s.description ?? null,
      mountPointName: s.mountPointName ?? null,
      protocol: 'NFS',
      size,
      createdAt: this.rt.nowIso(),
      accessPathId: randomUUID(),
      acls: [],
    };
    for (const a of s.acls ?? []) share.acls.push(this.newAcl(a));
    return share;
  }

  private newAcl(a: { accessTo?: unknown; accessLevel?: unknown }): AclRecord {
    if (a.accessLevel !== 'ro' && a.accessLevel !== 'rw') throw errors.badRequest(`Invalid accessLevel '${String(a.accessLevel)}': valid values are ro, rw`);
    const to = a.accessTo;
    if (typeof to !== 'string' || parseAccessTo(to) === undefined) {
      throw errors.badRequest(`Invalid accessTo '${String(to)}': expected ${ACCESS_TO_RULE}`);
    }
    return { id: randomUUID(), accessTo: to, accessLevel: a.accessLevel, createdAt: this.rt.nowIso() };
  }
}
