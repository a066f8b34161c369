/**
 * Turns what a prober observed (probe outcomes keyed by the tool's own probe number, possibly
 * reported twice or out of order) into the ordered, numbered `Sample[]` of a timeline. Pure.
 */
import type { Sample } from './sample.ts';

export interface Observation {
  /** The tool's probe number (ICMP sequence, loop index): two reports of one probe are merged. */
  probe: number;
  sentAt: number;
  ok: boolean;
  rttMs?: number;
  /** Inferred here: a probe number between two reported ones that was never reported itself. */
  unreported?: boolean;
}

export interface AssembleOptions {
  intervalMs: number;
  /**
   * Fill silent gaps and unreported probe numbers with inferred losses (ICMP only: ping sends
   * nothing while the kernel will not queue, so a stall of the prober is an outage of the path; an
   * ARP failure reports only some of the probes it dropped). A gap is silent when two consecutive
   * probes are more than max(2.5 intervals, interval + 250 ms) apart: a loaded machine (load 9 on
   * 2 cores, measured here) delays ping by up to ~150 ms, which must not read as an outage.
   */
  fillStalls: boolean;
  /**
   * When the prober was stopped (epoch ms). Silence from the last observation until then is loss,
   * for every kind (a prober that died or stalled saw nothing, and must not read as "nothing lost"):
   * each probe that should have gone out and been answered before `until` (sent at least
   * `answerWithinMs` earlier), after a silence longer than the stall threshold, is an inferred loss.
   */
  until?: number;
  /** How long a probe may take to be reported (its timeout plus slack); default one interval. */
  answerWithinMs?: number;
}

/**
 * At most this many inferred samples per silent gap: a wall-clock step (ping's -D timestamps) must
 * not create millions of samples. A longer gap is filled with wider-spaced samples, so its outage
 * keeps its true duration.
 */
export const MAX_INFERRED_PER_GAP = 10_000;

/** Keeps one outcome per probe; a reply beats a loss (a late reply after "no answer yet"). */
export function mergeObservation(byProbe: Map<number, Observation>, next: Observation): void {
  const prev = byProbe.get(next.probe);
  if (!prev || (!prev.ok && next.ok)) byProbe.set(next.probe, next);
}

export function stallThresholdMs(intervalMs: number): number {
  return Math.max(2.5 * intervalMs, intervalMs + 250);
}

/**
 * ICMP probe numbers are consecutive: a number never reported between two reported ones went out
 * (or was refused by the kernel) and got no line — an ARP failure reports only some of the probes it
 * queued. Each is an inferred loss, its send time interpolated between its neighbours.
 */
function withUnreported(observations: Observation[]): Observation[] {
  const byProbe = [...observations].sort((a, b) => a.probe - b.probe);
  const out = [...observations];
  for (let i = 1; i < byProbe.length; i++) {
    const a = byProbe[i - 1]!;
    const b = byProbe[i]!;
    const missing = Math.min(b.probe - a.probe - 1, MAX_INFERRED_PER_GAP);
    for (let k = 1; k <= missing; k++) out.push({ probe: a.probe + k, sentAt: a.sentAt + ((b.sentAt - a.sentAt) * k) / (missing + 1), ok: false, unreported: true });
  }
  return out;
}

export function assembleSamples(observations: Iterable<Observation>, options: AssembleOptions): Sample[] {
  const all = options.fillStalls ? withUnreported([...observations]) : [...observations];
  const sorted = all.sort((a, b) => a.sentAt - b.sentAt || a.probe - b.probe);
  const out: Sample[] = [];
  const threshold = stallThresholdMs(options.intervalMs);
  let prev: Observation | undefined;
  for (const obs of sorted) {
    // Inside an outage ping backs off (it paces itself while no reply comes): there, any gap of
    // 1.5 intervals or more is filled, so the outage keeps one sample per interval.
    if (options.fillStalls && prev && obs.sentAt - prev.sentAt > (prev.ok ? threshold : 1.5 * options.intervalMs)) {
      fill(out, prev.sentAt, Math.round((obs.sentAt - prev.sentAt) / options.intervalMs) - 1, options.intervalMs);
    }
    out.push({ seq: 0, sentAt: obs.sentAt, ok: obs.ok, ...(obs.ok && obs.rttMs !== undefined ? { rttMs: obs.rttMs } : {}), ...(obs.unreported ? { inferred: true } : {}) });
    prev = obs;
  }
  if (options.until !== undefined && prev && options.until - prev.sentAt > threshold) {
    // Probes sent up to `until − answerWithinMs` should have been reported by then.
    const lastDue = options.until - (options.answerWithinMs ?? options.intervalMs);
    fill(out, prev.sentAt, Math.floor((lastDue - prev.sentAt) / options.intervalMs), options.intervalMs);
  }
  out.forEach((s, i) => (s.seq = i + 1));
  return out;
}

/** Pushes `missing` inferred losses after `from`, one per interval, widened past MAX_INFERRED_PER_GAP. */
function fill(out: Sample[], from: number, missing: number, intervalMs: number): void {
  if (missing <= 0) return;
  const count = Math.min(missing, MAX_INFERRED_PER_GAP);
  const step = (intervalMs * missing) / count;
  for (let k = 1; k <= count; k++) out.push({ seq: 0, sentAt: from + k * step, ok: false, inferred: true });
}
