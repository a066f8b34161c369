// The prober verdicts behind steps/probe.steps.ts: stop probers, check they are evidence at all,
// judge interruptions against the configured cut, and moves from one address or VLAN to another.
import { HarnessError, changeWindowSince, describeTimeline, expectTrue, interruptionProblem, lostCount, moveGap, outageWindows, proberProblems, type ChangeWindow, type InterruptionBounds, type Timeline } from '../../sim/index.ts';
import type { VrackLabWorld } from '../world.ts';
import { RECOVERY_TOLERANCE_MS, SCENARIO_TIMINGS } from '../lab.steps.ts';

/** An outage of "about the configured cut": at least the cut less one probe interval, at most the cut plus the measured tolerance. */
export function cutBounds(t?: Timeline): InterruptionBounds {
  const cut = SCENARIO_TIMINGS.disruptiveCutMs!;
  return { minMs: cut - (t?.intervalMs ?? 0), maxMs: cut + RECOVERY_TOLERANCE_MS };
}

/** How long to let probers see the target again before judging: the task is DONE before ARP is. */
const recoverWithin = (): number => cutBounds().maxMs;

/** ping reports a loss one interval late, and an ARP failure's losses ~3 s late (measured). */
const REPORT_WAIT_MS = 5_000;

/**
 * Stops one prober once it has reported a probe sent after the change window ended (bounded wait):
 * a prober stopped right at READY has not yet reported the probes of the window's last moments.
 */
async function finish(world: VrackLabWorld, key: string): Promise<Timeline> {
  const prober = world.probers.get(key)!;
  const window = changeWindowSince(world.requireLab().simulator.journal.list(), prober.startedAt);
  if (window) await prober.reportedAfter(window.to, REPORT_WAIT_MS);
  return world.finishProber(key);
}

/** Stops every running prober (after waiting, bounded, for recovery when asked) and returns their timelines. */
export async function stopAll(world: VrackLabWorld, awaitRecovery = false): Promise<Timeline[]> {
  if (world.probers.size === 0) throw new HarnessError('NO_PROBER', 'no prober runs in this scenario: start one with `Given an ICMP prober from <host> to <ip> every <n> ms`');
  if (awaitRecovery) await Promise.all([...world.probers.values()].map((p) => p.awaitRecovery(recoverWithin())));
  // All at once: each may wait for a report after READY, and a prober judged later keeps running meanwhile.
  return Promise.all([...world.probers.keys()].map((key) => finish(world, key)));
}

/** The one running prober's timeline; an error when several run (the step must say which). */
export async function stopOnly(world: VrackLabWorld, awaitRecovery = false): Promise<Timeline> {
  const keys = [...world.probers.keys()];
  if (keys.length !== 1) throw new HarnessError('WHICH_PROBER', `"the prober" needs exactly one running prober, ${keys.length} run (${keys.join(', ') || 'none'}): say "every prober", or judge them by address`);
  return (await stopAll(world, awaitRecovery))[0]!;
}

/** Stops the prober whose key matches (`icmp bm1 → 10.120.0.1`). */
export async function stopWhere(world: VrackLabWorld, match: (key: string) => boolean, what: string, awaitRecovery = false): Promise<Timeline> {
  const key = [...world.probers.keys()].find(match);
  if (!key) throw new HarnessError('NO_PROBER', `no prober ${what} runs in this scenario (probers: ${[...world.probers.keys()].join(', ') || 'none'})`);
  if (awaitRecovery) await world.probers.get(key)!.awaitRecovery(recoverWithin());
  return finish(world, key);
}

/** The change window of the scenario since the earliest of these probers started (from the lab's journal). */
export function changeWindow(world: VrackLabWorld, timelines: Timeline[]): ChangeWindow | undefined {
  const since = Math.min(...timelines.map((t) => t.startedAt));
  return changeWindowSince(world.requireLab().simulator.journal.list(), since);
}

const name = (t: Timeline): string => `${t.label} (${t.kind} ${t.source} → ${t.target})`;

/** Fails, saying why, when the timeline is no evidence (the prober died, started late, stopped early, lagged). */
export function requireEvidence(world: VrackLabWorld, t: Timeline, window: ChangeWindow | undefined): void {
  const problems = proberProblems(t, window);
  world.attach(`${name(t)}: ${describeTimeline(t)}${t.died ? `; exited early with code ${t.died.code}` : ''}`);
  if (problems.length > 0) throw new HarnessError('PROBER_NOT_EVIDENCE', `${name(t)} is no evidence: ${problems.join('; ')} — ${describeTimeline(t)}`);
}

