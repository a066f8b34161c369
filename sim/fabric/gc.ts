/**
 * The reaper: removes what runs left behind, found from the machine's REAL state (not from memory,
 * which a crashed run lost): containers and docker networks by label, namespaces and links by the
 * `vl<runid>` name prefix, firewall rules by their run-id comment. Also the last step of
 * Fabric.destroy(), restricted to its own run id.
 */
import { realExec } from '../core/exec.ts';
import type { Exec } from '../core/exec.ts';
import { LABEL_RUN_ID, linkRunIdOf, markerRunId, netnsRunIdOf } from '../core/run-id.ts';
import { logger } from '../core/logger.ts';
import { deleteRule, listRules } from './firewall.ts';
import { reapContainerlab } from './containerlab/reap.ts';
import { deleteNetns } from './netns/netns-driver.ts';
import { hasLease, liveRunIds, releaseLease, staleRunIds } from './run-lease.ts';

const log = logger('fabric');
/** DEBUG=vracklab:gc: every deletion with the proof that the object is ours, every sparing with why. */
const proofLog = logger('gc');

export interface GcOptions {
  exec?: Exec;
  /** Only this run's objects. */
  runId?: string;
  /** Never these runs' objects (labs still running). */
  keepRunIds?: string[];
  /**
   * Without `runId`, runs whose fabric is held by a live process (see run-lease.ts) are spared too,
   * unless this is true: other labs and test suites share the machine.
   */
  includeLive?: boolean;
  /** Look for containers and docker networks too (default true). */
  docker?: boolean;
}

async function listed(exec: Exec, file: string, args: string[]): Promise<string[]> {
  const r = await exec(file, args, { allowFailure: true, timeoutMs: 30_000 }).catch(() => null);
  return r && r.exitCode === 0 ? r.stdout.split('\n').map((l) => l.trim()).filter(Boolean) : [];
}

/** A machine link: its name (without `@peer`) and its alias, where our ownership marker lives. */
export interface MachineLink {
  name: string;
  alias: string | undefined;
}

/** `ip -o link` prints `N: name@peer: <…> …\    alias TEXT` (the alias last, when set). */
export function parseLinks(listing: string): MachineLink[] {
  return listing
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => ({ name: (l.split(': ')[1] ?? '').split('@')[0] ?? '', alias: /\\\s+alias (.*)$/.exec(l)?.[1]?.trim() }));
}

async function machineLinks(exec: Exec): Promise<MachineLink[]> {
  return parseLinks((await listed(exec, 'ip', ['-o', 'link', 'show'])).join('\n'));
}

/**
 * Names of the machine's links in our full name grammar (`vl<runid>b<n>`, `…v<n>`, `…h<h>n<n>`),
 * only `runId`'s when given. A name is not a proof of ownership: gc() also wants the marker.
 */
export async function runLinks(exec: Exec, runId?: string): Promise<string[]> {
  return (await machineLinks(exec))
    .map((l) => l.name)
    .filter((name) => {
      const id = linkRunIdOf(name);
      return id !== undefined && (runId === undefined || id === runId);
    });
}

/** The marker (`vracklab:<runid>`) on `lo` inside a namespace: set by the netns driver's keeper. */
async function netnsMarker(exec: Exec, ns: string): Promise<string | undefined> {
  const line = (await listed(exec, 'ip', ['-n', ns, '-o', 'link', 'show', 'dev', 'lo']))[0];
  return line === undefined ? undefined : parseLinks(line)[0]?.alias;
}

