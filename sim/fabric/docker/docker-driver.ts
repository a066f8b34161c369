/**
 * Default driver: each host is a container started with `--network none` (the fabric plumbs its
 * NICs itself, as containerlab does). Commands enter it with nsenter: measured here ~3 ms per
 * command against ~64 ms for `docker exec`, with the same namespaces and root filesystem.
 * `--privileged` fails on these machines, so capabilities are added one by one.
 */
import { HarnessError } from '../../core/errors.ts';
import type { Exec } from '../../core/exec.ts';
import { LABEL_LAB, LABEL_RUN_ID } from '../../core/run-id.ts';
import type { HostDriver, DriverContext, NodeSupport } from '../driver.ts';
import { LINUX_KIND } from '../../topology/node-kinds.ts';
import type { HostRecord, HostSpec } from '../types.ts';
import { containerName } from '../names.ts';
import { HOST_ENV, PrefixedHost } from '../prefixed-host.ts';
import { getRecipe, recipeNames } from '../images/registry.ts';
import { ensureImage } from '../images/image-build.ts';
import { reapDocker } from './docker-reap.ts';
import { DockerCli } from './docker-cli.ts';

export const LABEL_HOST = 'vracklab.host';
export const BASE_CAPS = ['NET_ADMIN', 'NET_RAW'];
/** Inside the container's root: the minimal host environment (PrefixedHost passes nothing of ours). */
export const CONTAINER_ENV: Record<string, string> = { ...HOST_ENV };

/** `docker run` arguments for a host (image already resolved to a tag). */
export function dockerRunArgs(ctx: { runId: string; labName: string }, spec: HostSpec, tag: string): string[] {
  const caps = [...new Set([...BASE_CAPS, ...(spec.capAdd ?? [])])];
  return [
    'run',
    '--detach',
    // No registry is reachable: a missing image must fail at once, not after a pull attempt.
    '--pull',
    'never',
    '--name',
    containerName(ctx.runId, spec.name),
    '--hostname',
    spec.name,
    '--network',
    'none',
    ...caps.flatMap((c) => ['--cap-add', c]),
    '--label',
    `${LABEL_RUN_ID}=${ctx.runId}`,
    '--label',
    `${LABEL_LAB}=${ctx.labName}`,
    '--label',
    `${LABEL_HOST}=${spec.name}`,
    ...(spec.volumes ?? []).flatMap((v) => ['--volume', `${v.source}:${v.target}`]),
    ...Object.entries(spec.sysctls ?? {}).flatMap(([k, v]) => ['--sysctl', `${k}=${v}`]),
    tag,
  ];
}

/** Enters every namespace of the container and its root: the command sees the container's files. */
export function containerPrefix(pid: number): string[] {
  return ['nsenter', '-t', String(pid), '-n', '-m', '-u', '-i', '-p', '-r', '-w'];
}

/** Runs a host's or node's container and finds its main process; a container that exits at once is removed and refused. */
async function startContainer(ctx: DriverContext, spec: HostSpec, tag: string): Promise<HostRecord> {
  const docker = new DockerCli(ctx.exec);
  const containerId = await docker.run(dockerRunArgs(ctx, spec, tag));
  const pidText = await docker.pidText(containerId);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) {
    await docker.removeContainers([containerId], { volumes: false });
    throw new HarnessError('HOST_START_FAILED', `host ${spec.name} did not start: its container has no running process (container ${containerId}, pid ${pidText || 'none'}; an image whose command exits at once cannot be a lab host or node)`, {
      details: { host: spec.name, containerId },
    });
  }
  return { name: spec.name, driver: 'docker', pid, containerId };
}

/**
 * Lab nodes of kind linux: a container of the node's image (its own command), plumbed as a host.
 * Its commands go through `docker exec`, as containerlab runs them: with the container's
 * capabilities, not the full root of nsenter (the image and the commands are the user's).
 */
const dockerNodes: NodeSupport = {
  kinds: [LINUX_KIND],
  async createNode(ctx, spec) {
    const docker = new DockerCli(ctx.exec);
    const tag = spec.recipe !== null ? await ensureImage(getRecipe(spec.recipe), ctx.exec) : spec.image;
    if (!(await docker.imageExists(tag))) {
      throw new HarnessError('IMAGE_MISSING', `node ${spec.name} cannot start: image ${tag} is not on this machine (vracklab pulls nothing: docker pull or docker load it first, or use a recipe: ${recipeNames().join(', ')})`, {
        details: { node: spec.name, image: tag },
      });
    }
    return startContainer(ctx, { name: spec.name, image: spec.recipe ?? spec.image, capAdd: spec.capAdd, sysctls: spec.sysctls }, tag);
  },
  execInNode: (ctx, record, argv) => new DockerCli(ctx.exec).execIn(record.containerId ?? containerName(ctx.runId, record.name), argv),
};

export const dockerDriver: HostDriver = {
  name: 'docker',
  missing: (caps) => [
    ...(caps.docker ? [] : ['a reachable Docker engine (`docker version` failed; start dockerd)']),
    ...(caps.kernel.veth ? [] : ['veth']),
    ...(caps.kernel.bridge ? [] : ['bridge']),
  ],
  async createHost(ctx: DriverContext, spec: HostSpec): Promise<HostRecord> {
    return startContainer(ctx, spec, await ensureImage(getRecipe(spec.image), ctx.exec));
  },
  async removeHost(ctx: DriverContext, record: HostRecord): Promise<void> {
    await dockerDriver.removeHosts(ctx, [record]);
  },
  async removeHosts(ctx: DriverContext, records: readonly HostRecord[]): Promise<void> {
    await new DockerCli(ctx.exec).removeContainers(records.map((r) => r.containerId ?? containerName(ctx.runId, r.name)));
  },
  hostFromRecord: (record: HostRecord, exec: Exec) => new PrefixedHost(record.name, record.pid, containerPrefix(record.pid), exec, { signalChildren: true, env: CONTAINER_ENV }),
  reap: reapDocker,
  nodes: dockerNodes,
};
