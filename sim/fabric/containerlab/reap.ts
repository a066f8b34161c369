/**
 * The containerlab driver's reaper: what a crashed containerlab deploy of ours leaves — its
 * containers (found by our run-id label AND containerlab's `containerlab` label), containerlab's
 * lab directory `clab-<name>`, its ssh config file `/etc/ssh/ssh_config.d/clab-<name>.conf`, our
 * `.clab.yml`, and the /var/run/netns links containerlab names after its containers. Our topologies
 * give containerlab no management network, so it makes no docker network, firewall rule or
 * /etc/hosts block (render.ts, host-topology.ts) — and gc never touches containerlab's shared
 * `clab` network or its rules. It also reaps labs a user deployed from `vracklab export --run-id`.
 *
 * Ownership proof, never a bare prefix: a container carrying our run-id label whose containerlab lab
 * name ends in that run id; a lab directory that such a container names (its `clab-node-lab-dir`
 * label); or, in vracklab's own containerlab directory, the ssh config directory and /var/run/netns
 * (dangling links only), a name `vracklab-<lab>-…-<runid>` of a labelled lab, or of a run gc may
 * reap by its lease.
 */
import { dangling, NETNS_DIR } from './netns-links.ts';
import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LABEL_RUN_ID } from '../../core/run-id.ts';
import type { ReapContext } from '../driver.ts';
import { DockerCli } from '../docker/docker-cli.ts';
import { containerlabDir } from './deploy.ts';
import { clabNameRunId } from './lab-name.ts';

export { clabNameRunId } from './lab-name.ts';
export const SSH_CONFIG_DIR = '/etc/ssh/ssh_config.d';

/** Where to look; tests point these at temporary directories. */
export interface ReapPlaces {
  sshConfigDir?: string;
  /** Where containerlab links node namespaces (default /var/run/netns). */
  netnsDir?: string;
  clabDir?: string;
}

async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

/**
 * The entries of `dir` whose containerlab lab name (one of the candidates `labNames` reads) carries
 * a wanted run id, with their proof: a labelled container of that lab, else the run's lease.
 */
async function ownedEntries(ctx: ReapContext, dir: string, labNames: (entry: string) => string[], labelled: ReadonlySet<string>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const entry of await entries(dir)) {
    const path = join(dir, entry);
    for (const name of labNames(entry)) {
      const id = clabNameRunId(name);
      if (!ctx.wanted(id)) continue;
      const proof = labelled.has(name) ? `a container of lab ${name} labelled ${LABEL_RUN_ID}=${id}` : ctx.proofOf(path, id, undefined);
      if (proof === undefined) continue;
      found.set(path, proof);
      break;
    }
  }
  return found;
}

/** The lab names a namespace link `clab-<lab>-<node>` may carry: each `vracklab-…-<6 chars>` prefix (node names have dashes too). */
export function netnsLinkLabNames(entry: string): string[] {
  const m = /^clab-(vracklab-.+)$/.exec(entry);
  if (!m) return [];
  const words = (m[1] as string).split('-');
  return words.flatMap((w, i) => (i >= 2 && i < words.length - 1 && /^[a-z0-9]{6}$/.test(w) ? [words.slice(0, i + 1).join('-')] : []));
}

export async function reapContainerlab(ctx: ReapContext, places: ReapPlaces = {}): Promise<string[]> {
  const docker = new DockerCli(ctx.exec);
  const containers = (await docker.labelledContainers('containerlab', ['containerlab', 'clab-node-lab-dir'], ctx.runId)).filter((c) => ctx.wanted(c.runId) && clabNameRunId(c.labels.containerlab ?? '') === c.runId);
  const labs = new Set(containers.map((c) => c.labels.containerlab as string));
  const doomed = new Map<string, string>();
  // Labelled containers name their lab directory (wherever the user put the file).
  for (const c of containers) {
    const labDir = dirname(c.labels['clab-node-lab-dir'] ?? '');
    if (basename(labDir) === `clab-${c.labels.containerlab}`) doomed.set(labDir, `label ${LABEL_RUN_ID}=${c.runId} on container ${c.name} of lab ${c.labels.containerlab}`);
  }
  const clabDir = places.clabDir ?? containerlabDir();
  for (const [path, proof] of await ownedEntries(ctx, clabDir, (e) => [e.replace(/^clab-/, '').replace(/\.clab\.yml$/, '')], labs)) doomed.set(path, `in vracklab's containerlab directory, ${proof}`);
  for (const [path, proof] of await ownedEntries(ctx, places.sshConfigDir ?? SSH_CONFIG_DIR, (e) => [/^clab-(.+)\.conf$/.exec(e)?.[1] ?? ''], labs)) doomed.set(path, proof);

  for (const c of containers) ctx.proofLog('removing container %s: proof label %s=%s and containerlab lab %s', c.name, LABEL_RUN_ID, c.runId, c.labels.containerlab);
  await docker.removeContainers(containers.map((c) => c.id));
  const removed = containers.map((c) => `container ${c.name}`);
  for (const [path, proof] of doomed) {
    ctx.proofLog('removing %s: proof %s', path, proof);
    await rm(path, { recursive: true, force: true });
    removed.push(`containerlab file ${path}`);
  }
  // Their namespaces went with the containers: the links containerlab named after them now dangle
  // (also those of containers someone else removed). A link to a live namespace is never touched.
  const netnsDir = places.netnsDir ?? NETNS_DIR;
  for (const [path, proof] of await ownedEntries(ctx, netnsDir, netnsLinkLabNames, labs)) {
    if (!(await dangling(path))) continue;
    ctx.proofLog('removing %s: proof %s; its namespace is gone', path, proof);
    await rm(path, { force: true });
    removed.push(`containerlab netns link ${path}`);
  }
  return removed;
}
