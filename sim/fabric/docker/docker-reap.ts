/**
 * The docker driver's reaper: containers, then docker networks, found by the run-id label. Docker
 * filters on the label, so the label on the object itself is the proof of ownership.
 */
import { LABEL_RUN_ID } from '../../core/run-id.ts';
import type { ReapContext } from '../driver.ts';
import { DockerCli } from './docker-cli.ts';

export async function reapDocker(ctx: ReapContext): Promise<string[]> {
  const docker = new DockerCli(ctx.exec);
  // Containers first: their namespaces take their veths (and the veths' machine ends) with them.
  const containers = (await docker.labelled('container', ctx.runId)).filter((c) => ctx.wanted(c.runId));
  for (const c of containers) ctx.proofLog('removing container %s: proof label %s=%s', c.name, LABEL_RUN_ID, c.runId);
  await docker.removeContainers(containers.map((c) => c.id));
  const removed = containers.map((c) => `container ${c.name}`);
  for (const n of (await docker.labelled('network', ctx.runId)).filter((x) => ctx.wanted(x.runId))) {
    ctx.proofLog('removing docker network %s: proof label %s=%s', n.name, LABEL_RUN_ID, n.runId);
    await docker.removeNetwork(n.id);
    removed.push(`docker network ${n.name}`);
  }
  return removed;
}
