/**
 * Lab file → ResolvedLab: fills defaults, allocates the addresses nobody wrote down (node IPs,
 * pod CIDR slices, pod IPs), and computes per-host routes, sysctls and NAT. Runs only on a file
 * that passed the schema and the semantic checks, so references are known to resolve. One
 * resolver per section (resolve/); the host order is public gateway, declared hosts, cluster nodes
 * and pods, EFS hosts.
 */
import type { LabFile, TimingsFile } from './lab-file.ts';
import type { ResolvedHost, ResolvedLab, ResolvedTimings } from './model.ts';
import { defaultLimits, regionsFor, TIMING_PRESETS } from './profiles.ts';
import { planNetworks } from './resolve/network-plan.ts';
import { declaredHosts, efsHosts, publicGatewayHosts, storageNetAppOf, vrackServicesOf } from './resolve/resolve-hosts.ts';
import { resolveClusters } from './resolve/resolve-clusters.ts';
import { resolveNodes } from './resolve/resolve-nodes.ts';

export { segmentKey } from './resolve/network-plan.ts';

function timings(t: 'realistic' | 'fast' | TimingsFile | undefined): ResolvedTimings {
  if (t === undefined || t === 'realistic' || t === 'fast') {
    const preset = t ?? 'realistic';
    return { preset, ...TIMING_PRESETS[preset] };
  }
  return { preset: 'custom', ...TIMING_PRESETS.realistic, ...t };
}

/** Fresh arrays per host (EMPTY_HOST is shared) and a stable, readable key order. */
function ownCopy({ name, role, image, nics, ...rest }: ResolvedHost): ResolvedHost {
  return {
    name, role, image, nics, ...rest,
    capAdd: [...rest.capAdd], loopbackAddresses: [...rest.loopbackAddresses], routes: [...rest.routes], sysctls: { ...rest.sysctls }, iptables: [...rest.iptables],
  };
}

export function resolveLab(file: LabFile, source: string): ResolvedLab {
  const profile = file.api?.profile ?? '2024-04';
  const plan = planNetworks(file);
  const k8s = resolveClusters(file.kubernetes ?? [], plan);
  const storageNetApp = storageNetAppOf(file);
  const hosts = [...publicGatewayHosts(plan), ...declaredHosts(file, plan), ...k8s.hosts, ...efsHosts(storageNetApp)];
  return {
    name: file.name,
    description: file.description ?? '',
    source,
    defaults: { driver: file.defaults?.driver ?? 'docker', vlanMode: file.defaults?.vlanMode ?? 'auto' },
    api: { profile, regions: [...regionsFor(profile)], limits: { ...defaultLimits(profile), ...(file.api?.limits ?? {}) }, timings: timings(file.api?.timings) },
    vracks: (file.vracks ?? []).map((v) => v.id),
    privateNetworks: plan.privateNetworks,
    publicNetwork: plan.publicNetwork,
    segments: plan.segments,
    hosts: hosts.map(ownCopy),
    nodes: resolveNodes(file, plan),
    clusters: k8s.clusters,
    pods: k8s.pods,
    storageNetApp,
    vrackServices: vrackServicesOf(file),
  };
}
