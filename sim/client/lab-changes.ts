/**
 * Waiting on a simulator's changes instead of a clock: `/lab/events?since=N&waitMs=M` answers as soon
 * as the simulator journals a change after event N (a task transition, a delivery, a data-plane
 * operation), so a wait wakes when something happened, not on the next tick. The real OVHcloud API
 * has no such route: there, and on any endpoint that refuses it, `next()` answers false at once and
 * the caller polls on its interval.
 */
import type { Transport } from './transport.ts';

/** One long poll at most this long (the simulator's bound is 30 s): a wait asks again. */
const LONG_POLL_MS = 10_000;

export interface LabChanges {
  /** Marks "now": the changes waited for are the ones after this call. */
  start(): Promise<void>;
  /** True once a change happened since the last look (or `waitMs` passed); false when this endpoint has no lab events. */
  next(waitMs: number): Promise<boolean>;
}

export function labChanges(t: Transport): LabChanges {
  let cursor: number | undefined;
  let usable = !t.endpoint.ovhcloud;
  const events = (query: Record<string, string>) => t.call<{ seq: number }[]>('GET', '/lab/events', { query });
  return {
    async start() {
      if (!usable) return;
      try {
        cursor = (await events({ limit: '1' })).at(-1)?.seq ?? 0;
      } catch {
        usable = false; // not a simulator, or not allowed: poll
      }
    },
    async next(waitMs) {
      if (!usable || cursor === undefined) return false;
      try {
        const page = await events({ since: String(cursor), waitMs: String(Math.max(0, Math.min(Math.round(waitMs), LONG_POLL_MS))), limit: '5000' });
        cursor = page.at(-1)?.seq ?? cursor;
        return true;
      } catch {
        usable = false;
        return false;
      }
    },
  };
}
