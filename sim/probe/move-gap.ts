/**
 * How long a service was unreachable while it moved from one address to another, from the probers
 * of the two addresses: from the first lost probe after the old address's last reply, to the first
 * reply the new address gave once the service had gone from the old one.
 */
import type { Sample, Timeline } from './sample.ts';

/** A move's measured interruption and the probes it is measured between. */
export interface MoveGap {
  /** The old address's last reply. */
  lastOld: Sample;
  /** The new address's first reply that counts (undefined: it never answered after the move). */
  firstNew: Sample | undefined;
  /** When the interruption began: the old address's first lost probe after its last reply (or one interval after it). */
  startAt: number;
  /** firstNew − startAt, in ms (undefined with no firstNew). */
  gapMs: number | undefined;
}

/**
 * The new address may have answered for someone else until the move (an endpoint re-elected onto
 * the address another endpoint held until it was removed): its replies from before its own outage
 * are not the moved service. So the first reply that counts follows the new address's first loss
 * after the old's last reply; with no such loss (the new address answered throughout: make before
 * break), the first reply after the old's last one — a gap near zero that the bounds refuse.
 */
export function moveGap(before: Timeline, after: Timeline): MoveGap | undefined {
  const lastOld = before.samples.filter((s) => s.ok).at(-1);
  if (!lastOld) return undefined;
  const firstLostOld = before.samples.find((s) => !s.ok && s.sentAt > lastOld.sentAt);
  const firstLostNew = after.samples.find((s) => !s.ok && s.sentAt > lastOld.sentAt);
  const from = firstLostNew?.sentAt ?? lastOld.sentAt;
  const firstNew = after.samples.find((s) => s.ok && s.sentAt > from);
  const startAt = firstLostOld?.sentAt ?? lastOld.sentAt + before.intervalMs;
  return { lastOld, firstNew, startAt, gapMs: firstNew ? Math.round(firstNew.sentAt - startAt) : undefined };
}
