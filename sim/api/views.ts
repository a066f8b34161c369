/**
 * What the routes answer: API views built from the state records, shaped and typed exactly as
 * the published OpenAPI schemas (nullable fields present as null, date-times ISO-8601, uuids).
 */
import { specChecksum } from './checksum.ts';
import { accounting } from './ip-allocation.ts';
import type { AclRecord, ShareRecord, StorageRecord, TaskRecord, VrackRecord, VrackServicesRecord, VrackTaskRecord } from './model.ts';
import { specSubnet, storageUrn, vrackServicesUrn, vrackUrn } from './model.ts';
import type { Profile } from './profiles.ts';

export function productStatus(rec: VrackServicesRecord): 'ACTIVE' | 'DRAFT' | 'SUSPENDED' {
  if (rec.suspended) return 'SUSPENDED';
  const hasEndpoint = rec.current.subnets.some((s) => s.serviceEndpoints.length > 0);
  return rec.current.vrackId !== null && hasEndpoint ? 'ACTIVE' : 'DRAFT';
}

export const taskLink = (vrsId: string) => `/v2/vrackServices/resource/${vrsId}`;

export function vrackServicesView(rec: VrackServicesRecord, tasks: readonly TaskRecord[], profile: Profile, withIam: boolean): Record<string, unknown> {
  const currentState: Record<string, unknown> = {
    productStatus: productStatus(rec),
    region: profile.showRegion(rec.region),
    subnets: rec.current.subnets.map((s) => {
      const used = s.serviceEndpoints.reduce((n, se) => n + se.endpoints.length, 0);
      return {
        cidr: s.cidr,
        displayName: s.displayName,
        serviceEndpoints: s.serviceEndpoints.map((se) => ({ endpoints: se.endpoints.map((e) => ({ description: e.description, ip: e.ip })), managedServiceURN: se.managedServiceURN })),
        serviceRange: { cidr: s.serviceRange.cidr, ...accounting(s.cidr, s.serviceRange.cidr, used) },
        vlan: s.vlan,
      };
    }),
    vrackId: rec.current.vrackId,
  };
  const targetSpec: Record<string, unknown> = {
    subnets: rec.targetSpec.subnets.map(specSubnet),
  };
  if (profile.displayNameInSpec) {
    currentState.displayName = rec.current.displayName;
    targetSpec.displayName = rec.targetSpec.displayName ?? null;
  }
  const view: Record<string, unknown> = {
    checksum: specChecksum(rec.targetSpec),
    createdAt: rec.createdAt,
    currentState,
    currentTasks: tasks.filter((t) => t.vrackServicesId === rec.id && isCurrentTask(t)).map((t) => currentTaskView(t)),
    id: rec.id,
    resourceStatus: rec.resourceStatus,
    targetSpec,
    updatedAt: rec.updatedAt,
  };
  if (withIam) view.iam = iamView(rec.iamId, vrackServicesUrn(rec.id), rec.displayName, rec.tags);
  return view;
}

export function iamView(id: string, urn: string, displayName: string | null, tags: Record<string, string>): Record<string, unknown> {
  const iam: Record<string, unknown> = { id, urn };
  if (displayName !== null) iam.displayName = displayName;
  if (Object.keys(tags).length > 0) iam.tags = { ...tags };
  return iam;
}

/** A task is current until it is DONE, or, having ended in ERROR, until support recovered the resource. */
function isCurrentTask(t: TaskRecord): boolean {
  return t.status !== 'DONE' && t.recoveredAt === undefined;
}

export function currentTaskView(t: TaskRecord): Record<string, unknown> {
  return { id: t.id, link: taskLink(t.vrackServicesId), status: t.status === 'DONE' ? null : t.status, type: t.type };
}

export function taskView(t: TaskRecord): Record<string, unknown> {
  return {
    createdAt: t.createdAt,
    errors: t.errors.map((e) => ({ message: e.message })),
    finishedAt: t.finishedAt,
    id: t.id,
    link: taskLink(t.vrackServicesId),
    message: 'Update of the vRack Services configuration',
    progress: [
      { name: 'validate', status: 'DONE' },
      { name: 'apply', status: t.status },
    ],
    startedAt: t.startedAt,
    status: t.status,
    type: t.type,
    updatedAt: t.updatedAt,
  };
}

export function vrackTaskView(t: VrackTaskRecord): Record<string, unknown> {
  return {
    function: t.function,
    id: t.id,
    lastUpdate: t.lastUpdate,
    orderId: null,
    serviceName: t.vrack,
    status: t.status,
    targetDomain: t.targetDomain,
    todoDate: t.todoDate,
  };
}

export function vrackView(v: VrackRecord): Record<string, unknown> {
  return { description: v.description, iam: iamView(v.iamId, vrackUrn(v.serviceName), v.name, {}), name: v.name, serviceName: v.serviceName };
}

export function storageView(s: StorageRecord): Record<string, unknown> {
  return {
    createdAt: s.createdAt,
    iam: iamView(s.iamId, storageUrn(s.id), s.name, {}),
    id: s.id,
    name: s.name,
    performanceLevel: 'premium',
    product: 'enterprise',
    quota: s.quota,
    region: s.region,
    status: s.status,
  };
}

export const exportPath = (share: ShareRecord) => `/share_${share.id}`;

export function shareView(sh: ShareRecord): Record<string, unknown> {
  return {
    createdAt: sh.createdAt,
    description: sh.description,
    id: sh.id,
    mountPointName: sh.mountPointName,
    name: sh.name,
    protocol: sh.protocol,
    size: sh.size,
    snapshotID: null,
    status: 'available',
  };
}

export function aclView(a: AclRecord): Record<string, unknown> {
  return { accessLevel: a.accessLevel, accessTo: a.accessTo, accessType: 'ip', createdAt: a.createdAt, id: a.id, status: 'active' };
}

export function accessPathView(sh: ShareRecord): Record<string, unknown> {
  return { id: sh.accessPathId, path: exportPath(sh), preferred: true };
}
