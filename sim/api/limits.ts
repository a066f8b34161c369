/** Account and product limits (reference §7.4, §7.10); every one may be overridden per lab. */
export interface Limits {
  vrackServicesPerAccount: number;
  /** vRack Services associated to one vRack. */
  vrackServicesPerVrack: number;
  subnetsPerVrackServices: number;
  serviceEndpointsPerAccount: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = {
  vrackServicesPerAccount: 20,
  vrackServicesPerVrack: 20,
  subnetsPerVrackServices: 1,
  serviceEndpointsPerAccount: 20,
};
