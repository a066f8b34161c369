/**
 * What the web page shows, as plain JSON: shared by the server (lab-view.ts builds it) and the page
 * (client/*.ts draws it). Types only, so the page can import it without pulling Node code.
 */

export interface SegmentView {
  /** `vrack:<vrackId>:<vlan|untagged>` or `public`, as NICs name it. */
  key: string;
  kind: 'vrack' | 'public';
  vrackId: string | null;
  vlan: number | null;
  /** The private networks declared on it, or the public CIDR. */
  networks: string[];
  gateway: string | null;
}

export interface NicView {
  ifname: string;
  address: string;
  segment: string;
}

export interface HostView {
  name: string;
  role: string;
  nics: NicView[];
  /** Pods of a Kubernetes node: name and address (hostNetwork pods share the node's). */
  pods: { name: string; address: string | null; hostNetwork: boolean }[];
  cluster: string | null;
}

export interface EndpointView {
  ip: string;
  /** The subnet's CIDR, e.g. `10.120.0.0/16`. */
  subnet: string;
  vrackServicesId: string;
  vrackId: string | null;
  vlan: number | null;
  /** Segment key it sits on, or null while its vRack Services is not associated. */
  segment: string | null;
  managedServiceURN: string;
  /** The lab's name for the managed service (`efs-lim`), or the URN when unknown. */
  service: string;
  /** True when the fabric has a NIC up for it (false during a disruptive cut). */
  attached: boolean;
}

export interface StorageView {
  name: string;
  urn: string;
  host: string;
}

export interface LabView {
  lab: string;
  /** The journal's last sequence number this view reflects. */
  seq: number;
  segments: SegmentView[];
  hosts: HostView[];
  storage: StorageView[];
  endpoints: EndpointView[];
  /** GET /v2/vrackServices/resource/{id} of each, as the API has it. */
  vrackServices: Record<string, unknown>[];
  /** Every v2 task (taskView plus its vrackServicesId). */
  tasks: Record<string, unknown>[];
  /** Task transitions from the journal (newest 200). */
  transitions: { at: string; vrackServicesId: string; taskId: string; name: string }[];
}

export interface ReachCell {
  from: string;
  to: string;
  /** What `to` is: a host name or an endpoint (`efs-lim endpoint`). */
  toLabel: string;
  kind: 'icmp' | 'nfs';
  ok: boolean;
  rttMs?: number;
  error?: string;
}

export interface ReachabilityView {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  sources: string[];
  targets: { address: string; label: string; kinds: ('icmp' | 'nfs')[] }[];
  cells: ReachCell[];
}

export interface ProberView {
  id: string;
  label: string;
  from: string;
  to: string;
  kind: 'icmp' | 'tcp' | 'nfs';
  intervalMs: number;
  running: boolean;
  sent: number;
  lost: number;
  outages: { startAt: number; durationMs: number; lost: number; open: boolean }[];
  /** The same picture as in the reports (renderTimelineSvg), API events marked. */
  svg: string;
}

export interface ExerciseStepView {
  id: string;
  title: string;
  hint: string;
  done: boolean;
  current: boolean;
  /** What the last evaluation saw, in words (why it is not green yet). */
  detail: string;
}

export interface ExerciseView {
  title: string;
  file: string;
  steps: ExerciseStepView[];
}
