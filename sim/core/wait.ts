/**
 * Waiting for a condition, never sleeping instead of it. Bounded by a deadline; the error says what
 * was awaited, for how long, and the last observation.
 */
import { HarnessError } from './errors.ts';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** What we wait for, for the error message ("vrs-abc to be READY"). */
  what: string;
  signal?: AbortSignal;
}

/** Resolves after `ms` milliseconds, or rejects early when `signal` aborts. */
export const delay = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Thrown by a probe to end the wait at once: waitFor rejects with `reason`, unwrapped. Any other error
 * a probe throws counts as "not yet" (a service still starting refuses connections), so a probe that
 * has seen something no amount of waiting will fix (the process it waits for exited) says so with this.
 */
export class StopWaiting extends Error {
  readonly reason: Error;
  constructor(reason: Error) {
    super(reason.message, { cause: reason });
    this.reason = reason;
    this.name = 'StopWaiting';
  }
}

/**
 * Polls `probe` until it returns a value other than undefined/false. Returns that value.
 * `probe` may return `{ done: false, observed }` style info through `describe`.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, options: WaitOptions & { describe?: () => string }): Promise<T> {
  const interval = options.intervalMs ?? 100;
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (let attempt = 0; ; attempt++) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (err) {
      if (err instanceof StopWaiting) throw err.reason;
      lastError = err;
    }
    if (Date.now() + interval > deadline) break;
    await delay(interval, options.signal);
  }
  const last = options.describe?.() ?? (lastError instanceof Error ? lastError.message : 'condition still false');
  throw new HarnessError('WAIT_TIMEOUT', `timed out waiting for ${options.what}: not true after ${options.timeoutMs} ms (last: ${last})`, {
    details: { what: options.what, timeoutMs: options.timeoutMs },
    cause: lastError,
  });
}
