/**
 * The reaper: removes what runs left behind, found from the machine's REAL state (not from memory,
 * which a crashed run lost). Each registered driver reaps its own hosts (`HostDriver.reap`: docker
 * containers and networks by label, netns namespaces by name and marker); then the shared plumbing
 * goes: links by the `vl<runid>` name grammar and marker, firewall rules by their run-id comment.
 * Also the last step of Fabric.destroy(), restricted to its own run id.
 */
import { realExec } from '../core/exec.ts';
import type { Exec } from '../core/exec.ts';
import { LABEL_RUN_ID, linkRunIdOf, markerRunId } from '../core/run-id.ts';
import { logger } from '../core/logger.ts';
import { deleteRule, listRules } from './firewall.ts';
import { getDriver, registeredDrivers } from './drivers.ts';
import type { HostDriver, ReapContext } from './driver.ts';
import { listed, parseLinks } from './machine-listing.ts';
import type { MachineLink } from './machine-listing.ts';
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
  /**
   * Whose objects to look for, by driver name (default: every registered driver). Fabric.destroy
   * names only its own driver: asking dockerd about a netns lab is slow under load.
   */
  drivers?: readonly string[];
}

export { parseLinks } from './machine-listing.ts';
export type { MachineLink } from './machine-listing.ts';

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

/** The drivers whose reapers run: the named ones (unknown names refused, listing the registered), else all. */
function reapedDrivers(names: readonly string[] | undefined): HostDriver[] {
  return names === undefined ? registeredDrivers() : names.map((n) => getDriver(n));
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

  // Each driver's own objects first (containers, namespaces): a host's namespace takes its veths
  // (and their machine ends) with it.
  const drivers = reapedDrivers(options.drivers);
  const reapCtx: ReapContext = { exec, ...(options.runId !== undefined ? { runId: options.runId } : {}), wanted, proofOf, proofLog };
  for (const driver of drivers) removed.push(...(await driver.reap(reapCtx)));

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
