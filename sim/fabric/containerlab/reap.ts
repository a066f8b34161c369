/**
 * What a crashed containerlab deploy of ours leaves besides its containers (which gc removes by
 * their run-id label): containerlab's lab directory `clab-<name>`, its ssh config file
 * `/etc/ssh/ssh_config.d/clab-<name>.conf`, and our `.clab.yml`. Our rendering gives containerlab
 * no management network, so it makes no docker network, firewall rule or /etc/hosts block
 * (render.ts) — and gc never removes containerlab's shared `clab` network or its rules.
 *
 * Ownership proof, never a bare prefix: a lab directory named by a container that carries our
 * run-id label (containerlab's `clab-node-lab-dir` label, whose lab name must end in that run id);
 * or, in vracklab's own containerlab directory, a name `…vracklab-<lab>-<runid>…` of a run gc may
 * reap by its lease (the `leaseProof` gc passes). The ssh config file: the same names.
 */
import { removeDanglingNetnsLinks } from './netns-links.ts';
import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Exec } from '../../core/exec.ts';
import { LABEL_RUN_ID } from '../../core/run-id.ts';
import { logger } from '../../core/logger.ts';
import { containerlabDir } from './deploy.ts';

const proofLog = logger('gc');
export const SSH_CONFIG_DIR = '/etc/ssh/ssh_config.d';

/** The run id at the end of a containerlab lab name we render (`vracklab-<lab>-<runid>`). */
export function clabNameRunId(name: string): string | undefined {
  return /^vracklab-.+-([a-z0-9]{6})$/.exec(name)?.[1];
}

export interface ReapOptions {
  exec: Exec;
  /** Whether gc reaps run `id` at all (not kept, in scope). */
  wanted: (id: string | undefined) => id is string;
  /** A proof from the run's lease (crashed holder, or the run gc is scoped to), or undefined. */
  leaseProof: (what: string, id: string) => string | undefined;
  /** gc restricted to this run: docker lists only its containers. */
  runId?: string;
  sshConfigDir?: string;
  /** Where containerlab links node namespaces (default /var/run/netns; tests use a temp dir). */
  netnsDir?: string;
  clabDir?: string;
}

async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}

/**
 * Removes the files of our crashed containerlab labs. Also returns the labs found through their
 * labelled containers: their namespace links dangle only once the docker driver has removed those
 * containers, so gc hands them to reapContainerlabNetnsLinks afterwards (one docker listing for both).
 */
export async function reapContainerlab(o: ReapOptions): Promise<{ removed: string[]; labs: string[] }> {
  const doomed = new Map<string, string>();
  // Labelled containers name their lab directory (wherever the user put the file) and lab name.
  const r = await o.exec('docker', ['ps', '--all', '--filter', o.runId ? `label=${LABEL_RUN_ID}=${o.runId}` : `label=${LABEL_RUN_ID}`, '--filter', 'label=containerlab', '--format', `{{.Label "${LABEL_RUN_ID}"}}\t{{.Label "containerlab"}}\t{{.Label "clab-node-lab-dir"}}`], { allowFailure: true, timeoutMs: 30_000 }).catch(() => null);
  const names = new Set<string>();
  for (const line of r && r.exitCode === 0 ? r.stdout.split('\n') : []) {
    const [id, name = '', nodeDir = ''] = line.trim().split('\t');
    if (!o.wanted(id) || clabNameRunId(name) !== id) continue;
    names.add(name);
    const labDir = dirname(nodeDir);
    if (nodeDir !== '' && basename(labDir) === `clab-${name}`) doomed.set(labDir, `label ${LABEL_RUN_ID}=${id} on a container of lab ${name}`);
  }
  const dir = o.clabDir ?? containerlabDir();
  for (const entry of await entries(dir)) {
    const name = entry.replace(/^clab-/, '').replace(/\.clab\.yml$/, '');
    const id = clabNameRunId(name);
    if (!o.wanted(id)) continue;
    const proof = names.has(name) ? `a container of lab ${name} labelled ${LABEL_RUN_ID}=${id}` : o.leaseProof(`${join(dir, entry)}`, id);
    if (proof !== undefined) doomed.set(join(dir, entry), `in vracklab's containerlab directory, ${proof}`);
  }
  const ssh = o.sshConfigDir ?? SSH_CONFIG_DIR;
  for (const entry of await entries(ssh)) {
    const name = /^clab-(.+)\.conf$/.exec(entry)?.[1] ?? '';
    const id = clabNameRunId(name);
    if (!o.wanted(id)) continue;
    const proof = names.has(name) ? `a container of lab ${name} labelled ${LABEL_RUN_ID}=${id}` : o.leaseProof(join(ssh, entry), id);
    if (proof !== undefined) doomed.set(join(ssh, entry), proof);
  }
  for (const [path, proof] of doomed) {
    proofLog('removing %s: proof %s', path, proof);
    await rm(path, { recursive: true, force: true });
  }
  return { removed: [...doomed.keys()].map((p) => `containerlab file ${p}`), labs: [...names] };
}

/** The dangling /var/run/netns links of these labs (see netns-links.ts), each deletion with its proof. */
export async function reapContainerlabNetnsLinks(labs: readonly string[], netnsDir?: string): Promise<string[]> {
  const links: string[] = [];
  for (const name of labs) {
    for (const l of await removeDanglingNetnsLinks(name, netnsDir)) {
      proofLog('removing %s: proof a container of lab %s carried our run-id label; its namespace is gone', l, name);
      links.push(`containerlab netns link ${l}`);
    }
  }
  return links;
}
