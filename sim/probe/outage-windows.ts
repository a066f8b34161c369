/**
 * Outage windows of a timeline: a window opens at the first lost sample and closes at the first
 * sample that succeeds again ("first lost → first recovered"). Pure functions over samples ordered
 * by send time.
 *
 * Edge cases, decided once:
 * - A timeline that starts lost opens a window at its first sample (`startsAtBeginning`): the
 *   target was never seen reachable, which a scenario must not read as "no outage".
 * - A timeline that ends lost leaves its last window open (`recoveredAt` undefined): its duration
 *   runs to the last lost sample plus one interval when known, a lower bound of the real outage.
 * - A single lost sample between two successes is a window of one (a blip); callers that want to
 *   ignore blips filter on `lostCount`.
 */
import type { Sample, Timeline } from './sample.ts';

export interface OutageWindow {
  /** Send time of the first lost sample. */
  startAt: number;
  /** Send time of the first sample that succeeded again; undefined if the timeline ends lost. */
  recoveredAt: number | undefined;
  /** recoveredAt − startAt; for an open window, last lost + one interval (if known) − startAt. */
  durationMs: number;
  lostCount: number;
  /** How many of the lost samples were inferred (a stalled ping), not observed. */
  inferredCount: number;
  firstLostSeq: number;
  lastLostSeq: number;
  startsAtBeginning: boolean;
  open: boolean;
}

type Samples = Timeline | readonly Sample[];

function samplesOf(input: Samples): readonly Sample[] {
  return 'samples' in input ? input.samples : input;
}

function intervalOf(input: Samples): number {
  return 'samples' in input ? input.intervalMs : 0;
}

/** The runs of lost probes in a timeline, as windows with start, end and count. */
export function outageWindows(input: Samples): OutageWindow[] {
  const samples = samplesOf(input);
  const interval = intervalOf(input);
  const windows: OutageWindow[] = [];
  let current: { first: Sample; last: Sample; lost: number; inferred: number; atBeginning: boolean } | undefined;
  samples.forEach((sample, index) => {
    if (!sample.ok) {
      if (current) {
        current.last = sample;
        current.lost++;
        if (sample.inferred) current.inferred++;
      } else {
        current = { first: sample, last: sample, lost: 1, inferred: sample.inferred ? 1 : 0, atBeginning: index === 0 };
      }
      return;
    }
    if (current) {
      windows.push(close(current, sample.sentAt, interval));
      current = undefined;
    }
  });
  if (current) windows.push(close(current, undefined, interval));
  return windows;
}

function close(
  w: { first: Sample; last: Sample; lost: number; inferred: number; atBeginning: boolean },
  recoveredAt: number | undefined,
  interval: number,
): OutageWindow {
  const end = recoveredAt ?? w.last.sentAt + interval;
  return {
    startAt: w.first.sentAt,
    recoveredAt,
    durationMs: end - w.first.sentAt,
    lostCount: w.lost,
    inferredCount: w.inferred,
    firstLostSeq: w.first.seq,
    lastLostSeq: w.last.seq,
    startsAtBeginning: w.atBeginning,
    open: recoveredAt === undefined,
  };
}

/** The longest window by duration (ties: the earliest), or undefined when nothing was lost. */
export function longestOutage(input: Samples | readonly OutageWindow[]): OutageWindow | undefined {
  const windows = isWindowList(input) ? input : outageWindows(input);
  let best: OutageWindow | undefined;
  for (const w of windows) if (!best || w.durationMs > best.durationMs) best = w;
  return best;
}

/** Lost samples in total. */
export function lostCount(input: Samples): number {
  return samplesOf(input).filter((s) => !s.ok).length;
}

function isWindowList(input: Samples | readonly OutageWindow[]): input is readonly OutageWindow[] {
  return Array.isArray(input) && input.length > 0 && 'startAt' in (input[0] as object);
}
