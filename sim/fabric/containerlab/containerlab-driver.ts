/**
 * The containerlab driver: containerlab creates the hosts — one `containerlab deploy` for all the
 * hosts a lab starts with (the fabric's bulk hook, createHosts), one more per host added to a
 * running lab — as `linux` nodes of our lab images with the run-id label and `network-mode: none`
 * (host-topology.ts). `containerlab inspect` gives their PIDs, and from there the fabric plumbs
 * them exactly as docker's containers: same bridges, veths, addresses and firewall rules, same
 * nsenter into the container (the docker driver's hostFromRecord). So the simulator, the EFS and
 * the service endpoints bind to them through the same code.
 *
 * Teardown: `containerlab destroy --cleanup` of each deployment whose hosts all go (its containers,
 * its lab directory, its ssh config), then our file and the namespace links containerlab leaves;
 * hosts removed one by one go by their container (`docker rm`). gc's reaper (reap.ts) removes the
 * same from the machine's state after a crash.
 */
import { HarnessError, cleanupFailed } from '../../core/errors.ts';
import type { StepFailure } from '../../core/errors.ts';
import type { DriverContext, HostDriver } from '../driver.ts';
import type { HostRecord, HostSpec } from '../types.ts';
import { dockerDriver } from '../docker/docker-driver.ts';
import { DockerCli } from '../docker/docker-cli.ts';
import { getRecipe } from '../images/registry.ts';
import { ensureImage } from '../images/image-build.ts';
import { containerlabInstalled } from './cli.ts';
import { deployTopology, deploymentOf, destroyTopology, type ContainerlabDeployment } from './deploy.ts';
import { hostTopology } from './host-topology.ts';
import { inspectLab, type InspectedNode } from './inspect.ts';
import { deploymentName } from './lab-name.ts';
import { removeDanglingNetnsLinks } from './netns-links.ts';
import { reapContainerlab } from './reap.ts';

interface Deployment {
  d: ContainerlabDeployment;
  /** The hosts still in it: it is destroyed whole when the last ones go. */
  hosts: Set<string>;
}

/** Per run, this process's deployments (gc finds a crashed process's ones from the machine). */
const deployments = new Map<string, Deployment[]>();
/** Per run, the number of deployments made: each gets its own containerlab lab name. */
const deployCount = new Map<string, number>();

/** The run's next deployment, its name taken before any await so concurrent calls never share one. */
function nextDeployment(ctx: DriverContext): ContainerlabDeployment {
  const n = deployCount.get(ctx.runId) ?? 0;
  deployCount.set(ctx.runId, n + 1);
  return deploymentOf(ctx.runId, deploymentName(ctx.labName, ctx.runId, n));
}

/** Each host's record from what containerlab reports; a host without a running process is a clear error. */
export function recordsOf(d: ContainerlabDeployment, specs: readonly HostSpec[], nodes: readonly InspectedNode[]): HostRecord[] {
  return specs.map((spec) => {
    const node = nodes.find((n) => n.node === spec.name);
    if (!node || !Number.isInteger(node.pid) || node.pid <= 0) {
      const seen = node ? `its container ${node.container} is ${node.state} with pid ${node.pid}` : `no container of node ${spec.name} (listed: ${nodes.map((n) => n.node).join(', ') || 'none'})`;
      throw new HarnessError('HOST_START_FAILED', `host ${spec.name} did not start: containerlab inspect of lab ${d.name} shows ${seen} (file ${d.file})`, { details: { host: spec.name, lab: d.name } });
    }
    return { name: spec.name, driver: 'containerlab', pid: node.pid, containerId: node.container };
  });
}

async function createHosts(ctx: DriverContext, specs: readonly HostSpec[]): Promise<HostRecord[]> {
  const d = nextDeployment(ctx);
  const recipes = [...new Set(specs.map((s) => s.image))];
  const tags = new Map(await Promise.all(recipes.map(async (r) => [r, await ensureImage(getRecipe(r), ctx.exec)] as const)));
  const entry: Deployment = { d, hosts: new Set(specs.map((s) => s.name)) };
  deployments.set(ctx.runId, [...(deployments.get(ctx.runId) ?? []), entry]);
  try {
    await deployTopology(ctx.exec, d, hostTopology(ctx, d.name, specs, tags));
    return recordsOf(d, specs, await inspectLab(ctx.exec, d.file, d.name));
  } catch (err) {
    await destroyTopology(ctx.exec, d).catch(() => undefined);
    deployments.set(ctx.runId, (deployments.get(ctx.runId) ?? []).filter((e) => e !== entry));
    throw err;
  }
}

async function removeHosts(ctx: DriverContext, records: readonly HostRecord[]): Promise<void> {
  const going = new Set(records.map((r) => r.name));
  const mine = deployments.get(ctx.runId) ?? [];
  const whole = mine.filter((e) => [...e.hosts].every((h) => going.has(h)));
  const failures: StepFailure[] = [];
  await Promise.all(whole.map((e) => destroyTopology(ctx.exec, e.d).catch((error: unknown) => failures.push({ step: `containerlab destroy ${e.d.name}`, error }))));
  const destroyed = new Set(whole.filter((e) => !failures.some((f) => f.step.endsWith(` ${e.d.name}`))).flatMap((e) => [...e.hosts]));
  // Hosts of a deployment that stays (removed one by one), or whose destroy failed: by their container.
  const rest = records.filter((r) => !destroyed.has(r.name));
  await new DockerCli(ctx.exec).removeContainers(rest.map((r) => r.containerId ?? r.name));
  for (const e of mine) {
    for (const r of rest) if (e.hosts.delete(r.name)) await removeDanglingNetnsLinks(e.d.name);
  }
  const left = mine.filter((e) => !whole.includes(e) && e.hosts.size > 0);
  if (left.length > 0) deployments.set(ctx.runId, left);
  else deployments.delete(ctx.runId);
  if (failures.length > 0) throw cleanupFailed(`containerlab teardown of run ${ctx.runId}`, failures);
}

export const containerlabDriver: HostDriver = {
  name: 'containerlab',
  missing: (caps) => [...dockerDriver.missing(caps), ...(containerlabInstalled() ? [] : ['the containerlab CLI (scripts/setup.sh containerlab builds it into .tools/go-bin)'])],
  createHosts,
  async createHost(ctx: DriverContext, spec: HostSpec): Promise<HostRecord> {
    return (await createHosts(ctx, [spec]))[0] as HostRecord;
  },
  async removeHost(ctx: DriverContext, record: HostRecord): Promise<void> {
    await removeHosts(ctx, [record]);
  },
  removeHosts,
  // A containerlab node is a docker container: entered with nsenter through its PID, as docker's.
  hostFromRecord: (record, exec) => dockerDriver.hostFromRecord(record, exec),
  reap: reapContainerlab,
};
