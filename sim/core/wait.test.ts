import { describe, expect, it } from 'vitest';
import { HarnessError } from './errors.ts';
import { StopWaiting, waitFor } from './wait.ts';

describe('waitFor', () => {
  it('returns the first truthy value', async () => {
    let n = 0;
    const value = await waitFor(() => (++n >= 3 ? `ready after ${n}` : undefined), { what: 'n to reach 3', timeoutMs: 1000, intervalMs: 1 });
    expect(value).toBe('ready after 3');
  });

  it('times out with what it waited for and the last observation', async () => {
    await expect(waitFor(() => false, { what: 'the moon', timeoutMs: 20, intervalMs: 5, describe: () => 'still cheese' })).rejects.toThrow(
      'timed out waiting for the moon: not true after 20 ms (last: still cheese)',
    );
  });

  it('keeps polling past thrown errors and reports the last one', async () => {
    await expect(waitFor(() => { throw new Error('connection refused'); }, { what: 'the API', timeoutMs: 20, intervalMs: 5 })).rejects.toThrow(
      /last: connection refused/,
    );
  });

  it('rejects at once with the reason a probe gives through StopWaiting, after ordinary not-yet results', async () => {
    const fatal = new HarnessError('LAB_FAILED', 'the lab process exited with code 3 while building');
    let calls = 0;
    const probe = (): string | undefined => {
      calls++;
      if (calls === 1) return undefined; // not yet: keeps waiting
      if (calls === 2) throw new Error('not listening yet'); // an ordinary error: keeps waiting too
      throw new StopWaiting(fatal);
    };
    // The timeout is far beyond the test's own timeout, so only the StopWaiting can end this wait in time.
    const outcome = await waitFor(probe, { what: 'the lab', timeoutMs: 3_600_000, intervalMs: 1 }).catch((err: unknown) => err);
    expect(outcome).toBe(fatal);
    expect(calls).toBe(3);
  });
});
