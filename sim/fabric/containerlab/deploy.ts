/**
 * Deploys and destroys one containerlab topology file (through the one Exec wrapper): the
 * containerlab driver deploys its hosts this way (containerlab-driver.ts), and tests deploy
 * `vracklab export --format containerlab` renderings with it. Files and containerlab's lab
 * directories live in containerlabDir() under lab names that end in the run id, so `vracklab gc`
 * finds a crashed deploy (reap.ts). The run's lease is the caller's (the fabric's). Destroy is
 * idempotent.
 */
import { removeDanglingNetnsLinks } from './netns-links.ts';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { HarnessError } from '../../core/errors.ts';
import type { Exec } from '../../core/exec.ts';
import { logger } from '../../core/logger.ts';
import { assertRunId } from '../../core/run-id.ts';
import { leaseDir } from '../run-lease.ts';
import { CONTAINERLAB_ENV, containerlabBin, containerlabVersion } from './cli.ts';
import { clabNameRunId } from './lab-name.ts';

const log = logger('containerlab');

/** Where deployments keep their .clab.yml and containerlab its lab directories: only vracklab writes here. */
export function containerlabDir(): string {
  return process.env.VRACKLAB_CLAB_DIR ?? join(dirname(leaseDir()), 'containerlab');
}

/** containerlab's `ERRO Failed to execute command command=… node=X rc=N` log lines, with the stderr line after each. */
export function execFailures(log: string): string[] {
  const lines = log.split('\n');
  const out: string[] = [];
  lines.forEach((l, i) => {
    if (!l.includes('Failed to execute command')) return;
    const node = /node=(\S+)/.exec(l)?.[1] ?? '?';
    const rc = /rc=(\S+)/.exec(l)?.[1] ?? '?';
    const why = lines.slice(i + 1, i + 4).find((x) => /│/.test(x))?.replace(/^\s*│\s*/, '').trim() ?? '';
    out.push(`node ${node}: exit ${rc}${why ? `: ${why}` : ''}`);
  });
  return out;
}

export interface ContainerlabDeployment {
  runId: string;
  /** containerlab's lab name (`vracklab-<lab>-…-<runId>`). */
  name: string;
  /** The .clab.yml written for this deployment. */
  file: string;
  /** containerlab's lab directory, next to the file. */
  labDir: string;
}

/** Where lab `name` of run `runId` lives: its name must end in the run id (gc's proof reads it there). */
export function deploymentOf(runId: string, name: string, dir = containerlabDir()): ContainerlabDeployment {
  assertRunId(runId);
  if (clabNameRunId(name) !== runId) throw new HarnessError('INVALID_INPUT', `invalid containerlab lab name ${JSON.stringify(name)}: it must be vracklab-<lab>-<run id> and end in run id ${runId}`);
  return { runId, name, file: join(dir, `${name}.clab.yml`), labDir: join(dir, `clab-${name}`) };
}

/** Writes `topology` (a rendered .clab.yml naming lab `d.name`) and deploys it; on failure rolls back (destroy) and throws. */
export async function deployTopology(exec: Exec, d: ContainerlabDeployment, topology: string): Promise<void> {
  if ((await containerlabVersion(exec)) === null) {
    throw new HarnessError('CONTAINERLAB_MISSING', 'cannot deploy with containerlab: the containerlab CLI is not installed or does not run (run scripts/setup.sh containerlab, or use the docker or netns driver)');
  }
  await mkdir(dirname(d.file), { recursive: true });
  // Exclusive: a file already there is another deployment of this name, never overwritten nor rolled back.
  await writeFile(d.file, topology, { flag: 'wx' });
  try {
    const r = await exec(containerlabBin(), ['deploy', '-t', d.file], { timeoutMs: 600_000, env: CONTAINERLAB_ENV });
    // containerlab only logs a failed exec command and reports success: a node without its addresses is a failed deploy.
    const failed = execFailures(r.stderr);
    if (failed.length > 0) throw new HarnessError('CONTAINERLAB_EXEC_FAILED', `containerlab deploy of ${d.name}: ${failed.length} node setup command(s) failed (${failed.join('; ')})`, { details: { failed } });
  } catch (err) {
    log('deploy of %s failed, rolling back: %O', d.file, err);
    await destroyTopology(exec, d).catch(() => undefined);
    throw err;
  }
}

/** Removes the containers (`containerlab destroy --cleanup`), the lab directory, the file and the dangling namespace links. Idempotent. */
export async function destroyTopology(exec: Exec, d: ContainerlabDeployment): Promise<void> {
  const r = await exec(containerlabBin(), ['destroy', '-t', d.file, '--cleanup'], { allowFailure: true, timeoutMs: 300_000, env: CONTAINERLAB_ENV }).catch((e: unknown) => ({ exitCode: 1, stderr: String(e) }));
  // "does not exist"/"no containers found" answers mean the topology is already gone: success for a teardown.
  const failed = r.exitCode !== 0 && !/(does not exist|not found|no such file)/i.test(r.stderr);
  if (!failed) {
    await rm(d.labDir, { recursive: true, force: true });
    await rm(d.file, { force: true });
    await removeDanglingNetnsLinks(d.name);
    return;
  }
  // The file stays: a later destroy, or gc (by the containers' labels and the run's lease), finishes the job.
  throw new HarnessError('CONTAINERLAB_DESTROY_FAILED', `containerlab teardown incomplete: containerlab destroy failed (${r.stderr.trim()}) (lab ${d.name}, file ${d.file})`);
}
