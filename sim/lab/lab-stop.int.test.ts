// gc reaps what crashed runs left on disk too (EFS export directories), and spares live runs.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('collectGarbage and run data', () => {
  it('removes the data of runs nobody holds, keeps the data of a run whose lease is alive', async () => {
    const base = mkdtempSync(join(tmpdir(), 'vracklab-gc-'));
    // Only the data root is private: lab records and leases stay the machine's, so this gc spares
    // every live lab exactly as `vracklab gc` does.
    process.env.VRACKLAB_DATA_DIR = join(base, 'data');
    try {
      const { collectGarbage } = await import('./lab-stop.ts');
      const { takeLease, releaseLease } = await import('../fabric/run-lease.ts');
      for (const runId of ['dead01', 'live01']) mkdirSync(join(base, 'data', runId, 'efs-x'), { recursive: true });
      mkdirSync(join(base, 'data', 'not-a-run-id'), { recursive: true });
      takeLease('live01');
      try {
        const { removed } = await collectGarbage();
        expect(removed).toContain(`data ${join(base, 'data', 'dead01')}`);
        expect(existsSync(join(base, 'data', 'dead01'))).toBe(false);
        expect(existsSync(join(base, 'data', 'live01'))).toBe(true);
        expect(existsSync(join(base, 'data', 'not-a-run-id'))).toBe(true);
      } finally {
        releaseLease('live01');
      }
    } finally {
      delete process.env.VRACKLAB_DATA_DIR;
      rmSync(base, { recursive: true, force: true });
    }
  });
});
