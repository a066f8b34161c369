/**
 * The simulator's journal: every request, task transition and data-plane operation, timestamped and
 * numbered, readable in-process and at `GET /lab/events`. Bounded (oldest dropped first) so a
 * long-running lab does not grow without limit.
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

export interface EventJournal {
  record(kind: EventKind, name: string, data?: Record<string, unknown>): JournalEvent;
  list(filter?: JournalFilter): JournalEvent[];
  subscribe(listener: JournalListener): () => void;
  clear(): void;
}

export function createEventJournal(capacity = 20_000, now: () => Date = () => new Date()): EventJournal {
  let events: JournalEvent[] = [];
  let seq = 0;
  const listeners = new Set<JournalListener>();
  return {
    record(kind, name, data = {}) {
      const event: JournalEvent = { seq: ++seq, at: now().toISOString(), kind, name, data };
      events.push(event);
      // Trim in chunks: dropping one event per record would copy the whole array every time.
      if (events.length > capacity + capacity / 4) events = events.slice(events.length - capacity);
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
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      events = [];
    },
  };
}
