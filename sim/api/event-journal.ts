/**
 * The simulator's journal: every request, task transition and data-plane operation, timestamped and
 * numbered, readable in-process and at `GET /lab/events`. Bounded in events and in bytes (oldest
 * dropped first), and every string in an event is clipped, so neither a long-running lab nor a
 * flood of requests with 16 KB URLs can make it grow without limit.
 */

export const EVENT_KINDS = ['request', 'task', 'vrack-task', 'dataplane', 'lab', 'state'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface JournalEvent {
  seq: number;
  /** ISO-8601 with milliseconds. */
  at: string;
  kind: EventKind;
  /** Short machine-readable name, e.g. `PUT /v2/...`, `PENDING->RUNNING`, `attach`. */
  name: string;
  data: Record<string, unknown>;
}

export interface JournalFilter {
  /** A sequence number (events after it) or an ISO date (events at or after it). */
  since?: number | string;
  kind?: EventKind;
}

export type JournalListener = (event: JournalEvent) => void;

/** Strings in an event's name and data longer than this are cut (with a trailing `…`). */
export const MAX_EVENT_STRING = 256;
export const DEFAULT_JOURNAL_EVENTS = 20_000;
export const DEFAULT_JOURNAL_BYTES = 8 * 1024 * 1024;

export interface EventJournal {
  record(kind: EventKind, name: string, data?: Record<string, unknown>): JournalEvent;
  /** Counts an occurrence that is deliberately not journaled (e.g. an unauthenticated request). */
  count(what: string): void;
  /** The counters of `count`, since the start. */
  counts(): Record<string, number>;
  list(filter?: JournalFilter): JournalEvent[];
  subscribe(listener: JournalListener): () => void;
  clear(): void;
  /** How many listeners are subscribed (a reused lab proves none of the last scenario's is left). */
  subscribers(): number;
}

const clip = (text: string) => (text.length > MAX_EVENT_STRING ? `${text.slice(0, MAX_EVENT_STRING - 1)}…` : text);

/** A copy with every string clipped; depth-bounded (events carry small records, not documents). */
function clipped(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return clip(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 4) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 64).map((v) => clipped(v, depth + 1));
  return Object.fromEntries(Object.entries(value).slice(0, 64).map(([k, v]) => [clip(k), clipped(v, depth + 1)]));
}

export function createEventJournal(capacity = DEFAULT_JOURNAL_EVENTS, now: () => Date = () => new Date(), maxBytes = DEFAULT_JOURNAL_BYTES): EventJournal {
  let events: JournalEvent[] = [];
  let sizes: number[] = [];
  let bytes = 0;
  let seq = 0;
  const listeners = new Set<JournalListener>();
  const counters = new Map<string, number>();
  return {
    record(kind, name, data = {}) {
      const event: JournalEvent = { seq: ++seq, at: now().toISOString(), kind, name: clip(name), data: clipped(data) as Record<string, unknown> };
      const size = JSON.stringify(event).length;
      events.push(event);
      sizes.push(size);
      bytes += size;
      // Trim in chunks: dropping one event per record would copy the whole array every time.
      if (events.length > capacity + capacity / 4 || bytes > maxBytes) {
        let drop = Math.max(0, events.length - capacity);
        let kept = bytes;
        for (let i = 0; i < drop; i++) kept -= sizes[i] as number;
        // Down to 3/4 of the byte budget, so the next trim is many events away.
        while (kept > (maxBytes * 3) / 4 && drop < events.length - 1) kept -= sizes[drop++] as number;
        events = events.slice(drop);
        sizes = sizes.slice(drop);
        bytes = kept;
      }
      for (const l of listeners) {
        try {
          l(event);
        } catch {
          // A faulty listener must not break the simulator: it is the caller's observer, not ours.
        }
      }
      return event;
    },
    list(filter = {}) {
      let out = events;
      const since = filter.since;
      if (typeof since === 'number') out = out.filter((e) => e.seq > since);
      else if (typeof since === 'string') {
        const t = Date.parse(since);
        out = out.filter((e) => Date.parse(e.at) >= t);
      }
      if (filter.kind) out = out.filter((e) => e.kind === filter.kind);
      return [...out];
    },
    count(what) {
      counters.set(what, (counters.get(what) ?? 0) + 1);
    },
    counts: () => Object.fromEntries(counters),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    subscribers: () => listeners.size,
    clear() {
      events = [];
      sizes = [];
      bytes = 0;
    },
  };
}
