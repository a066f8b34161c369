/**
 * What probes produce. Times are epoch milliseconds (as `Date.now()`), so they line up with the
 * simulator's journal events on one axis.
 */
export type ProbeKind = 'icmp' | 'tcp' | 'nfs';

/** The outcome of one one-shot probe. */
export interface ProbeResult {
  ok: boolean;
  /** Round-trip (ICMP) or operation time (TCP connect, NFS mount+op+unmount), when ok. */
  rttMs?: number;
  /** Why it failed, in the tool's words, when not ok. */
  error?: string;
  /** ICMP: how the network refused — no reply in time, or unreachable (an ICMP error, no route). */
  refusal?: 'no-reply' | 'unreachable';
}

/** One probe of a continuous prober. */
export interface Sample {
  /** 1, 2, 3… in send order. */
  seq: number;
  /** When the probe was sent (epoch ms). */
  sentAt: number;
  ok: boolean;
  rttMs?: number;
  /**
   * True for a loss the prober inferred rather than observed: ping sends nothing while the kernel
   * refuses to queue (a veth whose peer is down), so a silent gap longer than
   * max(2.5 intervals, interval + 250 ms) is filled with lost samples, one per interval.
   */
  inferred?: boolean;
}

/** A finished (or running) probe series between one source host and one target. */
export interface Timeline {
  label: string;
  kind: ProbeKind;
  /** The source host's name. */
  source: string;
  target: string;
  port?: number;
  intervalMs: number;
  startedAt: number;
  stoppedAt: number;
  samples: Sample[];
  /** Tool output that was neither a sample nor expected noise (the last 20 lines), for diagnosis. */
  diagnostics: string[];
  /**
   * Set when the prober's command ended on its own before it was stopped: its exit code (from a
   * signal N, 128+N) and when. Such a timeline is no evidence of anything: verdicts fail on it.
   */
  died?: { code: number; at: number };
  /** Set when the prober stopped recording at MAX_OBSERVATIONS: the end of the window is unobserved. */
  truncated?: boolean;
}

/** A point in time to mark on a timeline: an API call, a task transition. */
export interface TimelineEvent {
  at: number;
  label: string;
}
