/**
 * Stopping labs held by other processes, and collecting what crashed ones left. A lab's own process
 * tears it down on SIGTERM; when that process is gone or stuck, the machine's real state is cleaned
 * by run id (fabric gc), so nothing depends on the crashed process' memory.
 */
import { logger } from '../core/logger.ts';
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
  await removeLabRecord(rec.key);
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
  return { removed: [...removed, ...result.removed] };
}
