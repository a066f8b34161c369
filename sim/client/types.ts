/**
 * Hand-written models of the vRack Services v2, vRack v1 and storage NetApp v1 payloads, matching
 * OVHcloud's OpenAPI schemas (ovh-api/*.json). Kept small: only what the lab reads or writes.
 * Fields the `2024-04` profile still carries (displayName in the spec) are optional.
 */

import type { ResourceStatus, TaskStatus } from '../api-types/status.ts';
import type { TargetSpec } from '../api-types/target-spec.ts';

// Written once in sim/api-types (the simulator imports the same definitions).
export type { ResourceStatus, TaskStatus } from '../api-types/status.ts';
export type { TargetServiceEndpoint, TargetSpec, TargetSubnet } from '../api-types/target-spec.ts';

export type ProductStatus = 'ACTIVE' | 'DRAFT' | 'SUSPENDED';
export type CurrentTaskStatus = Exclude<TaskStatus, 'DONE'>;

export interface Endpoint {
  description: string;
  ip: string;
}

export interface ServiceEndpoint {
  managedServiceURN: string;
  endpoints: Endpoint[];
}

export interface ServiceRange {
  cidr: string;
  remainingIps: number;
  reservedIps: number;
  usedIps: number;
}

export interface Subnet {
  cidr: string;
  displayName?: string | null;
  serviceEndpoints: ServiceEndpoint[];
  serviceRange: ServiceRange;
  vlan: number | null;
}

export interface CurrentState {
  productStatus: ProductStatus;
  region: string;
  subnets: Subnet[];
  vrackId: string | null;
  /** Only in the 2024-04 (beta) payloads. */
  displayName?: string | null;
}

export interface CurrentTask {
  id: string;
  link: string;
  status: CurrentTaskStatus | null;
  type: string;
}

export interface IamMetadata {
  id: string;
  urn: string;
  displayName?: string | null;
  tags?: Record<string, string> | null;
}

/** A vRack Services as the API returns it: id, current state, target spec, resource status. */
export interface VrackServices {
  checksum: string;
  createdAt: string;
  currentState: CurrentState;
  currentTasks: CurrentTask[] | null;
  id: string;
  resourceStatus: ResourceStatus;
  targetSpec: TargetSpec;
  updatedAt: string;
}

/** A vRack Services with its IAM block (URN, display name), as the API lists it. */
export interface VrackServicesWithIAM extends VrackServices {
  iam?: IamMetadata | null;
}

export interface VrackServicesInput {
  checksum: string;
  targetSpec: TargetSpec;
}

/** An asynchronous API task: its function, status, progress and errors. */
export interface Task {
  createdAt: string;
  errors?: { message: string }[] | null;
  finishedAt?: string | null;
  id: string;
  link: string;
  message: string;
  progress: { name: string; status: TaskStatus }[];
  startedAt?: string | null;
  status: TaskStatus;
  type: string;
  updatedAt: string;
}

export interface EligibleManagedService {
  managedServiceType: string;
  managedServiceURNs: string[];
}

export interface Region {
  name: string;
}

// ---- v1 /vrack ----

export type VrackTaskStatus = 'cancelled' | 'doing' | 'done' | 'init' | 'todo';

export interface VrackTask {
  function: string;
  id: number;
  lastUpdate: string | null;
  orderId: number | null;
  serviceName: string | null;
  status: VrackTaskStatus;
  targetDomain: string | null;
  todoDate: string | null;
}

export interface VrackVrackServices {
  vrack: string;
  vrackServices: string;
}

/** Only the family the lab uses is typed; the others are `string[] | null` too. */
export interface AllowedServices {
  vrackServices?: string[] | null;
  [family: string]: unknown;
}

// ---- v1 /storage/netapp ----

export interface NetAppService {
  createdAt: string;
  id: string;
  name: string;
  performanceLevel: string;
  product: string;
  quota: number;
  region: string;
  status: string;
  iam?: IamMetadata | null;
}

export interface NetAppShare {
  createdAt?: string | null;
  description?: string | null;
  id: string;
  mountPointName?: string | null;
  name?: string | null;
  protocol: 'NFS' | null;
  size: number | null;
  snapshotID?: string | null;
  status?: string | null;
}

export interface NetAppShareInput {
  protocol: 'NFS';
  size: number;
  name?: string | null;
  description?: string | null;
  mountPointName?: string | null;
  snapshotID?: string | null;
}

export interface NetAppShareAclRule {
  accessLevel: 'ro' | 'rw' | null;
  accessTo: string | null;
  accessType?: 'ip' | null;
  createdAt?: string | null;
  id: string;
  status?: string | null;
}

export interface NetAppShareAclInput {
  accessLevel: 'ro' | 'rw';
  accessTo: string;
}

export interface NetAppShareAccessPath {
  id: string;
  path: string;
  preferred: boolean;
}
