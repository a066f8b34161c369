/**
 * Whether a planted fault was killed: the covering features' run failed WITH at least one failed
 * scenario. A run that broke before any scenario could fail (nothing ran, undefined steps, a crash,
 * a timeout with no failure yet) is an `error`: it says nothing about the fault.
 */
import type { RunReport, ScenarioOutcome } from './cucumber-report.ts';

export type Outcome = 'killed' | 'survived' | 'error';

export interface Verdict {
  outcome: Outcome;
  /**
   * Killed only by scenarios that failed while setting up (a hook, or "the lab … is up"): the
   * machine may be to blame rather than the fault (a loaded host, another run's leftovers), so the
   * runner runs the fault again before it believes the kill.
   */
  setupOnly: boolean;
  /** Why, in one line: the failed scenarios, or what kept the run from judging the fault. */
  reason: string;
  failedScenarios: ScenarioOutcome[];
  scenarioCount: number;
}

export interface RunEnd {
  exitCode: number | null;
  timedOut: boolean;
  /** The last lines of the run's output, for an error's reason. */
  outputTail?: string;
}

/** Failed in a hook or in the step that brings a lab up, before any check of the scenario ran. */
export function failedInSetup(s: ScenarioOutcome): boolean {
  return s.failedStep === 'a hook' || /^the lab ".*" is up$/.test(s.failedStep ?? '');
}

export function judge(report: RunReport, end: RunEnd): Verdict {
  const failed = report.scenarios.filter((s) => s.status === 'FAILED');
  const scenarioCount = report.scenarios.length;
  const base = { failedScenarios: failed, scenarioCount, setupOnly: failed.length > 0 && failed.every(failedInSetup) };
  if (failed.length > 0) {
    const first = failed[0] as ScenarioOutcome;
    return { ...base, outcome: 'killed', reason: `${failed.length}/${scenarioCount} scenario(s) failed, first: "${first.name}" at "${first.failedStep ?? '?'}": ${first.message ?? 'no message'}` };
  }
  const broken = report.scenarios.filter((s) => s.status !== 'PASSED');
  if (end.timedOut) return { ...base, outcome: 'error', reason: `timed out before any scenario failed (${scenarioCount} finished)` };
  if (scenarioCount === 0) return { ...base, outcome: 'error', reason: `no scenario ran (exit ${end.exitCode}${report.runError ? `: ${report.runError}` : ''}${end.outputTail ? `; output: ${end.outputTail}` : ''})` };
  if (broken.length > 0) {
    const b = broken[0] as ScenarioOutcome;
    return { ...base, outcome: 'error', reason: `${broken.length} scenario(s) ${b.status}, none failed: "${b.name}" at "${b.failedStep ?? '?'}"` };
  }
  if (end.exitCode !== 0 || report.success === false) {
    return { ...base, outcome: 'error', reason: `every scenario passed but the run exited ${end.exitCode}${report.runError ? `: ${report.runError}` : ''}${end.outputTail ? `; output: ${end.outputTail}` : ''}` };
  }
  return { ...base, outcome: 'survived', reason: `all ${scenarioCount} scenario(s) passed with the fault in` };
}
