/// <reference lib="dom" />
// The topology picture: one column per vRack (and one for the public network), one lane per
// segment (untagged first, then VLANs), a chip per host NIC and per Service Endpoint in its lane.
// A fixed shape, so a few lines of layout beat a graph library. Endpoints move lanes when the API
// changes their VLAN; a dashed endpoint is in the API but has no NIC up in the fabric.
import type { EndpointView, HostView, LabView, SegmentView } from '../view-model.ts';
import { h, s, table } from './dom.ts';

const COL_W = 330;
const GAP = 24;
const CHIP_H = 22;
const LANE_HEAD = 26;
const LANE_GAP = 14;
const COLORS = { lane: '#f3f6fb', laneLine: '#5c6b80', chip: '#ffffff', chipLine: '#455a64', ep: '#fff3e0', epLine: '#b34700', text: '#1a1a1a', muted: '#4a4a4a' };

interface Chip {
  kind: 'host' | 'endpoint' | 'pod';
  text: string;
  title: string;
  data: Record<string, string>;
  dashed?: boolean;
}

export function segmentLabel(seg: Pick<SegmentView, 'kind' | 'vlan' | 'networks'>): string {
  if (seg.kind === 'public') return `public ${seg.networks.join(', ')}`;
  return `${seg.vlan === null ? 'untagged' : `VLAN ${seg.vlan}`}${seg.networks.length ? ` · ${seg.networks.join(', ')}` : ''}`;
}

/** Model segments, plus those only an endpoint uses (a VLAN no host is on). */
function allSegments(view: LabView): SegmentView[] {
  const out = [...view.segments];
  for (const e of view.endpoints) {
    if (e.segment && e.vrackId && !out.some((x) => x.key === e.segment)) out.push({ key: e.segment, kind: 'vrack', vrackId: e.vrackId, vlan: e.vlan, networks: [], gateway: null });
  }
  return out;
}

function chipsOf(seg: SegmentView, view: LabView, drawnPods: Set<string>): Chip[] {
  const chips: Chip[] = [];
  for (const host of view.hosts) {
    for (const nic of host.nics.filter((n) => n.segment === seg.key)) {
      chips.push({ kind: 'host', text: `${host.name} · ${nic.ifname} ${nic.address}`, title: `${host.role} ${host.name}, ${nic.ifname} ${nic.address} on ${segmentLabel(seg)}`, data: { host: host.name, segment: seg.key } });
      if (!drawnPods.has(host.name)) {
        drawnPods.add(host.name);
        for (const pod of host.pods) chips.push({ kind: 'pod', text: `   pod ${pod.name} ${pod.hostNetwork ? '(hostNetwork)' : pod.address ?? ''}`, title: `pod ${pod.name} on node ${host.name}`, data: { pod: pod.name, node: host.name } });
      }
    }
  }
  if (seg.gateway) chips.push({ kind: 'host', text: `gateway ${seg.gateway}`, title: `public gateway ${seg.gateway}`, data: { gateway: seg.gateway } });
  for (const e of view.endpoints.filter((x) => x.segment === seg.key)) chips.push(endpointChip(e));
  return chips;
}

function endpointChip(e: EndpointView): Chip {
  const prefix = e.subnet.split('/')[1];
  return {
    kind: 'endpoint',
    text: `${e.service} endpoint ${e.ip}/${prefix}${e.attached ? '' : ' (down)'}`,
    title: `Service Endpoint of ${e.service} at ${e.ip}, subnet ${e.subnet}, ${e.vlan === null ? 'untagged' : `VLAN ${e.vlan}`}${e.attached ? '' : ', no NIC up in the fabric'}`,
    data: { endpoint: e.ip, segment: e.segment ?? 'none', attached: String(e.attached) },
    dashed: !e.attached,
  };
}

function drawChip(g: SVGElement, chip: Chip, x: number, y: number): void {
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(chip.data)) attrs[`data-${k}`] = v;
  const box = s('g', { ...attrs, class: `chip ${chip.kind}` }, s('title', {}, chip.title));
  if (chip.kind !== 'pod') {
    box.append(s('rect', { x, y, width: COL_W - 20, height: CHIP_H - 4, rx: 4, fill: chip.kind === 'endpoint' ? COLORS.ep : COLORS.chip, stroke: chip.kind === 'endpoint' ? COLORS.epLine : COLORS.chipLine, 'stroke-dasharray': chip.dashed ? '4 3' : undefined }));
  }
  box.append(s('text', { x: x + 6, y: y + 13, 'font-size': 12, fill: chip.kind === 'pod' ? COLORS.muted : COLORS.text, 'xml:space': 'preserve' }, chip.text));
  g.append(box);
}

