/**
 * The lab-admin vocabulary, written once: what the simulator's in-process `LabAdmin` and `/lab/*`
 * routes accept, and what the client's `lab` sends to those routes (docs/api-simulator.md).
 */
import type { StoredTargetSubnet } from './target-spec.ts';

export interface RouteFault {
  /** HTTP method to match, or undefined for any. */
  method?: string;
  /** Matched against the request path (without query): a prefix, or a glob where `*` matches any run (never a RegExp). */
  path: string;
  status: number;
  /** How many requests fail; undefined = until cleared. */
  count?: number;
}

/** The faults in force. */
export interface Faults {
  /** The next N v2 tasks end in ERROR. */
  failNextTasks: number;
  /** Added to every API request (not the /lab routes). */
  latencyMs: number;
  routeErrors: RouteFault[];
}

/** A change of faults: each given field replaces the current one. */
export interface FaultInput {
  /** The next N v2 tasks end in ERROR (resourceStatus ERROR, currentState unchanged). */
  failNextTasks?: number;
  /** Latency added to every API request (not /lab, not the token endpoint). */
  latencyMs?: number;
  /** Requests answering an injected 5xx; replaces the current list. */
  routeErrors?: RouteFault[];
}

export interface VrackDelivery {
  /** Picks the vRack's id (`pn-…`); without it one is generated. */
  serviceName?: string;
  name?: string;
  description?: string;
}

export interface VrackServicesDelivery {
  region: string;
  displayName?: string;
  tags?: Record<string, string>;
}

/**
 * A vRack Services the user already owns when a lab starts (the lab file's `vrackServices`): READY
 * at once, with its subnets already current and its association already made. Not an order: no
 * delivery delay, no task (the user's own API actions keep the realistic timings).
 */
export interface VrackServicesSeed extends VrackServicesDelivery {
  subnets?: StoredTargetSubnet[];
  /** The vRack it is already in. */
  vrackId?: string;
}

export interface AclDelivery {
  accessTo: string;
  accessLevel: 'ro' | 'rw';
}

export interface ShareDelivery {
  name?: string;
  description?: string;
  mountPointName?: string;
  protocol?: 'NFS';
  size?: number;
  acls?: AclDelivery[];
}

/** A storage service with its shares and their ACLs, delivered in one call. */
export interface StorageDelivery {
  region: string;
  name?: string;
  shares?: ShareDelivery[];
}

export interface DeliveredShare {
  id: string;
  name: string;
  exportPath: string;
  acls: { id: string; accessTo: string; accessLevel: 'ro' | 'rw' }[];
}

/** A delivered storage service, as the lab needs it to serve the shares. */
export interface DeliveredStorage {
  serviceName: string;
  urn: string;
  shares: DeliveredShare[];
}

/** The deliveries both the in-process admin and the client's `/lab` calls offer, with the same inputs. */
export interface LabDeliveries {
  createVrack(input?: VrackDelivery): Promise<{ serviceName: string }>;
  createVrackServices(input: VrackServicesDelivery): Promise<{ id: string }>;
  createStorageNetApp(input: StorageDelivery): Promise<{ serviceName: string; urn: string }>;
  /** The one way a lab delivers storage: the service, its shares and their ACLs, exported on the data plane when it resolves. */
  deliverStorage(input: StorageDelivery): Promise<DeliveredStorage>;
}
