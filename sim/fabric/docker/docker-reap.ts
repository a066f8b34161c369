/**
 * The docker driver's reaper: containers, then docker networks, found by the run-id label. Docker
 * filters on the label, so the label on the object itself is the proof of ownership.
 */
import { LABEL_RUN_ID } from '../../core/run-id.ts';
import type { ReapContext } from '../driver.ts';
import { listed } from '../machine-listing.ts';

/** `ID RUNID NAME` lines of the labelled objects of wanted runs. */
async function labelled(ctx: ReapContext, args: string[], nameField: string): Promise<string[][]> {
  const filter = ctx.runId ? `label=${LABEL_RUN_ID}=${ctx.runId}` : `label=${LABEL_RUN_ID}`;
  return (await listed(ctx.exec, 'docker', [...args, '--filter', filter, '--format', `{{.ID}} {{.Label "${LABEL_RUN_ID}"}} {{${nameField}}}`]))
    .map((l) => l.split(' '))
    .filter((w) => ctx.wanted(w[1]));
}

export async function reapDocker(ctx: ReapContext): Promise<string[]> {
  const removed: string[] = [];
  // Containers first: their namespaces take their veths (and the veths' machine ends) with them.
  const containers = await labelled(ctx, ['ps', '--all'], '.Names');
  if (containers.length > 0) {
    for (const w of containers) ctx.proofLog('removing container %s: proof label %s=%s', w[2] ?? w[0], LABEL_RUN_ID, w[1]);
    await ctx.exec('docker', ['rm', '--force', '--volumes', ...containers.map((w) => w[0] as string)], { allowFailure: true, timeoutMs: 120_000 });
    removed.push(...containers.map((w) => `container ${w[2] ?? w[0]}`));
  }
  for (const w of await labelled(ctx, ['network', 'ls'], '.Name')) {
    ctx.proofLog('removing docker network %s: proof label %s=%s', w[2] ?? w[0], LABEL_RUN_ID, w[1]);
    await ctx.exec('docker', ['network', 'rm', w[0] as string], { allowFailure: true });
    removed.push(`docker network ${w[2] ?? w[0]}`);
  }
  return removed;
}
