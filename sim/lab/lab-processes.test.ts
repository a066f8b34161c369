// Processes are found by network namespace from /proc: this test's own process is in the namespace of its own pid.
import { describe, expect, it } from 'vitest';
import { processesByHost } from './lab-processes.ts';

describe('processesByHost', () => {
  it('lists the processes sharing a holder process network namespace, by name with counts', async () => {
    const found = await processesByHost({ here: process.pid });
    expect(found.here!.some((p) => /^node(-MainThread)? ×\d+$/.test(p) || /^vitest/.test(p))).toBe(true);
  });

  it('gives an empty list for a holder that is gone', async () => {
    expect(await processesByHost({ gone: 2 ** 22 + 1 })).toEqual({ gone: [] });
  });
});
