/**
 * The port through which the simulator's reconciler drives the data plane. The simulator never
 * knows about bridges or containers: it says "this managed service's endpoint IP is now on this
 * (vRack, VLAN, subnet)" or "no longer", and the storage service's shares/ACLs changed.
 * Implementations: a recording fake (sim/api tests), and the lab's fabric binding (sim/lab).
 */

/** One endpoint IP of one managed service, placed on a vRack VLAN. */
export interface EndpointAttachment {
  vrackServicesId: string;
  /** e.g. `urn:v1:eu:resource:storageNetApp:<uuid>` */
  managedServiceURN: string;
  /** `pn-xxxxx`; attachments exist only while the vRack Services is associated to a vRack. */
  vrackId: string;
  /** 2–4094, or null for untagged. */
  vlan: number | null;
  /** The subnet's CIDR, e.g. `10.120.0.0/16`: the endpoint IP is configured with this prefix. */
  subnetCidr: string;
  /** e.g. `10.120.0.1` */
  ip: string;
  /** e.g. `Nominal` */
  description: string;
}

export interface ShareAclView {
  id: string;
  /** An IP or CIDR, e.g. `10.120.0.0/16`. */
  accessTo: string;
  accessLevel: 'ro' | 'rw';
}

export interface ShareView {
  id: string;
  name: string;
  protocol: string;
  sizeGiB: number;
  /** The export path a client mounts, e.g. `/share_<id>`; the same value the accessPath route returns. */
  exportPath: string;
  acls: ShareAclView[];
}

/** The full share/ACL state of one storageNetApp (EFS) service. */
export interface StorageServiceView {
  serviceName: string;
  urn: string;
  region: string;
  shares: ShareView[];
}

export interface DataPlane {
  /** Brings an endpoint IP up. Must be idempotent. */
  attach(endpoint: EndpointAttachment): Promise<void>;
  /** Takes an endpoint IP down. Must be idempotent. */
  detach(endpoint: EndpointAttachment): Promise<void>;
  /** The shares or ACLs of a storage service changed: re-export accordingly. */
  syncStorage(service: StorageServiceView): Promise<void>;
}

/** A data plane that does nothing: the `api` profile and `vracklab api serve` without a lab. */
export const NULL_DATA_PLANE: DataPlane = {
  attach: async () => {},
  detach: async () => {},
  syncStorage: async () => {},
};
