/**
 * The page's picture of a running lab, built in-process from the lab model (hosts, NICs, segments),
 * the simulator's state as the API shows it (vRack Services, tasks) and the fabric (which endpoint
 * NICs are up). Reading it journals nothing, so building it on every journal event cannot loop.
 */
import type { RunningLab } from '../lab/running-lab.ts';
import type { EndpointView, HostView, LabView, SegmentView } from './view-model.ts';

const MAX_TRANSITIONS = 200;

type Json = Record<string, unknown>;

export function segmentKeyOf(vrackId: string, vlan: number | null): string {
  return `vrack:${vrackId}:${vlan ?? 'untagged'}`;
}

function segmentsOf(lab: RunningLab): SegmentView[] {
  return lab.model.segments.map((s) =>
    s.kind === 'public'
      ? { key: s.key, kind: 'public', vrackId: null, vlan: null, networks: [s.cidr], gateway: s.gateway }
      : { key: s.key, kind: 'vrack', vrackId: s.vrackId, vlan: s.vlan, networks: s.networks, gateway: null },
  );
}

function hostsOf(lab: RunningLab): HostView[] {
  const { model } = lab;
  return model.hosts
    .filter((h) => !h.pod)
    .map((h) => ({
      name: h.name,
      role: h.role,
      cluster: h.cluster ?? null,
      nics: h.nics.map((n) => ({ ifname: n.ifname, address: n.address, segment: n.segment })),
      pods: model.pods.filter((p) => p.node === h.name).map((p) => ({ name: p.name, address: p.address, hostNetwork: p.hostNetwork })),
    }));
}

function endpointsOf(lab: RunningLab, vrackServices: Json[]): EndpointView[] {
  const attached = lab.dataPlane.attached();
  const nameOfUrn = new Map(Object.entries(lab.urns).map(([name, urn]) => [urn, name]));
  const out: EndpointView[] = [];
  for (const vrs of vrackServices) {
    const current = vrs.currentState as { vrackId: string | null; subnets: { cidr: string; vlan: number | null; serviceEndpoints: { managedServiceURN: string; endpoints: { ip: string }[] }[] }[] };
    for (const subnet of current.subnets) {
      for (const se of subnet.serviceEndpoints) {
        for (const e of se.endpoints) {
          out.push({
            ip: e.ip,
            subnet: subnet.cidr,
            vrackServicesId: vrs.id as string,
            vrackId: current.vrackId,
            vlan: subnet.vlan,
            segment: current.vrackId === null ? null : segmentKeyOf(current.vrackId, subnet.vlan),
            managedServiceURN: se.managedServiceURN,
            service: nameOfUrn.get(se.managedServiceURN) ?? se.managedServiceURN,
            attached: attached.has(e.ip),
          });
        }
      }
    }
  }
  return out;
}

/** `seq`: the last journal event seen (the caller follows the journal; listing it whole here would copy 20,000 events). */
export function buildLabView(lab: RunningLab, seq: number): LabView {
  const { vrackServices, tasks } = lab.simulator.views();
  const journal = lab.simulator.journal;
  const transitions = journal
    .list({ kind: 'task' })
    .filter((e) => e.name.includes('->') || e.name === 'created')
    .slice(-MAX_TRANSITIONS)
    .map((e) => ({ at: e.at, vrackServicesId: String(e.data.vrackServicesId ?? ''), taskId: String(e.data.taskId ?? ''), name: e.name }));
  const storage = lab.model.storageNetApp.map((s) => ({ name: s.name, urn: lab.urns[s.name] ?? '', host: s.host }));
  return {
    lab: lab.name,
    seq,
    segments: segmentsOf(lab),
    hosts: hostsOf(lab),
    storage,
    endpoints: endpointsOf(lab, vrackServices),
    vrackServices,
    tasks,
    transitions,
  };
}
