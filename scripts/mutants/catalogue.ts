/**
 * The planted faults of `make mutants`: each is a realistic bug in one file, and names the features
 * that claim the behaviour it breaks, so those features must fail once it is planted. A fault that
 * survives shows a scenario that does not check what it says. How to add one: scripts/mutants/README.md.
 */
import type { Fault } from './fault.ts';

const API = 'features/api';
const ENDPOINT = 'features/endpoint';
const ROUTING = 'features/routing/private-networks.feature';

export const CATALOGUE: readonly Fault[] = [
  // ---- simulator: API rules ------------------------------------------------------------------
  {
    id: 'api-region-rule-dropped',
    description: 'the managed-service region rule is lost in a refactor: an EFS of another region is attached',
    file: 'sim/api/spec-validation.ts',
    search: 'if (storage.region !== vrs.region) throw errors.managedServiceRegionMismatch(urn, storage.region, profile.showRegion(vrs.region));',
    replace: '// (region rule dropped)',
    features: [`${API}/service-endpoint-rules.feature`],
    profile: 'api',
    quick: true,
  },
  {
    id: 'api-untagged-vlan-not-unique',
    description: 'VLAN uniqueness skips untagged subnets, so two subnets without a VLAN are accepted (the vRack Services product definition: null is usable once)',
    file: 'sim/api/rules/subnet-rules.ts',
    search: "if (a.vlan === b.vlan) out.push('vlan-duplicated');",
    replace: "if (a.vlan !== null && a.vlan === b.vlan) out.push('vlan-duplicated');",
    features: [`${API}/subnet-validation.feature`],
    profile: 'api',
  },
  {
    id: 'api-vrackid-accepted',
    description: 'the read-only vrackId is accepted (and ignored) in a target spec instead of refused with InvalidJSON',
    file: 'sim/api/spec-validation.ts',
    search: "onlyKeys(spec, profile.displayNameInSpec ? ['displayName', 'subnets'] : ['subnets'], 'targetSpec');",
    replace: "onlyKeys(spec, profile.displayNameInSpec ? ['displayName', 'subnets', 'vrackId'] : ['subnets', 'vrackId'], 'targetSpec');",
    features: [`${API}/concurrency.feature`, `${API}/product-status.feature`],
    profile: 'api',
  },
  {
    id: 'api-not-locked-while-updating',
    description: 'a PUT is accepted while the vRack Services is still UPDATING (only suspension locks it)',
    file: 'sim/api/vrack-services-service.ts',
    search: "if (rec.resourceStatus !== 'READY' || rec.suspended) throw errors.vrackServicesLocked(id);",
    replace: 'if (rec.suspended) throw errors.vrackServicesLocked(id);',
    features: [`${API}/concurrency.feature`, `${API}/tasks.feature`],
    profile: 'api',
    quick: true,
  },
  {
    id: 'api-checksum-frozen',
    description: 'the target spec is merged in place, so the memoised checksum never changes after a PUT',
    file: 'sim/api/vrack-services-service.ts',
    search: 'rec.targetSpec = targetSpec;',
    replace: 'Object.assign(rec.targetSpec, targetSpec);',
    features: [`${API}/subnet-validation.feature`, `${API}/service-endpoint-rules.feature`, `${API}/concurrency.feature`],
    profile: 'api',
    quick: true,
  },
  {
    id: 'api-checksum-ignores-endpoints',
    description: 'the checksum hashes the subnets without their Service Endpoints: adding an endpoint keeps the old checksum',
    file: 'sim/api/checksum.ts',
    search: ".update(empty ? '' : canonicalJson(spec))",
    replace: ".update(empty ? '' : canonicalJson({ ...spec, subnets: spec.subnets.map((s) => ({ ...(s as object), serviceEndpoints: undefined })) }))",
    features: [`${API}/service-endpoint-rules.feature`, `${API}/concurrency.feature`],
    profile: 'api',
  },
  {
    id: 'api-active-without-vrack',
    description: 'productStatus is ACTIVE as soon as an endpoint exists, associated to a vRack or not',
    file: 'sim/api/views.ts',
    search: "return rec.current.vrackId !== null && hasEndpoint ? 'ACTIVE' : 'DRAFT';",
    replace: "return hasEndpoint ? 'ACTIVE' : 'DRAFT';",
    features: [`${API}/product-status.feature`],
    profile: 'api',
  },

  // ---- reconciler --------------------------------------------------------------------------
  {
    id: 'reconcile-rename-detaches',
    description: "a subnet's display name counts as a shape change: renaming it (seamless) detaches and re-attaches its endpoints",
    file: 'sim/api/reconcile-plan.ts',
    search: 'const changedShape = c.vlan !== t.vlan || c.serviceRange.cidr !== t.serviceRange.cidr;',
    replace: 'const changedShape = c.vlan !== t.vlan || c.serviceRange.cidr !== t.serviceRange.cidr || c.displayName !== t.displayName;',
    features: [`${ENDPOINT}/seamless-changes.feature`],
    profile: 'default',
  },
  {
    id: 'reconcile-rename-not-applied',
    description: 'renaming the vRack Services is accepted and its task ends DONE, but the name never reaches the current state',
    file: 'sim/api/vrack-services-service.ts',
    search: 'rec.current.displayName = task.spec.displayName ?? null;',
    replace: 'rec.current.displayName = rec.current.displayName ?? null;',
    features: [`${ENDPOINT}/seamless-changes.feature`],
    profile: 'default',
  },
  {
    id: 'reconcile-subnet-rename-not-applied',
    description: "renaming a subnet is accepted, but the current state keeps the subnet's old display name",
    file: 'sim/api/reconcile-plan.ts',
    search: "      displayName: t.displayName,\n      serviceRange: { cidr: t.serviceRange.cidr },\n      vlan: t.vlan,\n      // Keeps the target's order",
    replace: "      displayName: c.displayName,\n      serviceRange: { cidr: t.serviceRange.cidr },\n      vlan: t.vlan,\n      // Keeps the target's order",
    features: [`${ENDPOINT}/seamless-changes.feature`],
    profile: 'default',
  },
  {
    id: 'reconcile-disruptive-keeps-old-endpoint',
    description: 'a disruptive change no longer detaches: the old endpoint stays up beside the new one (nothing is interrupted)',
    file: 'sim/api/reconcile-plan.ts',
    search: '      plan.detach.push(...placedEndpoints(c));\n',
    replace: '      // make-before-break: the old endpoints are left attached\n',
    features: [`${ENDPOINT}/disruptive-changes.feature`],
    profile: 'default',
  },
  {
    id: 'reconcile-cut-skipped',
    description: 'the reconciler skips the cut between detach and attach: a disruptive change barely interrupts anything',
    file: 'sim/api/vrack-services-service.ts',
    search: 'await rt.wait(rt.timings.disruptiveCutMs);',
    replace: 'await rt.wait(0);',
    features: [`${ENDPOINT}/disruptive-changes.feature`],
    profile: 'default',
  },
  {
    id: 'reconcile-cut-5x',
    description: 'a disruptive change cuts the service five times longer than configured',
    file: 'sim/api/vrack-services-service.ts',
    search: 'await rt.wait(rt.timings.disruptiveCutMs);',
    replace: 'await rt.wait(rt.timings.disruptiveCutMs * 5);',
    features: [`${ENDPOINT}/disruptive-changes.feature`],
    profile: 'default',
  },
  {
    id: 'lab-attach-delayed-3s',
    description: 'the lab adds 3 seconds to every endpoint attach (a slow NIC plumbing path)',
    file: 'sim/lab/fabric-data-plane.ts',
    search: '    await this.fabric.attachNic(where.host,',
    replace: '    await new Promise((resolve) => setTimeout(resolve, 3_000));\n    await this.fabric.attachNic(where.host,',
    features: [`${ENDPOINT}/disruptive-changes.feature`],
    profile: 'default',
  },
  {
    id: 'reconcile-endpoint-vlan-lost',
    description: "the reconciler attaches every endpoint untagged: the subnet's VLAN is lost on the way to the data plane",
    file: 'sim/api/engine-runtime.ts',
    search: 'managedServiceURN: p.managedServiceURN, vrackId, vlan: p.vlan,',
    replace: 'managedServiceURN: p.managedServiceURN, vrackId, vlan: null,',
    features: [`${ENDPOINT}/service-endpoint-reachability.feature`],
    profile: 'default',
  },

  // ---- fabric: VLANs and vRack segments ------------------------------------------------------
  {
    id: 'fabric-vlans-share-segment',
    description: 'segment mode keys bridges by vRack only: every VLAN of a vRack lands on one broadcast domain',
    file: 'sim/fabric/vlan-mode.ts',
    search: "`vrack:${key.vrackId}:${key.vlan ?? 'untagged'}`",
    replace: '`vrack:${key.vrackId}`',
    features: [`${ENDPOINT}/service-endpoint-reachability.feature`],
    profile: 'default',
  },
  {
    id: 'fabric-vracks-share-bridge',
    description: 'segment mode keys bridges by VLAN only: two vRacks with the same VLAN share one bridge',
    file: 'sim/fabric/vlan-mode.ts',
    search: "`vrack:${key.vrackId}:${key.vlan ?? 'untagged'}`",
    replace: "`vrack:${key.vlan ?? 'untagged'}`",
    features: [`${ENDPOINT}/service-endpoint-reachability.feature`],
    profile: 'default',
  },

  // ---- EFS: ACLs, read-only ------------------------------------------------------------------
  {
    id: 'efs-acl-ignored',
    description: 'the export lets in hosts no ACL matches (Access_Type RW instead of None): the share ACL restricts nothing',
    file: 'sim/services/efs/ganesha-config.ts',
    search: '`    Access_Type = None;`',
    replace: '`    Access_Type = RW;`',
    features: [`${ENDPOINT}/service-endpoint-reachability.feature`],
    profile: 'default',
  },
  {
    id: 'efs-readonly-exported-rw',
    description: 'a read-only ACL is exported read-write',
    file: 'sim/services/efs/ganesha-config.ts',
    search: "acl.accessLevel === 'ro' ? 'RO'",
    replace: "acl.accessLevel === 'ro' ? 'RW'",
    features: [`${ENDPOINT}/service-endpoint-reachability.feature`],
    profile: 'default',
  },

  // ---- routing: host routes, SNAT, routing-as-default ----------------------------------------
  {
    id: 'routing-nodes-skip-host-routes',
    description: 'Kubernetes nodes are left out of DHCP clients: the host routes are never installed on them',
    file: 'sim/topology/host-routes.ts',
    search: "export const DHCP_ROLES: readonly HostRole[] = ['vm', 'gateway', 'k8s-node'];",
    replace: "export const DHCP_ROLES: readonly HostRole[] = ['vm', 'gateway'];",
    features: [ROUTING],
    profile: 'default',
  },
  {
    id: 'routing-host-routes-not-removed',
    description: "turning the DHCP host routes off replays the 'add' lines (copy-paste): the routes stay, the swallowed errors hide it",
    file: 'sim/lab/lab-routing.ts',
    search: 'else await applyLines(ipBatch, change.host, change.del, true);',
    replace: 'else await applyLines(ipBatch, change.host, change.add, true);',
    features: [ROUTING],
    profile: 'default',
  },
  {
    id: 'routing-snat-inverted',
    description: "the gateway's SNAT condition is inverted: only traffic to the excluded network is translated, the rest leaves untranslated",
    file: 'sim/topology/nat-rules.ts',
    search: '` ip daddr != ${r.notDestination}`',
    replace: '` ip daddr ${r.notDestination}`',
    features: [ROUTING],
    profile: 'default',
  },
  {
    id: 'routing-as-default-keeps-eth0',
    description: 'privateNetworkRoutingAsDefault adds a second default route with a worse metric: the default via eth0 still wins',
    file: 'sim/lab/lab-routing.ts',
    search: '`route replace default via ${gateway} dev ${priv.ifname}`',
    replace: '`route add default via ${gateway} dev ${priv.ifname} metric 100`',
    features: [ROUTING],
    profile: 'default',
  },

  // ---- prober --------------------------------------------------------------------------------
  {
    id: 'prober-dies-after-2s',
    description: 'the ICMP prober gets a 2 s deadline (ping -w 2): it exits early and sees nothing afterwards',
    file: 'sim/probe/prober.ts',
    search: '`exec ping -D -O -n -i ${seconds(intervalMs)}',
    replace: '`exec ping -D -O -n -w 2 -i ${seconds(intervalMs)}',
    // Seamless scenarios often stop their probers within 2 s (nothing died while watched); the
    // disruptive ones probe for longer than that, so a prober that dies at 2 s is always seen there.
    features: [`${ENDPOINT}/seamless-changes.feature`, `${ENDPOINT}/disruptive-changes.feature`],
    profile: 'default',
  },
  {
    id: 'prober-trailing-silence-uncounted',
    description: 'ping loses -O: unanswered probes print nothing, so silence after the last reply is never counted as loss',
    file: 'sim/probe/prober.ts',
    search: '`exec ping -D -O -n -i ${seconds(intervalMs)}',
    replace: '`exec ping -D -n -i ${seconds(intervalMs)}',
    features: [`${ENDPOINT}/disruptive-changes.feature`],
    profile: 'default',
  },
];
