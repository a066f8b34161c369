/**
 * A live fabric holds a lease: a file named after its run id holding its process id and that
 * process's start time (so a recycled PID does not keep a crashed run alive). A global gc
 * (no run id given) spares runs whose holder is alive — other labs and test suites share this
 * machine, and a gc must only reap what crashed. The lease is machine state, not memory: a crashed
 * process leaves a file naming a dead PID, which gc then reaps.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { assertRunId, RUN_ID_PATTERN } from '../core/run-id.ts';

export function leaseDir(): string {
  return process.env.VRACKLAB_RUN_DIR ?? '/run/vracklab/runs';
}

/** A process's start time (clock ticks since boot, /proc/PID/stat field 22): tells a reused PID apart. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function alive(pid: number, started: string | undefined): boolean {
  const now = startTime(pid);
  if (now === undefined) return false;
  return started === undefined || started === now;
}

/** Best effort: without a writable lease directory the run is simply not protected from a global gc. */
export function takeLease(runId: string, dir = leaseDir()): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Written aside then renamed: a concurrent gc never reads a half-written (empty) lease and
    // takes the run for crashed. O_EXCL ('wx') and a random name: no planted symlink is followed.
    const tmp = join(dir, `.${assertRunId(runId)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      writeFileSync(tmp, `${process.pid} ${startTime(process.pid) ?? ''}\n`, { flag: 'wx', mode: 0o600 });
      renameSync(tmp, join(dir, runId));
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
    return true;
  } catch {
    return false;
  }
}

export function releaseLease(runId: string, dir = leaseDir()): void {
  // Validated: a run id read from a record must not become `../x`.
  rmSync(join(dir, assertRunId(runId)), { force: true });
}

/** Whether the run has a lease file (held or stale). */
export function hasLease(runId: string, dir = leaseDir()): boolean {
  return RUN_ID_PATTERN.test(runId) && existsSync(join(dir, runId));
}

/** A process's start time, exported for lab records (a `down` must not kill a reused PID). */
export function processStartTime(pid: number): string | undefined {
  return Number.isInteger(pid) && pid > 0 ? startTime(pid) : undefined;
}

/** Whether `pid` is alive AND is the process that started at `started` (not a reused PID). */
export function isSameProcess(pid: number, started: string | undefined): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || started === undefined) return false;
  return startTime(pid) === started;
}

/** Run ids whose fabric is held by a live process. */
export function liveRunIds(dir = leaseDir()): Set<string> {
  return leases(dir).live;
}

/** Lease files whose holder is dead: their runs crashed. */
export function staleRunIds(dir = leaseDir()): Set<string> {
  return leases(dir).stale;
}

function leases(dir: string): { live: Set<string>; stale: Set<string> } {
  const live = new Set<string>();
  const stale = new Set<string>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return { live, stale };
  }
  for (const name of names) {
    if (!RUN_ID_PATTERN.test(name)) continue;
    let text: string;
    try {
      text = readFileSync(join(dir, name), 'utf8');
    } catch {
      continue; // released meanwhile
    }
    const [pidText, started] = text.trim().split(/\s+/);
    const pid = Number(pidText);
    (Number.isInteger(pid) && pid > 0 && alive(pid, started || undefined) ? live : stale).add(name);
  }
  return { live, stale };
}
