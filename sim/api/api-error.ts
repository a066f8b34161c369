/**
 * An error the simulator answers with, in OVHcloud's body shape `{class, message, details?}`.
 * The catalogue below carries the exact classes, HTTP codes and message texts published in the
 * OpenAPI schema (reference §3); tests assert these strings, clients match on `class`.
 * Named ApiFault (not ApiError) so it is never mistaken for the client's ApiError, which parses it.
 */
import type { OvhErrorBody } from '../api-types/ovh-error.ts';

export class ApiFault extends Error {
  readonly status: number;
  readonly errorClass: string;
  readonly details: Record<string, string> | undefined;
  /**
   * The v1 authentication refusals' `errorCode` (`INVALID_KEY`, `INVALID_CREDENTIAL`): the real API
   * sends it beside `message`, and python-ovh picks its exception (InvalidKey, InvalidCredential)
   * from it alone, not from the status or the class.
   */
  readonly errorCode: string | undefined;

  constructor(status: number, errorClass: string, message: string, details?: Record<string, string>, errorCode?: string) {
    super(message);
    this.name = 'ApiFault';
    this.status = status;
    this.errorClass = errorClass;
    this.details = details;
    this.errorCode = errorCode;
  }

  body(): OvhErrorBody {
    return {
      class: this.errorClass,
      message: this.message,
      ...(this.details ? { details: this.details } : {}),
      ...(this.errorCode ? { errorCode: this.errorCode } : {}),
    };
  }
}

const BR = 'Client::BadRequest::';
const bad = (cls: string, message: string, details?: Record<string, string>) => new ApiFault(400, BR + cls, message, details);

export const INVALID_JSON_MESSAGE = "The input that you provided isn't valid JSON or not well formatted";
export const DISPLAY_NAME_PATTERN = /^[ a-zA-Z0-9\-_.]{0,40}$/;

