/**
 * Stopping labs held by other processes, and collecting what crashed ones left. A lab's own process
 * tears it down on SIGTERM; when that process is gone or stuck, the machine's real state is cleaned
 * by run id (fabric gc), so nothing depends on the crashed process' memory.
 */
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { logger } from '../core/logger.ts';
import { HarnessError } from '../core/errors.ts';
import { assertRunId, RUN_ID_PATTERN } from '../core/run-id.ts';
import { liveRunIds } from '../fabric/run-lease.ts';
import { gc as fabricGc } from '../fabric/gc.ts';
import { assertRecordKey, isLabProcessAlive, isProcessAlive, labStateDir, listLabRecords, mayBeLabProcessAlive, removeLabRecord, type LabRecord } from './lab-registry.ts';
import { collectRunDataMounts, removeRunData, RUN_DATA_ROOT, runDataDir } from './run-data.ts';

const log = logger('lab');
const proofLog = logger('gc');

/** Stops a registered lab (by its record): asks its process to tear down, and removes what remains if it does not. */
export async function stopLab(rec: LabRecord, options: { timeoutMs?: number } = {}): Promise<void> {
  // A record is data from disk: nothing of it becomes a path or a signal unchecked.
  assertRecordKey(rec.key);
  assertRunId(rec.runId);
  if (rec.pid !== process.pid) {
    if (isLabProcessAlive(rec)) {
      proofLog('signalling lab %s process %d: proof start time %s as recorded', rec.name, rec.pid, rec.pidStartTime);
      process.kill(rec.pid, 'SIGTERM');
      const stopped = await labProcessDone(rec, options.timeoutMs ?? 120_000);
      if (stopped === 'record-removed') {
        // The lab's own teardown finished cleanly (it reaped its run id itself, then removed its
        // record last): nothing of the run is left to look for.
        log('lab %s tore itself down (run %s)', rec.name, rec.runId);
        return;
      }
      // Killed only if it is still the very process we recorded (not a PID reused meanwhile).
      if (!stopped && isLabProcessAlive(rec)) {
        log('process %d did not stop; killing it and cleaning by run id', rec.pid);
        try {
          process.kill(rec.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    } else if (isProcessAlive(rec.pid)) {
      proofLog('not signalling pid %d: it is not lab %s process (start time %s, recorded %s): a reused PID', rec.pid, rec.name, '(differs)', rec.pidStartTime ?? 'none');
    }
  }
  // Whatever the process managed or not, the run's objects go (idempotent when already gone). Only
  // the lab's own driver is asked: a netns lab made no containers (and dockerd is slow under load).
  await fabricGc({ runId: rec.runId, drivers: [rec.driver] });
  await removeRunData(rec.runId);
  await removeLabRecord(rec.key);
}

/**
 * How the lab's process ended: `record-removed` when its teardown finished cleanly (the record is
 * the last thing it removes, and only then; seen at once through a watch on the state directory),
 * `process-gone` when it exited without (a crash, a failed teardown: noticed by a coarse backstop
 * check), false after `timeoutMs`.
 */
export function labProcessDone(rec: LabRecord, timeoutMs: number): Promise<'record-removed' | 'process-gone' | false> {
  const file = `${rec.key}.json`;
  return new Promise((resolveDone) => {
    let watcher: FSWatcher | undefined;
    const finish = (done: 'record-removed' | 'process-gone' | false) => {
      clearTimeout(deadline);
      clearInterval(backstop);
      watcher?.close();
      resolveDone(done);
    };
    const recordGone = () => !existsSync(join(labStateDir(), file));
    const processGone = () => !isLabProcessAlive(rec);
    const deadline = setTimeout(() => finish(false), timeoutMs);
    // The backstop only looks for a crashed process: a clean teardown is seen by the watch.
    const backstop = setInterval(() => processGone() && finish(recordGone() ? 'record-removed' : 'process-gone'), PROCESS_EXIT_BACKSTOP_MS);
    try {
      watcher = watch(labStateDir(), (_event, name) => {
        if (name === file && recordGone()) finish('record-removed');
      });
    } catch (err) {
      log('cannot watch %s (%s): the backstop check alone notices the exit', labStateDir(), (err as Error).message);
    }
    if (recordGone()) finish('record-removed');
    else if (processGone()) finish('process-gone');
  });
}

/** How often a crashed lab process (no record removal to watch) is looked for. */
const PROCESS_EXIT_BACKSTOP_MS = 250;

/** Data directories (EFS exports) of runs that no live lab holds: their tmpfs first, then plain leftovers. */
async function collectRunData(keep: readonly string[], live: (runId: string) => boolean): Promise<string[]> {
  const spared = (runId: string) => keep.includes(runId) || live(runId);
  const removed = await collectRunDataMounts(spared);
  const entries = await readdir(RUN_DATA_ROOT).catch(() => [] as string[]);
  for (const runId of entries) {
    if (!RUN_ID_PATTERN.test(runId) || spared(runId)) continue;
    proofLog('removing run data %s: proof run id directory under %s, no live lab or lease', runDataDir(runId), RUN_DATA_ROOT);
    await removeRunData(runId);
    removed.push(`data ${runDataDir(runId)}`);
  }
  return removed;
}

/** Removes records of dead labs and every object of a run no live lab holds. */
export async function collectGarbage(): Promise<{ removed: string[] }> {
  const removed: string[] = [];
  const keep: string[] = [];
  for (const rec of await listLabRecords()) {
    // Alive means the recorded process with its recorded start time (a reused PID keeps nothing);
    // a record from before start times were recorded is kept while its PID exists.
    if (mayBeLabProcessAlive(rec)) {
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


/**
 * `vracklab gc RUNID`: every object of one run, found from the machine's state (what a crash of
 * that run left), and its record. A run a live lab still holds is refused: `vracklab down` stops it.
 */
export async function collectRun(runId: string): Promise<{ removed: string[] }> {
  assertRunId(runId);
  const records = (await listLabRecords()).filter((r) => r.runId === runId);
  const live = records.find((r) => mayBeLabProcessAlive(r));
  if (live) throw new HarnessError('LAB_RUNNING', `gc of run ${runId} refused: lab ${live.name} of this run is running (pid ${live.pid}); vracklab down ${live.name} stops it`, { details: { runId, name: live.name, pid: live.pid } });
  const { removed } = await fabricGc({ runId });
  if (existsSync(runDataDir(runId))) {
    await removeRunData(runId);
    removed.push(`data ${runDataDir(runId)}`);
  }
  for (const r of records) {
    await removeLabRecord(r.key);
    removed.push(`record ${r.name}`);
  }
  return { removed };
}
