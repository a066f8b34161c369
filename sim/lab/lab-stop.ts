/**
 * Stopping labs held by other processes, and collecting what crashed ones left. A lab's own process
 * tears it down on SIGTERM; when that process is gone or stuck, the machine's real state is cleaned
 * by run id (fabric gc), so nothing depends on the crashed process' memory.
 */
import { readdir, rm } from 'node:fs/promises';
import { logger } from '../core/logger.ts';
import { RUN_ID_PATTERN } from '../core/run-id.ts';
import { RUN_DATA_ROOT } from './lab-runner.ts';
import { liveRunIds } from '../fabric/run-lease.ts';
import { waitFor } from '../core/wait.ts';
import { gc as fabricGc } from '../fabric/fabric.ts';
import { isProcessAlive, listLabRecords, removeLabRecord, type LabRecord } from './lab-registry.ts';

const log = logger('lab');

export async function stopLab(rec: LabRecord, options: { timeoutMs?: number } = {}): Promise<void> {
  if (isProcessAlive(rec.pid) && rec.pid !== process.pid) {
    process.kill(rec.pid, 'SIGTERM');
    const stopped = await waitFor(() => !isProcessAlive(rec.pid), {
      what: `lab ${rec.name}'s process ${rec.pid} to exit`,
      timeoutMs: options.timeoutMs ?? 120_000,
      intervalMs: 100,
    }).catch(() => false);
    if (!stopped) {
      log('process %d did not stop; killing it and cleaning by run id', rec.pid);
      try {
        process.kill(rec.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  // Whatever the process managed or not, the run's objects go (idempotent when already gone).
  await fabricGc({ runId: rec.runId });
  await rm(`${RUN_DATA_ROOT}/${rec.runId}`, { recursive: true, force: true });
  await removeLabRecord(rec.key);
}

/** Data directories (EFS exports) of runs that no live lab holds. */
async function collectRunData(keep: readonly string[], live: (runId: string) => boolean): Promise<string[]> {
  const removed: string[] = [];
  const entries = await readdir(RUN_DATA_ROOT).catch(() => [] as string[]);
  for (const runId of entries) {
    if (!RUN_ID_PATTERN.test(runId) || keep.includes(runId) || live(runId)) continue;
    await rm(`${RUN_DATA_ROOT}/${runId}`, { recursive: true, force: true });
    removed.push(`data ${RUN_DATA_ROOT}/${runId}`);
  }
  return removed;
}

/** Removes records of dead labs and every object of a run no live lab holds. */
export async function collectGarbage(): Promise<{ removed: string[] }> {
  const removed: string[] = [];
  const keep: string[] = [];
  for (const rec of await listLabRecords()) {
    if (isProcessAlive(rec.pid)) {
      keep.push(rec.runId);
    } else {
      await removeLabRecord(rec.key);
      removed.push(`record ${rec.name}`);
    }
  }
  const result = await fabricGc({ keepRunIds: keep });
  // A run whose fabric lease is still held (a lab being built, a test run) keeps its data too.
  const leased = liveRunIds();
  const data = await collectRunData(keep, (runId) => leased.has(runId));
  return { removed: [...removed, ...result.removed, ...data] };
}
