/**
 * One kept lab per worker (a cucumber worker, a test file): built once, then reset and proven
 * clean (lab-reset.ts) before each reuse, rebuilt when the proof finds any difference, when the
 * caller asks for a fresh lab (`@fresh`), or when the last user did not end cleanly. The counts and
 * the reasons of every rebuild are kept for the end-of-run report: a suite that silently rebuilds
 * all the time is slow, one that silently reuses a dirty lab is wrong, and both must be visible.
 */
import { describeError } from '../core/errors.ts';
import { logger } from '../core/logger.ts';
import { FULL_RESET, resetLab, takeBaseline, type LabBaseline, type ResetParts } from './lab-reset.ts';
import type { RunningLab } from './running-lab.ts';

const log = logger('lab-reuse');

/** What a lab pool did during a run: the end-of-run report's counts. */
export interface LabPoolStats {
  /** Labs built (first use, new key, @fresh, rebuild). */
  built: number;
  /** Scenarios that got the kept lab after a clean reset. */
  reused: number;
  /** Kept labs dropped because their reset was not proven clean. */
  rebuiltAfterProof: number;
  /** Labs built because the scenario asked for a fresh one. */
  fresh: number;
  /** Labs torn down instead of kept because their scenario did not pass (or asked to be fresh). */
  discarded: number;
  /** Why each rebuild after a proof happened: the first differences found. */
  reasons: string[];
}

interface Kept {
  key: string;
  lab: RunningLab;
  /** Undefined for a @fresh lab, which is never reused. */
  baseline: LabBaseline | undefined;
}

/** How the last acquire() got its lab. */
export type Acquired = 'reused' | 'built' | 'rebuilt after the reset proof' | 'built fresh';

/** A worker's kept lab: acquire() resets and proves it, or builds a new one; release() keeps or tears it down. */
export class LabPool {
  private kept: Kept | undefined;
  /** How the last acquire() got its lab (the scenario's report says it). */
  lastAcquired: Acquired | undefined;
  private readonly resetParts: ResetParts;
  readonly stats: LabPoolStats = { built: 0, reused: 0, rebuiltAfterProof: 0, fresh: 0, discarded: 0, reasons: [] };

  /** `resetParts`: every part by default; tests switch one off to prove the proof catches it. */
  constructor(options: { resetParts?: ResetParts } = {}) {
    this.resetParts = options.resetParts ?? FULL_RESET;
  }

  /**
   * The lab for `key` (lab file, driver, options): the kept one reset and proven clean, else a new
   * one from `build`. `fresh`: always a new one, torn down after its scenario.
   */
  async acquire(key: string, build: () => Promise<RunningLab>, options: { fresh?: boolean } = {}): Promise<RunningLab> {
    const kept = this.kept;
    if (kept && kept.key === key && kept.baseline && !options.fresh) {
      const outcome = await resetLab(kept.lab, kept.baseline, this.resetParts).catch((err: unknown) => ({ clean: false as const, differences: [`reset failed: ${describeError(err)}`] }));
      if (outcome.clean) {
        this.stats.reused++;
        this.lastAcquired = 'reused';
        log('reusing lab %s (run %s)', kept.lab.name, kept.lab.runId);
        return kept.lab;
      }
      this.stats.rebuiltAfterProof++;
      const shown = outcome.differences.slice(0, 5).join('; ') + (outcome.differences.length > 5 ? `; … ${outcome.differences.length - 5} more` : '');
      this.stats.reasons.push(`${kept.lab.name}: ${shown}`);
      log('rebuilding lab %s (run %s): the reset left %d difference(s): %s', kept.lab.name, kept.lab.runId, outcome.differences.length, shown);
      this.lastAcquired = 'rebuilt after the reset proof';
    } else {
      this.lastAcquired = options.fresh ? 'built fresh' : 'built';
    }
    await this.drain();
    const lab = await build();
    this.stats.built++;
    if (options.fresh) this.stats.fresh++;
    // Kept before the baseline is taken: a failure or Ctrl-C from here on still tears it down.
    this.kept = { key, lab, baseline: undefined };
    if (!options.fresh) this.kept.baseline = await takeBaseline(lab);
    return lab;
  }

  /** After its scenario: a lab that passed is kept for the next one; any other is torn down. */
  async release(lab: RunningLab, options: { reusable: boolean }): Promise<void> {
    if (this.kept?.lab !== lab) return void (await lab.stop());
    if (options.reusable && this.kept.baseline) return;
    this.stats.discarded++;
    await this.drain();
  }

  /** Forgets a lab without stopping it (`@keep`: the user removes it). */
  forget(lab: RunningLab): void {
    if (this.kept?.lab === lab) this.kept = undefined;
  }

  /** Tears the kept lab down (end of run, Ctrl-C, a new key). */
  async drain(): Promise<void> {
    const kept = this.kept;
    this.kept = undefined;
    if (kept) await kept.lab.stop();
  }

  /** One line for the end of a run. */
  summary(): string {
    const s = this.stats;
    const head = `lab reuse: ${s.built} built (${s.fresh} @fresh), ${s.reused} reused, ${s.rebuiltAfterProof} rebuilt after a failed reset proof, ${s.discarded} discarded after their scenario`;
    return s.reasons.length === 0 ? head : `${head}\n${s.reasons.map((r) => `  rebuilt: ${r}`).join('\n')}`;
  }
}
