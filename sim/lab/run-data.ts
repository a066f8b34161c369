/**
 * Where a run keeps files on the machine (EFS export roots, ganesha's state): a tmpfs of its own,
 * mounted by us at `<RUN_DATA_ROOT>/<runId>`, mode 0700, nosuid and nodev. So what lab hosts write
 * over NFS never lands on the host's root filesystem: a setuid file planted by a root client has no
 * effect, other local users cannot even traverse to it, and the file handles ganesha's capabilities
 * could open stay on that tmpfs (not the Shocker reach into the host's filesystem).
 * The mount's source names the run (`vracklab-<runId>`): teardown, failure and gc find and unmount it.
 */
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { realExec, type Exec } from '../core/exec.ts';
import { logger } from '../core/logger.ts';
import { assertRunId } from '../core/run-id.ts';

const proofLog = logger('gc');

/** Parent of every run's data mount: 0700, root only. */
export const RUN_DATA_ROOT = process.env.VRACKLAB_DATA_DIR ?? '/var/lib/vracklab';
/** A bound for the whole run's files (EFS shares are test data; tmpfs pages are only used when written). */
export const RUN_DATA_SIZE = '512m';

export const runDataDir = (runId: string): string => join(RUN_DATA_ROOT, assertRunId(runId));
/** The mount source: the run id on the mount itself, the marker gc looks for. */
/** The export root of one EFS of a run (lab-runner serves it, a reset takes back one added at runtime). */
export const efsExportRoot = (runId: string, service: string): string => `${runDataDir(runId)}/efs-${service}`;

export const runDataSource = (runId: string): string => `vracklab-${assertRunId(runId)}`;

/** In-flight and done mounts of this process: EFS hosts are created concurrently, and two checks-then-mounts would stack two tmpfs. */
const mounting = new Map<string, Promise<string>>();

/** Mounts the run's tmpfs, once per run however many EFS hosts ask at once. Returns its directory. */
export function mountRunData(runId: string, exec: Exec = realExec): Promise<string> {
  let p = mounting.get(runId);
  if (!p) {
    p = (async () => {
      const dir = runDataDir(runId);
      await mkdir(RUN_DATA_ROOT, { recursive: true, mode: 0o700 });
      await chmod(RUN_DATA_ROOT, 0o700);
      if ((await runDataMounts()).has(runId)) return dir;
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await exec('mount', ['-t', 'tmpfs', '-o', `mode=0700,nosuid,nodev,size=${RUN_DATA_SIZE}`, runDataSource(runId), dir]);
      return dir;
    })();
    mounting.set(runId, p);
    p.catch(() => mounting.delete(runId));
  }
  return p;
}

/** Bound on unmount attempts: more than one mount there is already a bug, never a loop. */
const MAX_UNMOUNTS = 4;

/**
 * Unmounts the run's tmpfs (every layer, if ever stacked) and removes its (then empty) directory.
 * Lazy when busy (an EFS container still holding a bind of it): the data is freed when the last
 * user goes. Idempotent.
 */
export async function removeRunData(runId: string, exec: Exec = realExec): Promise<void> {
  const dir = runDataDir(runId);
  mounting.delete(runId);
  for (let i = 0; i < MAX_UNMOUNTS && (await runDataMounts()).has(runId); i++) {
    const r = await exec('umount', [dir], { allowFailure: true });
    if (r.exitCode !== 0) await exec('umount', ['--lazy', dir], { allowFailure: true });
  }
  // Only once nothing is mounted there: never a recursive delete through a still-mounted tmpfs we lost track of.
  if (!(await runDataMounts()).has(runId)) await rm(dir, { recursive: true, force: true });
}

/**
 * Run ids with a data tmpfs mounted here, from the machine's mount table: source `vracklab-<id>`,
 * type tmpfs, mount point `<RUN_DATA_ROOT>/<id>` — all three, so nobody else's mount qualifies.
 */
export async function runDataMounts(mountinfo?: string): Promise<Set<string>> {
  const text = mountinfo ?? (await readFile('/proc/self/mountinfo', 'utf8').catch(() => ''));
  const ids = new Set<string>();
  for (const line of text.split('\n')) {
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const mountPoint = left.split(' ')[4];
    const [fsType, source] = right.split(' ');
    const m = /^vracklab-([a-z0-9]{6})$/.exec(source ?? '');
    if (fsType === 'tmpfs' && m && mountPoint === join(RUN_DATA_ROOT, m[1] as string)) ids.add(m[1] as string);
  }
  return ids;
}

/** gc: unmounts and removes the data of runs not kept (each with its proof in DEBUG=vracklab:gc). */
export async function collectRunDataMounts(keep: (runId: string) => boolean, exec: Exec = realExec): Promise<string[]> {
  const removed: string[] = [];
  for (const runId of await runDataMounts()) {
    if (keep(runId)) continue;
    proofLog('unmounting run data %s: proof tmpfs source %s at %s', runDataDir(runId), runDataSource(runId), runDataDir(runId));
    await removeRunData(runId, exec);
    removed.push(`data mount ${runDataDir(runId)}`);
  }
  return removed;
}
