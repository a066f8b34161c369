/**
 * Pure edits of a vRack Services target spec, the vocabulary scenarios and the CLI speak: "add a
 * subnet", "change its service range", "expose this managed service". Each returns a new spec and
 * never mutates its input, so a refused PUT leaves the caller's copy intact for comparison.
 */
import { HarnessError } from '../core/errors.ts';
import type { TargetSpec, TargetSubnet } from '../client/types.ts';

/** A subnet as a scenario writes it: CIDR, service range, VLAN (null = untagged), display name and managed services. */
export interface SubnetInput {
  cidr: string;
  serviceRange: string;
  vlan: number | null;
  displayName?: string | null;
  managedServiceURNs?: string[];
}

export function cloneSpec(spec: TargetSpec): TargetSpec {
  return structuredClone(spec);
}

/** A copy of a targetSpec with one more subnet (refuses a CIDR already present). */
export function addSubnet(spec: TargetSpec, input: SubnetInput): TargetSpec {
  const next = cloneSpec(spec);
  const subnet: TargetSubnet = {
    cidr: input.cidr,
    serviceEndpoints: (input.managedServiceURNs ?? []).map((managedServiceURN) => ({ managedServiceURN })),
    serviceRange: { cidr: input.serviceRange },
    vlan: input.vlan,
  };
  if (input.displayName !== undefined) subnet.displayName = input.displayName;
  next.subnets.push(subnet);
  return next;
}

function subnetIndex(spec: TargetSpec, cidr: string): number {
  const i = spec.subnets.findIndex((s) => s.cidr === cidr);
  if (i < 0) {
    throw new HarnessError('NO_SUCH_SUBNET', `no subnet ${cidr} in the target spec (subnets: ${spec.subnets.map((s) => s.cidr).join(', ') || 'none'})`, {
      details: { cidr, known: spec.subnets.map((s) => s.cidr) },
    });
  }
  return i;
}

/** Applies `change` to the subnet `cidr` of a copy of `spec`. */
export function editSubnet(spec: TargetSpec, cidr: string, change: (subnet: TargetSubnet) => void): TargetSpec {
  const next = cloneSpec(spec);
  const subnet = next.subnets[subnetIndex(next, cidr)]!;
  change(subnet);
  return next;
}

/** A copy of a targetSpec without the subnet `cidr` (refuses an unknown CIDR). */
export function removeSubnet(spec: TargetSpec, cidr: string): TargetSpec {
  const next = cloneSpec(spec);
  next.subnets.splice(subnetIndex(next, cidr), 1);
  return next;
}

/** A copy of a targetSpec with Service Endpoints for `urns` added to the subnet `cidr`. */
export function addEndpoints(spec: TargetSpec, cidr: string, urns: readonly string[]): TargetSpec {
  return editSubnet(spec, cidr, (s) => {
    for (const managedServiceURN of urns) s.serviceEndpoints.push({ managedServiceURN });
  });
}

/** Removes every Service Endpoint of every subnet (or of one subnet). */
export function removeEndpoints(spec: TargetSpec, cidr?: string): TargetSpec {
  const next = cloneSpec(spec);
  for (const s of next.subnets) if (cidr === undefined || s.cidr === cidr) s.serviceEndpoints = [];
  return next;
}
