/**
 * Probers started from the page: at most a few at once, each drawn with the reports' picture
 * (renderTimelineSvg) and the journal's API events marked, republished while it runs.
 */
import { HarnessError, invalidInput } from '../core/errors.ts';
import type { JournalEvent } from '../api/event-journal.ts';
import { outageWindows, lostCount } from '../probe/outage-windows.ts';
import { DEFAULT_INTERVAL_MS, startProber, PROBE_KINDS, type Prober } from '../probe/prober.ts';
import type { ProbeKind, Timeline, TimelineEvent } from '../probe/sample.ts';
import { renderTimelineSvg } from '../probe/timeline-svg.ts';
import type { RunningLab } from '../lab/running-lab.ts';
import type { ProberView } from './view-model.ts';

const MAX_PROBERS = 4;
const REFRESH_MS = 500;

export interface ProberRequest {
  from: string;
  to: string;
  kind: ProbeKind;
  intervalMs?: number;
  port?: number;
}

/** The journal events a timeline marks, as in the reports: no GETs, no state events, not the page's own calls. */
export function timelineMarkers(events: readonly JournalEvent[], from: number, to: number): TimelineEvent[] {
  return events
    .map((e) => ({ at: Date.parse(e.at), e }))
    .filter(({ at, e }) => at >= from && at <= to && e.kind !== 'state' && !(e.kind === 'request' && (e.name.startsWith('GET') || String(e.data.url ?? '').startsWith('/lab/ui'))))
    .map(({ at, e }) => ({ at, label: `${e.kind}: ${e.name}` }));
}

export function parseProberRequest(body: unknown, hosts: readonly string[]): ProberRequest {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof b.from !== 'string' || !hosts.includes(b.from)) throw invalidInput('prober from', b.from, 'must be a host of this lab', hosts);
  if (typeof b.to !== 'string' || b.to === '') throw invalidInput('prober to', b.to, 'must be an IPv4 address');
  if (!(PROBE_KINDS as readonly unknown[]).includes(b.kind)) throw invalidInput('prober kind', b.kind, 'unknown probe kind', PROBE_KINDS);
  const out: ProberRequest = { from: b.from, to: b.to, kind: b.kind as ProbeKind };
  if (b.intervalMs !== undefined) out.intervalMs = Number(b.intervalMs);
  if (b.kind === 'tcp') {
    const port = Number(b.port ?? 2049);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalidInput('prober port', b.port, 'must be an integer from 1 to 65535');
    out.port = port;
  }
  return out;
}

interface Entry {
  id: string;
  request: ProberRequest;
  prober: Prober;
  final?: Timeline;
  /** A stopped prober's view never changes (its markers lie inside its window): drawn once, not on every refresh. */
  finalView?: ProberView;
}

export class ProberBoard {
  private readonly entries = new Map<string, Entry>();
  private next = 1;
  private timer: NodeJS.Timeout | undefined;
  private readonly lab: RunningLab;
  private readonly publish: (views: ProberView[]) => void;

  constructor(lab: RunningLab, publish: (views: ProberView[]) => void) {
    this.lab = lab;
    this.publish = publish;
  }

  start(request: ProberRequest): string {
    const running = [...this.entries.values()].filter((e) => !e.final).length;
    if (running >= MAX_PROBERS) throw new HarnessError('TOO_MANY_PROBERS', `at most ${MAX_PROBERS} probers run at once from the page; stop one first`);
    const id = `p${this.next++}`;
    const label = `${request.from} → ${request.to} (${request.kind})`;
    const exportPath = request.kind === 'nfs' ? this.lab.shareOf(request.to).exportPath : undefined;
    const prober = startProber(this.lab.host(request.from), {
      kind: request.kind,
      target: request.to,
      label,
      ...(request.intervalMs !== undefined ? { intervalMs: request.intervalMs } : {}),
      ...(request.port !== undefined ? { port: request.port } : {}),
      ...(exportPath ? { exportPath } : {}),
    });
    this.entries.set(id, { id, request, prober });
    this.timer ??= setInterval(() => this.refresh(), REFRESH_MS);
    this.refresh();
    return id;
  }

  async stop(id: string): Promise<void> {
    const e = this.entries.get(id);
    if (!e) throw new HarnessError('NO_PROBER', `no prober ${id} (probers: ${[...this.entries.keys()].join(', ') || 'none'})`);
    e.final ??= await e.prober.stop();
    this.refresh();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const e of this.entries.values()) e.final ??= await e.prober.stop().catch(() => undefined);
  }

  private timelineOf(e: Entry): Timeline {
    if (e.final) return e.final;
    const now = Date.now();
    const [host, target] = [e.request.from, e.request.to];
    return { label: e.prober.label, kind: e.request.kind, source: host, target, intervalMs: e.request.intervalMs ?? DEFAULT_INTERVAL_MS, startedAt: e.prober.startedAt, stoppedAt: now, samples: e.prober.samples(), diagnostics: [] };
  }

  views(): ProberView[] {
    const entries = [...this.entries.values()];
    // The journal is read only when a view has to be drawn.
    const events = entries.some((e) => !e.finalView) ? this.lab.simulator.journal.list() : [];
    return entries.map((e) => {
      if (e.finalView) return e.finalView;
      const view = this.viewOf(e, events);
      if (e.final) e.finalView = view;
      return view;
    });
  }

  private viewOf(e: Entry, events: readonly JournalEvent[]): ProberView {
    const t = this.timelineOf(e);
    return {
      id: e.id,
      label: t.label,
      from: e.request.from,
      to: e.request.to,
      kind: e.request.kind,
      intervalMs: t.intervalMs,
      running: !e.final,
      sent: t.samples.length,
      lost: lostCount(t.samples),
      outages: outageWindows(t).map((w) => ({ startAt: w.startAt, durationMs: w.durationMs, lost: w.lostCount, open: w.open })),
      svg: renderTimelineSvg(t, { events: timelineMarkers(events, t.startedAt, t.stoppedAt), width: 900 }),
    };
  }

  private refresh(): void {
    this.publish(this.views());
    if (![...this.entries.values()].some((e) => !e.final)) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
