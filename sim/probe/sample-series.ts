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
}

export interface AssembleOptions {
  intervalMs: number;
  /**
   * Fill silent gaps with inferred losses (ICMP only: ping sends nothing while the kernel will not
   * queue, so a stall of the prober is an outage of the path). A gap is silent when two consecutive
   * probes are more than max(2.5 intervals, interval + 250 ms) apart: a loaded machine (load 9 on
   * 2 cores, measured here) delays ping by up to ~150 ms, which must not read as an outage.
   */
  fillStalls: boolean;
}

/** Keeps one outcome per probe; a reply beats a loss (a late reply after "no answer yet"). */
export function mergeObservation(byProbe: Map<number, Observation>, next: Observation): void {
  const prev = byProbe.get(next.probe);
  if (!prev || (!prev.ok && next.ok)) byProbe.set(next.probe, next);
}

export function stallThresholdMs(intervalMs: number): number {
  return Math.max(2.5 * intervalMs, intervalMs + 250);
}

export function assembleSamples(observations: Iterable<Observation>, options: AssembleOptions): Sample[] {
  const sorted = [...observations].sort((a, b) => a.sentAt - b.sentAt || a.probe - b.probe);
  const out: Sample[] = [];
  const threshold = stallThresholdMs(options.intervalMs);
  let prev: Observation | undefined;
  for (const obs of sorted) {
    if (options.fillStalls && prev && obs.sentAt - prev.sentAt > threshold) {
      const missing = Math.round((obs.sentAt - prev.sentAt) / options.intervalMs) - 1;
      for (let k = 1; k <= missing; k++) out.push({ seq: 0, sentAt: prev.sentAt + k * options.intervalMs, ok: false, inferred: true });
    }
    out.push({ seq: 0, sentAt: obs.sentAt, ok: obs.ok, ...(obs.ok && obs.rttMs !== undefined ? { rttMs: obs.rttMs } : {}) });
    prev = obs;
  }
  out.forEach((s, i) => (s.seq = i + 1));
  return out;
}
