// The worker's kept lab (sim/lab/lab-pool.ts): scenarios of the same lab file, driver and options
// share one build, reset and proven clean between them. VRACKLAB_LAB_REUSE=0 builds a lab per
// scenario (what every run did before; the baseline for timing comparisons).
import { mkdir, writeFile } from 'node:fs/promises';
import { LabPool, invalidInput } from '../../sim/index.ts';

const setting = process.env.VRACKLAB_LAB_REUSE ?? '1';
if (setting !== '0' && setting !== '1') throw invalidInput('VRACKLAB_LAB_REUSE', setting, '1 keeps a lab per worker (the default), 0 builds one per scenario', ['0', '1']);

export const labReuse = setting === '1';
export const labPool = new LabPool();

/** Stops the kept lab once, at the end of the run or on Ctrl-C. */
let draining: Promise<void> | undefined;
export function drainKeptLab(): Promise<void> {
  draining ??= labPool.drain();
  return draining;
}

/** The counts on stderr and in reports/lab-reuse/<worker>.json, for the run's summary. */
export async function reportLabReuse(): Promise<void> {
  const worker = process.env.CUCUMBER_WORKER_ID ?? 'main';
  process.stderr.write(`\n[worker ${worker}] ${labPool.summary()}\n`);
  await mkdir('reports/lab-reuse', { recursive: true });
  await writeFile(`reports/lab-reuse/worker-${worker}.json`, JSON.stringify({ worker, reuse: labReuse, ...labPool.stats }, null, 2));
}

// Ctrl-C reaches the workers too: tear the kept lab down before going (run leases and gc cover a kill -9).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void drainKeptLab().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}
