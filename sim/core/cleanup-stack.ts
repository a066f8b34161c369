/**
 * LIFO stack of undo actions. Teardown runs every action even when some fail, and reports all
 * failures together: a half-torn-down lab is worse than a slow one.
 */
import { cleanupFailed } from './errors.ts';
import type { StepFailure } from './errors.ts';
import { logger } from './logger.ts';

const log = logger('cleanup');

export interface CleanupAction {
  label: string;
  run: () => Promise<void> | void;
}

/** Teardown steps run in reverse order of registration; every step runs even when one fails, and the failures are reported together. */
export class CleanupStack {
  private readonly actions: CleanupAction[] = [];
  private running: Promise<void> | undefined;
  private failuresSoFar = 0;

  push(label: string, run: () => Promise<void> | void): void {
    this.actions.push({ label, run });
  }

  get size(): number {
    return this.actions.length;
  }

  /** `await using stack = new CleanupStack()`: unwinds at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.unwind();
  }

  /** Runs every action, newest first. Idempotent: a second call waits for the first and does nothing more. */
  async unwind(): Promise<void> {
    this.running ??= this.unwindAll();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
  }

  /** Whether an action of the teardown under way (or done) failed: a later action may then keep its evidence. */
  get failed(): boolean {
    return this.failuresSoFar > 0;
  }

  private async unwindAll(): Promise<void> {
    const failures: StepFailure[] = [];
    for (let action = this.actions.pop(); action; action = this.actions.pop()) {
      try {
        await action.run();
        log('undone: %s', action.label);
      } catch (error) {
        failures.push({ step: action.label, error });
        this.failuresSoFar++;
      }
    }
    if (failures.length > 0) throw cleanupFailed('teardown', failures, 'action(s)');
  }
}
