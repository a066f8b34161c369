/**
 * The reaper: removes what runs left behind, found from the machine's REAL state (not from memory,
 * which a crashed run lost): containers and docker networks by label, namespaces and links by the
 * `vl<runid>` name prefix, firewall rules by their run-id comment. Also the last step of
 * Fabric.destroy(), restricted to its own run id.
 */
import { realExec } from '../core/exec.ts';
import type { Exec } from '../core/exec.ts';
import { LABEL_RUN_ID, runIdOf } from '../core/run-id.ts';
import { logger } from '../core/logger.ts';
import { deleteRule, listRules } from './firewall.ts';
import { deleteNetns } from './netns/netns-driver.ts';
import { liveRunIds, releaseLease, staleRunIds } from './run-lease.ts';

const log = logger('fabric');

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

/** The run id of a namespace `vl<runid>-<host>` (or any `vl<runid>…` name). */
const nsRunId = (name: string): string | undefined => runIdOf(name);

async function listed(exec: Exec, file: string, args: string[]): Promise<string[]> {
  const r = await exec(file, args, { allowFailure: true, timeoutMs: 30_000 }).catch(() => null);
  return r && r.exitCode === 0 ? r.stdout.split('\n').map((l) => l.trim()).filter(Boolean) : [];
}

/**
 * Names of the machine's links that carry a run id (`vl<runid>…`), only `runId`'s when given.
 * `ip -o link` prints `N: name@peer: <…>`: the `@peer` part is not the name.
 */
export async function runLinks(exec: Exec, runId?: string): Promise<string[]> {
  return (await listed(exec, 'ip', ['-o', 'link', 'show']))
    .map((l) => (l.split(': ')[1] ?? '').split('@')[0] ?? '')
    .filter((name) => {
      const id = runIdOf(name);
      return id !== undefined && (runId === undefined || id === runId);
    });
}

export async function gc(options: GcOptions = {}): Promise<{ removed: string[] }> {
  const exec = options.exec ?? realExec;
  const keep = new Set(options.keepRunIds ?? []);
  if (options.runId === undefined && !options.includeLive) for (const id of liveRunIds()) keep.add(id);
  const wanted = (id: string | undefined): id is string => id !== undefined && !keep.has(id) && (options.runId === undefined || id === options.runId);
  const removed: string[] = [];

  // Containers first: their namespaces take their veths (and the veths' machine ends) with them.
  const docker = options.docker ?? true;
  const labelFilter = options.runId ? `label=${LABEL_RUN_ID}=${options.runId}` : `label=${LABEL_RUN_ID}`;
  const containers = (docker ? await listed(exec, 'docker', ['ps', '--all', '--filter', labelFilter, '--format', `{{.ID}} {{.Label "${LABEL_RUN_ID}"}} {{.Names}}`]) : [])
    .map((l) => l.split(' '))
    .filter((w) => wanted(w[1]));
  if (containers.length > 0) {
    await exec('docker', ['rm', '--force', '--volumes', ...containers.map((w) => w[0] as string)], { allowFailure: true, timeoutMs: 120_000 });
    removed.push(...containers.map((w) => `container ${w[2] ?? w[0]}`));
  }
  const networks = (docker ? await listed(exec, 'docker', ['network', 'ls', '--filter', labelFilter, '--format', `{{.ID}} {{.Label "${LABEL_RUN_ID}"}} {{.Name}}`]) : [])
    .map((l) => l.split(' '))
    .filter((w) => wanted(w[1]));
  for (const w of networks) {
    await exec('docker', ['network', 'rm', w[0] as string], { allowFailure: true });
    removed.push(`docker network ${w[2] ?? w[0]}`);
  }

  const namespaces = (await listed(exec, 'ip', ['netns', 'list'])).map((l) => l.split(/\s+/)[0] ?? '').filter((ns) => wanted(nsRunId(ns)));
  if (namespaces.length > 0) {
    await deleteNetns(exec, ...namespaces);
    removed.push(...namespaces.map((ns) => `netns ${ns}`));
  }

  // A veth's deletion removes its peer: `-force` below goes on past the ones already gone.
  const links = (await runLinks(exec, options.runId)).filter((name) => wanted(runIdOf(name)));
  if (links.length > 0) {
    // One process for all: a lab of 200 hosts leaves 200 veth ends while its namespaces wind down.
    await exec('ip', ['-force', '-batch', '-'], { input: links.map((n) => `link del dev ${n}`).join('\n') + '\n', allowFailure: true });
    removed.push(...links.map((n) => `link ${n}`));
  }

  for (const rule of await listRules(exec)) {
    if (!wanted(rule.runId)) continue;
    await deleteRule(exec, rule);
    removed.push(`iptables rule ${rule.spec.join(' ')}`);
  }
  // The leases of reaped runs go too (a crashed run's lease names a dead PID).
  if (options.runId !== undefined) {
    if (!keep.has(options.runId)) releaseLease(options.runId);
  } else for (const id of staleRunIds()) if (wanted(id)) releaseLease(id);
  if (removed.length > 0) log('gc removed %d object(s): %s', removed.length, removed.join(', '));
  return { removed };
}
