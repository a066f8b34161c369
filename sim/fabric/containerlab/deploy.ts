/**
 * Deploys a rendered lab with the containerlab CLI (through the one Exec wrapper): creates the
 * segment bridges containerlab expects to exist, lets bridged IPv4 through Docker's FORWARD DROP
 * policy with the fabric's own accept rule per bridge (firewall.ts, DESIGN §6), then
 * `containerlab deploy`. Everything carries the run id the way the fabric names it — bridges
 * `vl<runid>b<n>`, rules commented `vracklab.run-id=<id>`, a run lease — so `vracklab gc` reaps a
 * crashed deploy. Destroy is idempotent and continues past errors.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError, describeError } from '../../core/errors.ts';
import type { Exec } from '../../core/exec.ts';
import { logger } from '../../core/logger.ts';
import { assertRunId } from '../../core/run-id.ts';
import type { ResolvedLab } from '../../topology/model.ts';
import { acceptChain, allowBridge, deleteRule, listRules } from '../firewall.ts';
import { bridgeName, markLinkLine } from '../names.ts';
import { Plumbing } from '../plumbing.ts';
import { releaseLease, takeLease } from '../run-lease.ts';
import { renderContainerlab, type ContainerlabOptions } from './render.ts';

const log = logger('containerlab');

export interface ContainerlabDeployment {
  runId: string;
  /** The .clab.yml written for this run. */
  file: string;
  bridges: string[];
  /** The chain holding the bridges' accept rules (DOCKER-USER, else FORWARD); null without iptables. */
  chain: string | null;
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
  const bridges = lab.segments.map((_, i) => bridgeName(runId, i));
  const chain = await acceptChain(exec);
  const deployment: ContainerlabDeployment = { runId, file, bridges, chain };
  // The lease marks the run as alive, so a global gc of another lab spares it while it deploys and runs.
  takeLease(runId);
  try {
    await new Plumbing(exec).hostBatch(bridges.flatMap((br) => [`link add ${br} type bridge`, markLinkLine(br, runId), `link set ${br} up`]));
    if (chain) for (const br of bridges) await allowBridge(exec, chain, br, runId);
    await exec('containerlab', ['deploy', '-t', file, '--reconfigure'], { timeoutMs: 600_000 });
  } catch (err) {
    log('deploy of %s failed, rolling back: %O', file, err);
    await destroyContainerlab(exec, deployment).catch(() => undefined);
    throw err;
  }
  return deployment;
}

/** Removes the containerlab topology, the run's rules and bridges, and its lease. Idempotent; reports every failure at the end. */
export async function destroyContainerlab(exec: Exec, d: ContainerlabDeployment): Promise<void> {
  const failures: string[] = [];
  const r = await exec('containerlab', ['destroy', '-t', d.file, '--cleanup'], { allowFailure: true, timeoutMs: 300_000 }).catch((e: unknown) => ({ exitCode: 1, stderr: String(e) }));
  // "does not exist" answers mean the topology is already gone: that is success for a teardown.
  if (r.exitCode !== 0 && !/(does not exist|not found)/i.test(r.stderr)) failures.push(`containerlab destroy: ${r.stderr.trim()}`);
  // Rules are found by their run-id comment, as gc finds them: deleting by spec survives concurrent inserts.
  if (d.chain) {
    try {
      for (const rule of await listRules(exec)) if (rule.runId === d.runId) await deleteRule(exec, rule);
    } catch (err) {
      failures.push(`accept rules: ${describeError(err)}`);
    }
  }
  try {
    await new Plumbing(exec).deleteLinks(d.bridges);
  } catch (err) {
    failures.push(`bridges: ${describeError(err)}`);
  }
  await rm(d.file, { force: true });
  releaseLease(d.runId);
  if (failures.length > 0) {
    throw new HarnessError('CONTAINERLAB_DESTROY_FAILED', `containerlab teardown incomplete: ${failures.length} step(s) failed (${failures.join('; ')})`, { details: { failures } });
  }
}
