/**
 * The change window of a scenario, read from the simulator's journal: from the first request that
 * changes something (any method but GET, or a lab-admin suspension) to the last event of the work it
 * caused (a task or vRack task transition, a data-plane operation). A prober judged over a change
 * must have sampled before the window and after it. Pure.
 */
import type { JournalEvent } from '../api/event-journal.ts';
import type { ChangeWindow } from '../probe/prober-verdict.ts';

function isChangeRequest(e: JournalEvent): boolean {
  return (e.kind === 'request' && !e.name.startsWith('GET ')) || (e.kind === 'lab' && /^(suspended|resumed)$/.test(e.name));
}

function isChangeWork(e: JournalEvent): boolean {
  return e.kind === 'task' || e.kind === 'vrack-task' || e.kind === 'dataplane' || isChangeRequest(e);
}

/** The window of the changes made since `since` (epoch ms), or undefined when nothing changed. */
export function changeWindowSince(events: readonly JournalEvent[], since: number): ChangeWindow | undefined {
  const after = events.filter((e) => Date.parse(e.at) >= since);
  const first = after.find(isChangeRequest);
  if (!first) return undefined;
  const last = after.filter(isChangeWork).at(-1) ?? first;
  return { from: Date.parse(first.at), to: Date.parse(last.at) };
}
