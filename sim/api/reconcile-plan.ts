/**
 * The minimal diff between a vRack Services' current subnets and its target spec (reference §2
 * "Async lifecycle", GUIDE). Subnets are matched by CIDR. Seamless changes (display names, a new
 * subnet, a new endpoint, deleting an empty subnet) never touch an existing endpoint. Disruptive
 * ones (serviceRange or VLAN change, CIDR change = delete + create, deleting a subnet with
 * endpoints, deleting an endpoint) detach every endpoint of the affected subnet and re-elect all
 * its IPs from scratch before re-attaching. Pure: no I/O, the task runner applies it.
 */
import { allocate } from './ip-allocation.ts';
import type { CurrentSubnet, TargetSubnet } from './model.ts';

export interface PlacedEndpoint {
  managedServiceURN: string;
  vlan: number | null;
  subnetCidr: string;
  ip: string;
  description: string;
}

export type ChangeKind = 'subnet-added' | 'subnet-removed' | 'subnet-changed' | 'subnet-renamed' | 'endpoint-added' | 'endpoint-removed';

export interface Change {
  kind: ChangeKind;
  cidr: string;
  disruptive: boolean;
  detail: string;
}

export interface ReconcilePlan {
  changes: Change[];
  /** Existing attachments to take down, in order. */
  detach: PlacedEndpoint[];
  /** Attachments to bring up after the detaches (and the cut, when disruptive). */
  attach: PlacedEndpoint[];
  disruptive: boolean;
  /** The current state once applied. */
  subnets: CurrentSubnet[];
}

/** Description of the one IP a storageNetApp endpoint needs (§7.11). */
export const ENDPOINT_DESCRIPTION = 'Nominal';

export function placedEndpoints(subnet: CurrentSubnet): PlacedEndpoint[] {
  return subnet.serviceEndpoints.flatMap((se) =>
    se.endpoints.map((e) => ({ managedServiceURN: se.managedServiceURN, vlan: subnet.vlan, subnetCidr: subnet.cidr, ip: e.ip, description: e.description })),
  );
}

function electAll(t: TargetSubnet): CurrentSubnet {
  const ips = allocate(t.cidr, t.serviceRange.cidr, [], t.serviceEndpoints.length);
  if (!ips) throw new Error(`service range ${t.serviceRange.cidr} cannot hold ${t.serviceEndpoints.length} endpoints`);
  return {
    cidr: t.cidr,
    displayName: t.displayName,
    serviceRange: { cidr: t.serviceRange.cidr },
    vlan: t.vlan,
    serviceEndpoints: t.serviceEndpoints.map((e, i) => ({ managedServiceURN: e.managedServiceURN, endpoints: [{ description: ENDPOINT_DESCRIPTION, ip: ips[i] as string }] })),
  };
}

export function planReconcile(current: readonly CurrentSubnet[], target: readonly TargetSubnet[]): ReconcilePlan {
  const plan: ReconcilePlan = { changes: [], detach: [], attach: [], disruptive: false, subnets: [] };
  const unmatched = new Set(current);
  for (const t of target) {
    const c = [...unmatched].find((s) => s.cidr === t.cidr);
    if (!c) {
      const next = electAll(t);
      plan.changes.push({ kind: 'subnet-added', cidr: t.cidr, disruptive: false, detail: `new subnet with ${t.serviceEndpoints.length} endpoint(s)` });
      plan.attach.push(...placedEndpoints(next));
      plan.subnets.push(next);
      continue;
    }
    unmatched.delete(c);
    const targetUrns = t.serviceEndpoints.map((e) => e.managedServiceURN);
    const removed = c.serviceEndpoints.filter((se) => !targetUrns.includes(se.managedServiceURN)).map((se) => se.managedServiceURN);
    const changedShape = c.vlan !== t.vlan || c.serviceRange.cidr !== t.serviceRange.cidr;
    if (changedShape || removed.length > 0) {
      const next = electAll(t);
      if (changedShape) {
        plan.changes.push({ kind: 'subnet-changed', cidr: t.cidr, disruptive: true, detail: `vlan ${c.vlan}→${t.vlan}, serviceRange ${c.serviceRange.cidr}→${t.serviceRange.cidr}` });
      }
      for (const urn of removed) plan.changes.push({ kind: 'endpoint-removed', cidr: t.cidr, disruptive: true, detail: urn });
      plan.detach.push(...placedEndpoints(c));
      plan.attach.push(...placedEndpoints(next));
      plan.disruptive = true;
      plan.subnets.push(next);
      continue;
    }
    if (c.displayName !== t.displayName) plan.changes.push({ kind: 'subnet-renamed', cidr: t.cidr, disruptive: false, detail: `${c.displayName}→${t.displayName}` });
    const taken = c.serviceEndpoints.flatMap((se) => se.endpoints.map((e) => e.ip));
    const added = t.serviceEndpoints.filter((e) => !c.serviceEndpoints.some((se) => se.managedServiceURN === e.managedServiceURN));
    const ips = allocate(t.cidr, t.serviceRange.cidr, taken, added.length);
    if (!ips) throw new Error(`service range ${t.serviceRange.cidr} cannot hold ${added.length} more endpoints`);
    const next: CurrentSubnet = {
      cidr: t.cidr,
      displayName: t.displayName,
      serviceRange: { cidr: t.serviceRange.cidr },
      vlan: t.vlan,
      // Keeps the target's order; kept endpoints keep their IPs.
      serviceEndpoints: t.serviceEndpoints.map((e) => {
        const kept = c.serviceEndpoints.find((se) => se.managedServiceURN === e.managedServiceURN);
        if (kept) return { managedServiceURN: kept.managedServiceURN, endpoints: kept.endpoints.map((x) => ({ ...x })) };
        const ip = ips[added.indexOf(e)] as string;
        plan.changes.push({ kind: 'endpoint-added', cidr: t.cidr, disruptive: false, detail: `${e.managedServiceURN} at ${ip}` });
        const se = { managedServiceURN: e.managedServiceURN, endpoints: [{ description: ENDPOINT_DESCRIPTION, ip }] };
        plan.attach.push({ managedServiceURN: e.managedServiceURN, vlan: t.vlan, subnetCidr: t.cidr, ip, description: ENDPOINT_DESCRIPTION });
        return se;
      }),
    };
    plan.subnets.push(next);
  }
  for (const c of unmatched) {
    const endpoints = placedEndpoints(c);
    const disruptive = endpoints.length > 0;
    plan.changes.push({ kind: 'subnet-removed', cidr: c.cidr, disruptive, detail: `${endpoints.length} endpoint(s) removed` });
    plan.detach.push(...endpoints);
    if (disruptive) plan.disruptive = true;
  }
  return plan;
}
