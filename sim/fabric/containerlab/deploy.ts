/**
 * Deploys a rendered lab with the containerlab CLI (through the one Exec wrapper): creates the
 * segment bridges containerlab expects to exist, lets bridged IPv4 through Docker's FORWARD DROP
 * policy with a DOCKER-USER accept rule per bridge (DESIGN §6), then `containerlab deploy`.
 * Everything carries the run id; destroy is idempotent and continues past errors.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../../core/errors.ts';
import type { Exec } from '../../core/exec.ts';
import { logger } from '../../core/logger.ts';
import { assertRunId } from '../../core/run-id.ts';
import type { ResolvedLab } from '../../topology/model.ts';
import { bridgeName, renderContainerlab, type ContainerlabOptions } from './render.ts';

const log = logger('containerlab');

export interface ContainerlabDeployment {
  runId: string;
  /** The .clab.yml written for this run. */
  file: string;
  bridges: string[];
  /** Whether DOCKER-USER accept rules were added (only when Docker's chain exists). */
  dockerUserRules: boolean;
}

function ruleArgs(verb: '-I' | '-D', bridge: string, runId: string): string[] {
  return [verb, 'DOCKER-USER', '-i', bridge, '-o', bridge, '-j', 'ACCEPT', '-m', 'comment', '--comment', `vracklab:${runId}`];
}

export async function deployContainerlab(
  exec: Exec,
  lab: ResolvedLab,
  options: { runId: string; dir: string; images?: ContainerlabOptions['images'] },
): Promise<ContainerlabDeployment> {
  const runId = assertRunId(options.runId);
  const version = await exec('containerlab', ['version'], { allowFailure: true }).catch(() => undefined);
  if (!version || version.exitCode !== 0) {
    throw new HarnessError('CONTAINERLAB_MISSING', 'cannot deploy with containerlab: the containerlab CLI is not installed or does not run (install it from https://containerlab.dev/install, or use the docker or netns driver)');
  }
  await mkdir(options.dir, { recursive: true });
  const file = join(options.dir, `${lab.name}-${runId}.clab.yml`);
  await writeFile(file, renderContainerlab(lab, { runId, ...(options.images ? { images: options.images } : {}) }));
  const bridges = lab.segments.map((s) => bridgeName(lab, s, runId));
  const dockerUserRules = (await exec('iptables', ['-S', 'DOCKER-USER'], { allowFailure: true })).exitCode === 0;
  const deployment: ContainerlabDeployment = { runId, file, bridges, dockerUserRules };
  try {
    for (const br of bridges) {
      await exec('ip', ['link', 'add', br, 'type', 'bridge']);
      await exec('ip', ['link', 'set', br, 'up']);
      if (dockerUserRules) await exec('iptables', ruleArgs('-I', br, runId));
    }
    await exec('containerlab', ['deploy', '-t', file, '--reconfigure'], { timeoutMs: 600_000 });
  } catch (err) {
    log('deploy of %s failed, rolling back: %O', file, err);
    await destroyContainerlab(exec, deployment).catch(() => undefined);
    throw err;
  }
  return deployment;
}

/** Removes the containerlab topology, the rules and the bridges. Idempotent; reports every failure at the end. */
export async function destroyContainerlab(exec: Exec, d: ContainerlabDeployment): Promise<void> {
  const failures: string[] = [];
  const attempt = async (what: string, file: string, args: string[]): Promise<void> => {
    const r = await exec(file, args, { allowFailure: true, timeoutMs: 300_000 }).catch((e: unknown) => ({ exitCode: 1, stderr: String(e) }));
    // "does not exist" answers mean the object is already gone: that is success for a teardown.
    if (r.exitCode !== 0 && !/(Cannot find device|does not exist|No chain|Bad rule|not found)/i.test(r.stderr)) failures.push(`${what}: ${r.stderr.trim()}`);
  };
  await attempt('containerlab destroy', 'containerlab', ['destroy', '-t', d.file, '--cleanup']);
  for (const br of d.bridges) {
    if (d.dockerUserRules) await attempt(`DOCKER-USER rule for ${br}`, 'iptables', ruleArgs('-D', br, d.runId));
    await attempt(`bridge ${br}`, 'ip', ['link', 'del', br]);
  }
  await rm(d.file, { force: true });
  if (failures.length > 0) {
    throw new HarnessError('CONTAINERLAB_DESTROY_FAILED', `containerlab teardown incomplete: ${failures.length} step(s) failed (${failures.join('; ')})`, { details: { failures } });
  }
}