export const errors = {
  checksumBadFormat: (provided: string) => bad('ChecksumBadFormat', `Invalid Checksum format: checksum '${provided}' is not a valid MD5 hash`),
  /** `field` names the offending input (§7.6); without it, the body itself was not JSON. */
  invalidJson: (field?: string, why = 'is unknown or read-only') =>
    field === undefined ? bad('InvalidJSON', INVALID_JSON_MESSAGE) : bad('InvalidJSON', `${INVALID_JSON_MESSAGE} (field '${field}' ${why})`, { field }),
  managedServiceAlreadyAttached: (urn: string, id: string) =>
    bad('ManagedServiceAlreadyAttached', `Managed Service '${urn}' is already attached to VrackServices ${id}, a Managed Service can be attached to only one vRackServices at a time`),
  managedServiceDuplicated: (urn: string) =>
    bad('ManagedServiceDuplicated', `Managed Service '${urn}' is requested multiple times, a Managed Service can be referenced only once in a vRackServices specification`),
  managedServiceIncompatibleType: (type: string) => bad('ManagedServiceIncompatibleType', `Managed Service type '${type}' must be a compatible type for vRackServices`),
  managedServiceNotAvailable: (urn: string, state: string) =>
    bad('ManagedServiceNotAvailable', `Managed Service '${urn}' is not available due to state '${state}'. It should be reopened or renewed to be attached to the vRackServices`),
  managedServiceRegionMismatch: (urn: string, msRegion: string, vsRegion: string) =>
    bad('ManagedServiceRegionMismatch', `Managed Service '${urn}' is in region '${msRegion}', it cannot be attached to this VrackServices in region '${vsRegion}'`),
  managedServiceUrnBadFormat: (urn: string) => bad('ManagedServiceURNBadFormat', `Invalid Managed Service '${urn}': managedServiceURN must be a valid IAM resourceURN`),
  serviceRangeNotInSubnet: (subnetCidr: string, serviceRange: string) =>
    bad('ServiceRangeCIDRNotInSubnetCIDR', `Invalid Subnet '${subnetCidr}': serviceRange CIDR '${serviceRange}' is not a sub-network of the Subnet CIDR`),
  serviceRangeNotNetworkIp: (cidr: string) => bad('ServiceRangeCIDRNotNetworkIP', `invalid ServiceRange '${cidr}': CIDR is not a base IP (network address)`),
  serviceRangeNotPrivate: (cidr: string) => bad('ServiceRangeCIDRNotPrivateNetwork', `invalid ServiceRange '${cidr}': CIDR must be a private network address (see RFC1918)`),
  serviceRangePrefixOutOfRange: (cidr: string, min: number, max: number) =>
    bad('ServiceRangeCIDRPrefixLengthOutOfRange', `invalid ServiceRange '${cidr}': CIDR prefix length is out of range [${min}, ${max}]`),
  serviceRangeCapacityExceeded: (cidr: string, n: number, cap: number) =>
    bad('ServiceRangeIPsCapacityExceeded', `invalid ServiceRange '${cidr}': requested ServiceEndpoints require ${n} IPs, it exceeds the ServiceRange IPs capacity (${cap})`),
  subnetNotNetworkIp: (cidr: string) => bad('SubnetCIDRNotNetworkIP', `Invalid Subnet '${cidr}': CIDR is not a base IP (network address)`),
  subnetNotPrivate: (cidr: string) => bad('SubnetCIDRNotPrivateNetwork', `Invalid Subnet '${cidr}': CIDR must be a private network address (see RFC1918)`),
  subnetOverlap: (cidr: string, cidr2: string) => bad('SubnetCIDROverlap', `Subnet CIDR '${cidr}' overlaps '${cidr2}', Subnet CIDRs must not overlap each other`),
  /** The published class names a single length; profile 2024-04 accepts a range, so the text names it. */
  subnetPrefixIncorrect: (cidr: string, len: string) => bad('SubnetCIDRPrefixLengthIncorrect', `Invalid Subnet '${cidr}': CIDR prefix length must be ${len}`),
  displayNameBadFormat: () => bad('SubnetDisplayNameBadFormat', 'Invalid TargetSpec: invalid displayName, expected pattern ^[ a-zA-Z0-9-_.]{0,40}$'),
  subnetLimitExceeded: (limit: number) => bad('SubnetLimitExceeded', `Limit of '${limit}' Subnets exceeded`),
  subnetVlanOutOfRange: (cidr: string, vlan: unknown) => bad('SubnetVLANOutOfRange', `Invalid Subnet '${cidr}': VLAN ${String(vlan)} is out of range [2, 4094]`),
  /** Not in the published catalogue (moot with one subnet); the guide requires unique VLANs. */
  subnetVlanDuplicated: (vlan: number | null) => bad('SubnetVLANDuplicated', `Subnet VLAN '${vlan === null ? 'null' : vlan}' is used by several Subnets, Subnet VLANs must be unique`),
  /** Not in the published catalogue; the product definition's account limit, worded like SubnetLimitExceeded. */
  serviceEndpointLimitExceeded: (limit: number) => bad('ServiceEndpointLimitExceeded', `Limit of '${limit}' Service Endpoints exceeded`),
  managedServiceNotFound: (urn: string) => new ApiFault(404, 'Client::NotFound::ManagedServiceNotFound', `Managed Service '${urn}' not found`),
  vrackServicesNotFound: (id: string) => new ApiFault(404, 'Client::NotFound::VrackServicesNotFound', `VrackServices '${id}' not found`),
  /** Published as 400 with this class (sic). */
  taskNotFound: (taskId: string, id: string) => bad('VrackServicesNotFound', `Task '${taskId}' linked to VrackServices '${id}' does not exist`),
  checksumMismatch: (provided: string, current: string) =>
    new ApiFault(
      412,
      'Client::PreconditionFailed::ChecksumMismatch',
      `Provided checksum '${provided}' does not match the current one '${current}'. Please check the last state of the vRackServices with \`GET /vrackServices/resource/{vrackServicesId}\` endpoint, it may have been updated`,
    ),
  managedServiceLocked: (urn: string) => new ApiFault(423, 'Client::Locked::ManagedServiceLocked', `Managed Service '${urn}' is already locked`),
  vrackServicesLocked: (id: string) => new ApiFault(423, 'Client::Locked::VrackServicesLocked', `VrackServices '${id}' is already locked`),
  invalidCursor: () => new ApiFault(400, 'Client::BadRequest', 'invalid cursor'),
  /** v1 style "object does not exist" answer. */
  v1NotFound: (what: string, value: string | number) => new ApiFault(404, 'Client::NotFound', `The requested object (${what} = ${value}) does not exist`),
  badRequest: (message: string) => new ApiFault(400, 'Client::BadRequest', message),
  conflict: (message: string) => new ApiFault(409, 'Client::Conflict', message),
};