export function judgeInterruption(world: VrackLabWorld, t: Timeline, bounds: InterruptionBounds | ((t: Timeline) => InterruptionBounds)): void {
  requireEvidence(world, t, changeWindow(world, [t]));
  const b = typeof bounds === 'function' ? bounds(t) : bounds;
  const { problem, longest } = interruptionProblem(t, b);
  world.attach(`interruption seen by ${name(t)}: ${longest ? Math.round(longest.durationMs) : 0} ms (bounds ${b.minMs}–${b.maxMs} ms)`);
  expectTrue(`interruption seen by ${name(t)}`, problem === undefined, `one outage of ${b.minMs}–${b.maxMs} ms, recovered`, `${problem}; ${describeTimeline(t)}`);
}

/**
 * A move: the outage runs from the old address's first lost probe after its last reply to the new
 * address's first reply after that. It must exist (at least the cut less one interval: no
 * make-before-break) and be bounded.
 */
export function judgeMove(world: VrackLabWorld, before: Timeline, after: Timeline, what: string, bounds: (t: Timeline) => InterruptionBounds): void {
  requireEvidence(world, before, changeWindow(world, [before]));
  requireEvidence(world, after, changeWindow(world, [after]));
  const move = moveGap(before, after);
  expectTrue(`replies before the move ${what}`, move !== undefined, 'at least one', describeTimeline(before));
  const { lastOld, firstNew, startAt } = move!;
  expectTrue(`replies after the move ${what}`, firstNew !== undefined, 'at least one', describeTimeline(after));
  const gap = move!.gapMs!;
  const b = bounds(before);
  world.attach(`moved ${what}: last reply ${new Date(lastOld.sentAt).toISOString()}, interruption from ${new Date(startAt).toISOString()}, first reply of the moved service ${new Date(firstNew!.sentAt).toISOString()}, interruption ${gap} ms (bounds ${b.minMs}–${b.maxMs} ms)`);
  expectTrue(`interruption while moving ${what}`, gap >= b.minMs && gap <= b.maxMs, `${b.minMs}–${b.maxMs} ms`, `${gap} ms (old: ${describeTimeline(before)}; new: ${describeTimeline(after)})`);
}

/**
 * Bounds of an outage spanning two changes (an endpoint removed, then added again): from the
 * journal's last detach to the attach after it, less one interval, up to that span plus the tolerance.
 */
export function detachToAttachBounds(world: VrackLabWorld, t: Timeline): InterruptionBounds {
  const events = world.requireLab().simulator.journal.list({ kind: 'dataplane' }).filter((e) => Date.parse(e.at) >= t.startedAt);
  const detach = events.findLast((e) => e.name === 'detach');
  const attach = detach && events.find((e) => e.name === 'attach' && e.seq > detach.seq);
  if (!detach || !attach) throw new HarnessError('NO_DATAPLANE_EVENTS', `the journal shows no detach followed by an attach while ${t.label} ran (events: ${events.map((e) => e.name).join(', ') || 'none'})`);
  const end = (e: typeof detach) => Date.parse(e.at);
  const start = (e: typeof detach) => end(e) - Number(e.data.ms ?? 0);
  return {
    minMs: Math.max(SCENARIO_TIMINGS.disruptiveCutMs! - t.intervalMs, start(attach) - end(detach) - t.intervalMs),
    maxMs: end(attach) - start(detach) + RECOVERY_TOLERANCE_MS,
  };
}

/** Judges the one running prober: an outage still open at the end, seen (the last reported probe was lost), not inferred from silence. */
export async function judgeNotRecovered(world: VrackLabWorld): Promise<void> {
  const t = await stopOnly(world);
  requireEvidence(world, t, changeWindow(world, [t]));
  const lastReported = t.samples.filter((s) => !s.inferred).at(-1);
  const windows = outageWindows(t);
  const open = windows.length > 0 && windows.at(-1)!.open && lastReported?.ok === false;
  expectTrue(`interruption seen by ${name(t)}`, open, 'an outage still open at the end', describeTimeline(t));
}

/** Judges every running prober: not one probe lost over the change window, silence included. */
export async function judgeNoLoss(world: VrackLabWorld): Promise<void> {
  const timelines = await stopAll(world);
  const window = changeWindow(world, timelines);
  for (const t of timelines) {
    requireEvidence(world, t, window);
    const lost = lostCount(t);
    expectTrue(`probes lost by ${name(t)}`, lost === 0, 'none lost', describeTimeline(t));
  }
}
