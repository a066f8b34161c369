// The worker's kept lab (sim/lab/lab-pool.ts): scenarios of the same lab file, driver and options
// share one build, reset and proven clean between them. VRACKLAB_LAB_REUSE=0 builds a lab per
// scenario (what every run did before; the baseline for timing comparisons).
import { mkdir, writeFile } from 'node:fs/promises';
import { isMainThread } from 'node:worker_threads';
import { LabPool, describeError, invalidInput, listLabRecords, stopLab } from '../../sim/index.ts';

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

/**
 * Ctrl-C: cucumber's workers are threads of one process and only its main thread sees signals, so
 * the main thread stops every lab this process registered (the kept ones, and one being built or
 * used), by run id from the machine's state (stopLab), then exits. A second Ctrl-C exits at once;
 * a kill -9 leaves them to gc (the run's lease dies with the process).
 */
async function stopThisProcessLabs(): Promise<void> {
  await drainKeptLab().catch(() => {});
  for (const rec of await listLabRecords().catch(() => [])) {
    if (rec.pid === process.pid) await stopLab(rec).catch((err: unknown) => process.stderr.write(`lab ${rec.key}: ${describeError(err)}\n`));
  }
}

if (isMainThread) {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping the labs of this run…\n`);
      void stopThisProcessLabs().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
}
