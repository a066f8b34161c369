/**
 * A kill counts once it reproduces. On a loaded machine a scenario can fail by chance (a probe
 * lost to a scheduling stall, measured here at load 12 on 2 cores): a fault "killed" that way was
 * never detected. So the failed scenarios are run again with the fault in; only if one fails
 * again is the fault killed. Pure: two verdicts in, one out.
 */
import type { Outcome } from './verdict.ts';

export interface AttemptSummary {
  outcome: Outcome;
  reason: string;
}

/** The scenarios to run again: `file:line` of each failed scenario, each once. */
export function confirmationTargets(failed: readonly { where: string }[]): string[] {
  return [...new Set(failed.map((s) => s.where))];
}

export function confirmKill(first: AttemptSummary, rerun: AttemptSummary): AttemptSummary {
  if (first.outcome !== 'killed') return first;
  if (rerun.outcome === 'killed') return { outcome: 'killed', reason: `${rerun.reason} (confirmed: failed again on a rerun of the failed scenarios; first run: ${first.reason})` };
  if (rerun.outcome === 'survived') {
    return { outcome: 'survived', reason: `not confirmed: the first run failed (${first.reason}), but a rerun of those scenarios passed with the fault in: a chance failure, not detection` };
  }
  return { outcome: 'error', reason: `the confirmation run broke (${rerun.reason}); first run: ${first.reason}` };
}
