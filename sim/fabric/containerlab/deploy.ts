/**
 * Deploys a rendered lab with the containerlab CLI (through the one Exec wrapper). The rendered
 * file is self-contained (render.ts: the vRack segments are bridges inside a backplane node, every
 * node `network-mode: none`), so containerlab creates containers, veths between them, its lab
 * directory `clab-<name>` next to the file, and an ssh config file — nothing on the machine's
 * network stack. Containers carry the run-id label; the file and the lab directory live in
 * containerlabDir() under names with the run id; a run lease protects the run from a global gc.
 * So `vracklab gc` reaps a crashed deploy (reap.ts). Destroy is idempotent.
 */
import { removeDanglingNetnsLinks } from './netns-links.ts';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { HarnessError } from '../../core/errors.ts';
import type { Exec } from '../../core/exec.ts';
import { logger } from '../../core/logger.ts';
import { assertRunId } from '../../core/run-id.ts';
import type { ResolvedLab } from '../../topology/model.ts';
import { leaseDir, releaseLease, takeLease } from '../run-lease.ts';
import { CONTAINERLAB_ENV, containerlabBin, containerlabVersion } from './cli.ts';
import { containerlabName, renderContainerlab, type ContainerlabOptions } from './render.ts';

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
  /** containerlab's lab name (`vracklab-<lab>-<runId>`). */
  name: string;
  /** The .clab.yml written for this run. */
  file: string;
  /** containerlab's lab directory, next to the file. */
  labDir: string;
}

export async function deployContainerlab(
  exec: Exec,
  lab: ResolvedLab,
  options: { runId: string; dir?: string; images?: ContainerlabOptions['images'] },
): Promise<ContainerlabDeployment> {
  const runId = assertRunId(options.runId);
  if ((await containerlabVersion(exec)) === null) {
    throw new HarnessError('CONTAINERLAB_MISSING', 'cannot deploy with containerlab: the containerlab CLI is not installed or does not run (run scripts/setup.sh containerlab, or use the docker or netns driver)');
  }
  const dir = options.dir ?? containerlabDir();
  await mkdir(dir, { recursive: true });
  const name = containerlabName(lab, runId);
  const file = join(dir, `${name}.clab.yml`);
  const deployment: ContainerlabDeployment = { runId, name, file, labDir: join(dir, `clab-${name}`) };
  // The lease marks the run as alive, so a global gc of another lab spares it while it deploys and runs.
  takeLease(runId);
  try {
    await writeFile(file, renderContainerlab(lab, { runId, ...(options.images ? { images: options.images } : {}) }));
    const r = await exec(containerlabBin(), ['deploy', '-t', file, '--reconfigure'], { timeoutMs: 600_000, env: CONTAINERLAB_ENV });
    // containerlab only logs a failed exec command and reports success: a node without its addresses is a failed deploy.
    const failed = execFailures(r.stderr);
    if (failed.length > 0) throw new HarnessError('CONTAINERLAB_EXEC_FAILED', `containerlab deploy of ${name}: ${failed.length} node setup command(s) failed (${failed.join('; ')})`, { details: { failed } });
  } catch (err) {
    log('deploy of %s failed, rolling back: %O', file, err);
    await destroyContainerlab(exec, deployment).catch(() => undefined);
    throw err;
  }
  return deployment;
}

/** Removes the containers, the lab directory, the file and the lease. Idempotent. */
export async function destroyContainerlab(exec: Exec, d: ContainerlabDeployment): Promise<void> {
  const r = await exec(containerlabBin(), ['destroy', '-t', d.file, '--cleanup'], { allowFailure: true, timeoutMs: 300_000, env: CONTAINERLAB_ENV }).catch((e: unknown) => ({ exitCode: 1, stderr: String(e) }));
  // "does not exist"/"no containers found" answers mean the topology is already gone: success for a teardown.
  const failed = r.exitCode !== 0 && !/(does not exist|not found|no such file)/i.test(r.stderr);
  if (!failed) {
    await rm(d.labDir, { recursive: true, force: true });
    await rm(d.file, { force: true });
    await removeDanglingNetnsLinks(d.name);
    releaseLease(d.runId);
    return;
  }
  // The file and the lease stay: a later destroy, or gc (the lease names this dead process), finishes the job.
  throw new HarnessError('CONTAINERLAB_DESTROY_FAILED', `containerlab teardown incomplete: containerlab destroy failed (${r.stderr.trim()}) (lab ${d.name}, file ${d.file})`);
}