export async function gc(options: GcOptions = {}): Promise<{ removed: string[] }> {
  const exec = options.exec ?? realExec;
  const keep = new Set(options.keepRunIds ?? []);
  if (options.runId === undefined && !options.includeLive) for (const id of liveRunIds()) keep.add(id);
  const wanted = (id: string | undefined): id is string => id !== undefined && !keep.has(id) && (options.runId === undefined || id === options.runId);
  // Runs whose lease file is there: dead holders (crashed runs), or ours when gc is run-scoped.
  const stale = staleRunIds();
  const leased = (id: string) => stale.has(id) || (options.runId === id && hasLease(id));
  /**
   * Why an object of run `id` may go, or undefined (it stays). The marker on the object itself is
   * proof; without one (containerlab's own veths), a full-grammar name of a run whose lease is there.
   */
  const proofOf = (what: string, id: string, marker: string | undefined): string | undefined => {
    if (markerRunId(marker) === id) return `marker ${marker}`;
    if (leased(id)) return `name grammar + lease of run ${id}`;
    proofLog('sparing %s: name of run %s but no marker (alias %s) and no lease', what, id, marker === undefined ? 'none' : JSON.stringify(marker));
    return undefined;
  };
  const removed: string[] = [];

  // containerlab's lab directories and ssh configs: found through the containers' labels, so before them.
  const docker = options.docker ?? true;
  if (docker) removed.push(...(await reapContainerlab({ exec, wanted, leaseProof: (what, id) => proofOf(what, id, undefined), ...(options.runId ? { runId: options.runId } : {}) })));

  // Containers first: their namespaces take their veths (and the veths' machine ends) with them.
  // Docker filters on the label, so the label on the container itself is the proof.
  const labelFilter = options.runId ? `label=${LABEL_RUN_ID}=${options.runId}` : `label=${LABEL_RUN_ID}`;
  const containers = (docker ? await listed(exec, 'docker', ['ps', '--all', '--filter', labelFilter, '--format', `{{.ID}} {{.Label "${LABEL_RUN_ID}"}} {{.Names}}`]) : [])
    .map((l) => l.split(' '))
    .filter((w) => wanted(w[1]));
  if (containers.length > 0) {
    for (const w of containers) proofLog('removing container %s: proof label %s=%s', w[2] ?? w[0], LABEL_RUN_ID, w[1]);
    await exec('docker', ['rm', '--force', '--volumes', ...containers.map((w) => w[0] as string)], { allowFailure: true, timeoutMs: 120_000 });
    removed.push(...containers.map((w) => `container ${w[2] ?? w[0]}`));
  }
  const networks = (docker ? await listed(exec, 'docker', ['network', 'ls', '--filter', labelFilter, '--format', `{{.ID}} {{.Label "${LABEL_RUN_ID}"}} {{.Name}}`]) : [])
    .map((l) => l.split(' '))
    .filter((w) => wanted(w[1]));
  for (const w of networks) {
    proofLog('removing docker network %s: proof label %s=%s', w[2] ?? w[0], LABEL_RUN_ID, w[1]);
    await exec('docker', ['network', 'rm', w[0] as string], { allowFailure: true });
    removed.push(`docker network ${w[2] ?? w[0]}`);
  }

  const namespaces: string[] = [];
  for (const ns of (await listed(exec, 'ip', ['netns', 'list'])).map((l) => l.split(/\s+/)[0] ?? '')) {
    const id = netnsRunIdOf(ns);
    if (!wanted(id)) continue;
    const proof = proofOf(`netns ${ns}`, id, await netnsMarker(exec, ns));
    if (proof === undefined) continue;
    proofLog('removing netns %s (and killing its processes): proof %s', ns, proof);
    namespaces.push(ns);
  }
  if (namespaces.length > 0) {
    await deleteNetns(exec, ...namespaces);
    removed.push(...namespaces.map((ns) => `netns ${ns}`));
  }

  // A veth's deletion removes its peer: `-force` below goes on past the ones already gone.
  const links: string[] = [];
  for (const link of await machineLinks(exec)) {
    const id = linkRunIdOf(link.name);
    if (!wanted(id)) continue;
    const proof = proofOf(`link ${link.name}`, id, link.alias);
    if (proof === undefined) continue;
    proofLog('removing link %s: proof %s', link.name, proof);
    links.push(link.name);
  }
  if (links.length > 0) {
    // One process for all: a lab of 200 hosts leaves 200 veth ends while its namespaces wind down.
    await exec('ip', ['-force', '-batch', '-'], { input: links.map((n) => `link del dev ${n}`).join('\n') + '\n', allowFailure: true });
    removed.push(...links.map((n) => `link ${n}`));
  }

  for (const rule of await listRules(exec)) {
    if (!wanted(rule.runId)) continue;
    proofLog('removing iptables rule %s: proof comment %s=%s', rule.spec.join(' '), LABEL_RUN_ID, rule.runId);
    await deleteRule(exec, rule);
    removed.push(`iptables rule ${rule.spec.join(' ')}`);
  }
  // The leases of reaped runs go too (a crashed run's lease names a dead PID).
  if (options.runId !== undefined) {
    if (!keep.has(options.runId)) releaseLease(options.runId);
  } else for (const id of stale) if (wanted(id)) releaseLease(id);
  if (removed.length > 0) log('gc removed %d object(s): %s', removed.length, removed.join(', '));
  return { removed };
}
