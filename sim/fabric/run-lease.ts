/**
 * A live fabric holds a lease: a file named after its run id holding its process id. A global gc
 * (no run id given) spares runs whose holder is alive — other labs and test suites share this
 * machine, and a gc must only reap what crashed. The lease is machine state, not memory: a crashed
 * process leaves a file naming a dead PID, which gc then reaps.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_ID_PATTERN } from '../core/run-id.ts';

export function leaseDir(): string {
  return process.env.VRACKLAB_RUN_DIR ?? '/run/vracklab/runs';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Best effort: without a writable lease directory the run is simply not protected from a global gc. */
export function takeLease(runId: string, dir = leaseDir()): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, runId), `${process.pid}\n`);
    return true;
  } catch {
    return false;
  }
}

export function releaseLease(runId: string, dir = leaseDir()): void {
  rmSync(join(dir, runId), { force: true });
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
    const pid = Number(text.trim());
    (Number.isInteger(pid) && pid > 0 && alive(pid) ? live : stale).add(name);
  }
  return { live, stale };
}
