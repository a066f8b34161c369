import { describe, expect, it } from 'vitest';
import { waitFor } from './wait.ts';

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
});
