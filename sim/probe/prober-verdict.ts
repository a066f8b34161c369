/**
 * What a prober's timeline may be taken as evidence of. A timeline proves "nothing was lost" only
 * if the prober was alive and probing at its cadence over the whole change window; it proves an
 * interruption "of about the cut" only if the outage is at least the cut less one interval (a
 * probe's granularity) and at most the cut plus the measured recovery tolerance. Pure.
 */
import { longestOutage, lostCount, outageWindows, type OutageWindow } from './outage-windows.ts';
import type { Timeline } from './sample.ts';

/**
 * A prober must have reported at least this share of the probes due between its first and last
 * report. ping paces itself on a loaded machine: asked for 50 ms it sent every ~63 ms here (five
 * test suites on 2 cores, 79 % of the due count; 10 ms → 16.5 ms at load 11). A prober at twice its
 * interval or worse, or one whose loop stalls (TCP/NFS: a stall is not filled as loss), falls below.
 * Silent gaps of ICMP probers and the silence after the last report are losses anyway.
 */
export const MIN_CADENCE_SHARE = 0.5;

/** From the first change request to the end of the last data-plane or task event (epoch ms). */
export interface ChangeWindow {
  from: number;
  to: number;
}

const time = (ms: number): string => new Date(ms).toISOString().slice(11, 23);

/** "code 1", or "signal 9 (code 137)" for an exit by signal. */
export function describeExit(code: number): string {
  return code > 128 && code < 160 ? `signal ${code - 128} (code ${code})` : `code ${code}`;
}

/**
 * Why this timeline is no evidence, or [] when it is: the prober died, stopped recording, never
 * sampled, started after the change began or stopped sampling before it ended, or probed far below
 * its cadence.
 */
export function proberProblems(t: Timeline, window?: ChangeWindow): string[] {
  const problems: string[] = [];
  if (t.died) {
    problems.push(
      `the prober died: its command exited with ${describeExit(t.died.code)} at ${time(t.died.at)}, ${t.stoppedAt - t.died.at} ms before it was stopped` +
        ` (last output: ${t.diagnostics.slice(-3).join(' | ') || 'none'})`,
    );
  }
  if (t.truncated) problems.push('the prober stopped recording (too many samples): the end of the window is unobserved');
  const observed = t.samples.filter((s) => !s.inferred);
  const first = observed[0];
  const last = observed.at(-1);
  if (!first || !last) return [...problems, 'the prober reported no probe at all'];
  if (window && first.sentAt > window.from) problems.push(`its first probe went out at ${time(first.sentAt)}, after the change began at ${time(window.from)}`);
  if (window && last.sentAt < window.to) problems.push(`its last reported probe went out at ${time(last.sentAt)}, before the change ended at ${time(window.to)}`);
  // Losses inferred between two reports (ping's stalls) count; the silent tail after the last report does not.
  const counted = t.samples.filter((s) => s.sentAt <= last.sentAt).length;
  const due = Math.floor((last.sentAt - first.sentAt) / t.intervalMs) + 1;
  if (counted < MIN_CADENCE_SHARE * due) {
    problems.push(`it reported ${counted} probes where ${due} were due (one every ${t.intervalMs} ms; at least ${Math.round(MIN_CADENCE_SHARE * 100)}% required)`);
  }
  return problems;
}

/** "120 probes, 3 lost: 3 lost over 150 ms" — for failure messages. */
export function describeTimeline(t: Timeline): string {
  const windows = outageWindows(t);
  const lost = lostCount(t);
  const list = windows.map((w) => `${w.lostCount} lost over ${Math.round(w.durationMs)} ms${w.open ? ' (not recovered)' : ''}`).join('; ');
  return `${t.samples.length} probes, ${lost} lost${list ? `: ${list}` : ''}`;
}

/** The shortest and longest interruption a disruptive change may cause, in ms. */
export interface InterruptionBounds {
  minMs: number;
  maxMs: number;
}

/** The longest outage of the timeline, when it is closed and within bounds; else why not. */
export function interruptionProblem(t: Timeline, bounds: InterruptionBounds): { longest?: OutageWindow; problem?: string } {
  const windows = outageWindows(t);
  const longest = longestOutage(windows);
  if (!longest) return { problem: 'no probe was lost: the change did not interrupt the service' };
  const open = windows.find((w) => w.open);
  if (open) return { longest, problem: `the outage from ${time(open.startAt)} has not recovered` };
  if (longest.durationMs < bounds.minMs) return { longest, problem: `the longest outage lasted ${Math.round(longest.durationMs)} ms, shorter than ${bounds.minMs} ms` };
  if (longest.durationMs > bounds.maxMs) return { longest, problem: `the longest outage lasted ${Math.round(longest.durationMs)} ms, longer than ${bounds.maxMs} ms` };
  return { longest };
}