export function renderTopology(view: LabView): { svg: SVGElement; text: HTMLElement } {
  const segments = allSegments(view);
  const columns = new Map<string, SegmentView[]>();
  for (const seg of segments) {
    const col = seg.kind === 'public' ? 'public network' : `vRack ${seg.vrackId}`;
    columns.set(col, [...(columns.get(col) ?? []), seg]);
  }
  for (const segs of columns.values()) segs.sort((a, b) => (a.vlan ?? -1) - (b.vlan ?? -1));
  const orphans = view.endpoints.filter((e) => e.segment === null);
  const drawnPods = new Set<string>();
  const g = s('g');
  let height = 0;
  let col = 0;
  for (const [name, segs] of columns) {
    const x = col++ * (COL_W + GAP);
    g.append(s('text', { x, y: 16, 'font-size': 14, 'font-weight': 600, fill: COLORS.text }, name));
    let y = 28;
    for (const seg of segs) {
      const chips = chipsOf(seg, view, drawnPods);
      const laneH = LANE_HEAD + Math.max(chips.length, 1) * CHIP_H + 6;
      const lane = s('g', { 'data-lane': seg.key });
      lane.append(s('rect', { x, y, width: COL_W, height: laneH, rx: 6, fill: COLORS.lane, stroke: COLORS.laneLine }));
      lane.append(s('text', { x: x + 8, y: y + 17, 'font-size': 13, 'font-weight': 600, fill: COLORS.text }, segmentLabel(seg)));
      chips.forEach((c, i) => drawChip(lane, c, x + 10, y + LANE_HEAD + i * CHIP_H));
      g.append(lane);
      y += laneH + LANE_GAP;
    }
    height = Math.max(height, y);
  }
  // Managed services: where each runs, and the endpoints of a vRack Services not associated yet.
  const x = col * (COL_W + GAP);
  if (view.storage.length > 0) g.append(s('text', { x, y: 16, 'font-size': 14, 'font-weight': 600, fill: COLORS.text }, 'managed services'));
  let y = 28;
  for (const st of view.storage) {
    const chips: Chip[] = [{ kind: 'host', text: `EFS ${st.name} (host ${st.host})`, title: `Enterprise File Storage ${st.name}, ${st.urn}`, data: { storage: st.name } }, ...orphans.filter((e) => e.service === st.name).map(endpointChip)];
    chips.forEach((c, i) => drawChip(g, c, x, y + i * CHIP_H));
    y += chips.length * CHIP_H + LANE_GAP;
  }
  height = Math.max(height, y);
  const width = (col + 1) * (COL_W + GAP);
  const summary = describeTopology(view, segments);
  const svg = s('svg', { viewBox: `-2 -2 ${width + 4} ${height + 4}`, width: width + 4, height: height + 4, role: 'img', 'aria-labelledby': 'topo-svg-title topo-svg-desc' }, s('title', { id: 'topo-svg-title' }, `Topology of lab ${view.lab}`), s('desc', { id: 'topo-svg-desc' }, summary), g);
  return { svg, text: topologyText(view, segments) };
}

function describeTopology(view: LabView, segments: SegmentView[]): string {
  const lanes = segments.map((seg) => {
    const hosts = view.hosts.filter((x) => x.nics.some((n) => n.segment === seg.key)).map((x) => x.name);
    const eps = view.endpoints.filter((e) => e.segment === seg.key).map((e) => `endpoint ${e.ip}`);
    return `${seg.kind === 'public' ? 'public network' : `vRack ${seg.vrackId} ${segmentLabel(seg)}`}: ${[...hosts, ...eps].join(', ') || 'empty'}`;
  });
  return `${lanes.join('. ')}.`;
}

function topologyText(view: LabView, segments: SegmentView[]): HTMLElement {
  const nameOf = (key: string) => {
    const seg = segments.find((x) => x.key === key);
    return seg ? (seg.kind === 'public' ? 'public' : `${seg.vrackId} ${segmentLabel(seg)}`) : key;
  };
  const hostRows = view.hosts.map((x: HostView) => [x.name, x.role, x.nics.map((n) => `${n.ifname} ${n.address} (${nameOf(n.segment)})`).join('; '), x.pods.map((p) => `${p.name} ${p.address ?? 'hostNetwork'}`).join('; ')]);
  const epRows = view.endpoints.map((e) => [e.ip, e.service, e.subnet, e.segment ? nameOf(e.segment) : 'not associated', e.attached ? 'up' : 'down']);
  return h('div', {}, table(['host', 'role', 'NICs', 'pods'], hostRows, 'Hosts'), table(['endpoint', 'service', 'subnet', 'segment', 'NIC'], epRows, 'Service Endpoints'));
}
