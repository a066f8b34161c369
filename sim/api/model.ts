/**
 * The simulator's state: plain JSON-serialisable records, persisted as one document by the state
 * store. API views (what a route answers) are built from these by views.ts; nothing here is shown
 * to a client as is.
 */

import type { ResourceStatus, TaskStatus } from '../api-types/status.ts';
import type { StoredTargetSpec, StoredTargetSubnet } from '../api-types/target-spec.ts';

export type { TargetServiceEndpoint } from '../api-types/target-spec.ts';
/** The stored forms (every field present); sim/api-types/target-spec.ts defines them once for the client too. */
export type TargetSubnet = StoredTargetSubnet;
export type TargetSpec = StoredTargetSpec;

/**
 * The spec form of a subnet, a fresh copy with only the spec fields in the API's key order: a
 * target subnet as shown, or a current subnet (whose endpoints' placed IPs are left out) turned
 * back into a spec.
 */
export function specSubnet(s: TargetSubnet): TargetSubnet {
  return {
    cidr: s.cidr,
    displayName: s.displayName,
    serviceEndpoints: s.serviceEndpoints.map((e) => ({ managedServiceURN: e.managedServiceURN })),
    serviceRange: { cidr: s.serviceRange.cidr },
    vlan: s.vlan,
  };
}

export interface Endpoint {
  description: string;
  ip: string;
}

export interface CurrentServiceEndpoint {
  managedServiceURN: string;
  endpoints: Endpoint[];
}

export interface CurrentSubnet {
  cidr: string;
  displayName: string | null;
  serviceEndpoints: CurrentServiceEndpoint[];
  serviceRange: { cidr: string };
  vlan: number | null;
}

export type { ResourceStatus, TaskStatus } from '../api-types/status.ts';

export interface VrackServicesRecord {
  id: string;
  iamId: string;
  region: string;
  createdAt: string;
  updatedAt: string;
  resourceStatus: ResourceStatus;
  suspended: boolean;
  /** Profile 2024-04 shows it in currentState/targetSpec; 2025-10 as `iam.displayName`. */
  displayName: string | null;
  tags: Record<string, string>;
  targetSpec: TargetSpec;
  current: { displayName: string | null; subnets: CurrentSubnet[]; vrackId: string | null };
}

export interface TaskRecord {
  id: string;
  vrackServicesId: string;
  type: string;
  status: TaskStatus;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  errors: { message: string }[];
  /** The spec this task drives the current state to. */
  spec: TargetSpec;
  /** Decided when the task was created (fault injection), so a restart does not change the outcome. */
  willFail: boolean;
  /**
   * When support recovered the resource from this task's ERROR (lab clock); absent until then, and in
   * state files written before the field existed. Internal: the task keeps status ERROR and its errors
   * as history (the public Task schema has no such field); this only takes it out of currentTasks.
   */
  recoveredAt?: string;
}

export type VrackTaskStatus = 'cancelled' | 'doing' | 'done' | 'init' | 'todo';

export interface VrackTaskRecord {
  id: number;
  vrack: string;
  function: 'addVrackServices' | 'removeVrackServices';
  targetDomain: string;
  status: VrackTaskStatus;
  todoDate: string;
  lastUpdate: string;
}

export interface VrackRecord {
  serviceName: string;
  iamId: string;
  name: string;
  description: string;
  /** Associated vRack Services ids (association done). */
  vrackServices: string[];
}

export interface AclRecord {
  id: string;
  accessTo: string;
  accessLevel: 'ro' | 'rw';
  createdAt: string;
}

export interface ShareRecord {
  id: string;
  name: string | null;
  description: string | null;
  mountPointName: string | null;
  protocol: 'NFS';
  size: number;
  createdAt: string;
  accessPathId: string;
  acls: AclRecord[];
}

export type StorageStatus = 'creating' | 'deleted' | 'deleting' | 'reopening' | 'running' | 'suspended' | 'suspending';

export interface StorageRecord {
  id: string;
  iamId: string;
  name: string;
  region: string;
  createdAt: string;
  status: StorageStatus;
  quota: number;
  shares: ShareRecord[];
}

export interface SimState {
  version: 1;
  vracks: VrackRecord[];
  vrackServices: VrackServicesRecord[];
  tasks: TaskRecord[];
  vrackTasks: VrackTaskRecord[];
  storage: StorageRecord[];
  nextVrackTaskId: number;
}

export function emptyState(): SimState {
  return { version: 1, vracks: [], vrackServices: [], tasks: [], vrackTasks: [], storage: [], nextVrackTaskId: 1000 };
}

export const STORAGE_URN_PREFIX = 'urn:v1:eu:resource:storageNetApp:';
export const storageUrn = (id: string) => `${STORAGE_URN_PREFIX}${id}`;
export const vrackServicesUrn = (id: string) => `urn:v1:eu:resource:vrackServices:${id}`;
export const vrackUrn = (sn: string) => `urn:v1:eu:resource:vrack:${sn}`;
