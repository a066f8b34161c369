/**
 * The vRack Services target spec, written once for the simulator and the client (vrackservices.json,
 * `vrackServices.TargetSpec`). A client may leave `displayName` and `vlan` out of a subnet; the
 * simulator stores and shows every field (StoredTargetSpec).
 */

export interface TargetServiceEndpoint {
  managedServiceURN: string;
}

/** A subnet as a client sends it. */
export interface TargetSubnet {
  cidr: string;
  displayName?: string | null;
  serviceEndpoints: TargetServiceEndpoint[];
  serviceRange: { cidr: string };
  vlan?: number | null;
}

/** A vRack Services' desired configuration: display name and subnets (the API's targetSpec). */
export interface TargetSpec {
  subnets: TargetSubnet[];
  /** Only accepted by the 2024-04 (beta) profile. */
  displayName?: string | null;
}

/** A subnet as the simulator keeps and shows it: every field present. */
export type StoredTargetSubnet = Required<TargetSubnet>;

export interface StoredTargetSpec {
  /** Profile 2024-04 only. */
  displayName?: string | null;
  subnets: StoredTargetSubnet[];
}
