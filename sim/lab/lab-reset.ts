/**
 * Resetting a built lab for the next scenario, and proving the reset. A worker that keeps a lab
 * between scenarios takes a baseline right after the fresh build; before each reuse it puts back
 * what a scenario may change (the simulator's state and knobs with the fabric following it,
 * shares/ACLs, EFS added at runtime, the routing switches, files written to the EFS), flushes the dynamic neighbours,
 * then compares a new snapshot with the baseline. Any difference means "rebuild": a reused lab is
 * trusted only when it cannot be told from a fresh one (lab-snapshot.ts says what is compared).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { logger } from '../core/logger.ts';
import type { ResolvedLab } from '../topology/model.ts';
import { processesByHost } from './lab-processes.ts';
import { diffSnapshots, snapshotFiles, snapshotHosts, type LabSnapshot } from './lab-snapshot.ts';
import { efsExportRoot, runDataDir } from './run-data.ts';
import type { RunningLab } from './running-lab.ts';

const log = logger('lab');

/** A fresh lab's state, and the switches of its model as built. */
export interface LabBaseline {
  snapshot: LabSnapshot;
  switches: RoutingSwitches;
}

interface RoutingSwitches {
  hostRoutes: Record<string, boolean>;
  routingAsDefault: Record<string, string | null>;
}

export type ResetOutcome = { clean: true } | { clean: false; differences: string[] };

function switchesOf(model: ResolvedLab): RoutingSwitches {
  return {
    hostRoutes: Object.fromEntries(model.privateNetworks.map((n) => [n.name, n.hostRoutesEnabled])),
    routingAsDefault: Object.fromEntries(model.clusters.map((c) => [c.name, c.privateNetworkRoutingAsDefault ? c.defaultVrackGateway : null])),
  };
}

/** The EFS export directories of the lab, relative to its run data directory, without the servers' own state (`.efs`). */
async function exportFiles(lab: RunningLab): Promise<Record<string, string>> {
  const root = runDataDir(lab.runId);
  const dirs = [...lab.model.storageNetApp.map((s) => s.name), ...lab.addedStorage()].map((name) => efsExportRoot(lab.runId, name).slice(root.length + 1));
  const files = await snapshotFiles(root, dirs);
  return Object.fromEntries(Object.entries(files).filter(([path]) => !path.split('/').includes('.efs')));
}

/** Flushes every host's dynamic neighbours, then reads the whole lab. */
export async function snapshotLab(lab: RunningLab): Promise<LabSnapshot> {
  const sysctlsOf = new Map(lab.model.hosts.map((h) => [h.name, Object.keys(h.sysctls)]));
  const records = lab.fabric.records();
  const hosts = Object.entries(await snapshotHosts(records.map((r) => ({ name: r.name, pid: r.pid, sysctls: sysctlsOf.get(r.name) ?? [] }))));
  // After every host's commands ended: the proof's own processes are not counted.
  const processes = await processesByHost(Object.fromEntries(records.map((r) => [r.name, r.pid])));
  for (const [name, snapshot] of hosts) snapshot.processes = processes[name] ?? [];
  return {
    hosts: Object.fromEntries(hosts),
    exports: await exportFiles(lab),
    simulator: lab.simulator.checkpoint(),
    journalListeners: lab.simulator.journal.subscribers(),
    endpointNics: Object.fromEntries(lab.dataPlane.attached()),
  };
}

/** Right after a fresh build: what every later reset must give back. */
export async function takeBaseline(lab: RunningLab): Promise<LabBaseline> {
  return { snapshot: await snapshotLab(lab), switches: switchesOf(lab.model) };
}

/** Puts the routing switches back where the lab file had them (idempotent ip changes, host by host). */
async function restoreSwitches(lab: RunningLab, baseline: RoutingSwitches): Promise<void> {
  const now = switchesOf(lab.model);
  for (const [network, enabled] of Object.entries(baseline.hostRoutes)) if (now.hostRoutes[network] !== enabled) await lab.setHostRoutes(network, enabled);
  for (const [cluster, gateway] of Object.entries(baseline.routingAsDefault)) if (now.routingAsDefault[cluster] !== gateway) await lab.setRoutingAsDefault(cluster, gateway);
}

/** Removes the files a scenario wrote to the EFS exports (seeded ones it changed are left for the proof to see). */
async function removeWrittenFiles(lab: RunningLab, baseline: LabSnapshot): Promise<void> {
  for (const path of Object.keys(await exportFiles(lab))) {
    if (baseline.exports[path] === undefined) await rm(join(runDataDir(lab.runId), path), { force: true });
  }
}

/** The parts of a reset, each one switchable off by a test that proves the proof catches it. */
export interface ResetParts {
  simulator: boolean;
  /** EFS added at runtime: their servers, hosts and export directories. */
  addedStorage: boolean;
  switches: boolean;
  files: boolean;
}

/** Every part of a reset: what the lab pool uses unless a test switches a part off. */
export const FULL_RESET: ResetParts = { simulator: true, addedStorage: true, switches: true, files: true };

/**
 * Resets a lab to its baseline and proves it: `clean` only when a new snapshot equals the baseline.
 */
export async function resetLab(lab: RunningLab, baseline: LabBaseline, parts: ResetParts = FULL_RESET): Promise<ResetOutcome> {
  const t0 = performance.now();
  if (parts.simulator) await lab.simulator.restore(baseline.snapshot.simulator);
  // After the restore, which forgot them and detached their endpoints.
  if (parts.addedStorage) await lab.removeAddedStorage();
  if (parts.switches) await restoreSwitches(lab, baseline.switches);
  if (parts.files) await removeWrittenFiles(lab, baseline.snapshot);
  const t1 = performance.now();
  const differences = diffSnapshots(baseline.snapshot, await snapshotLab(lab));
  log('reset of lab %s (run %s): restore %d ms, proof %d ms, %s', lab.name, lab.runId, Math.round(t1 - t0), Math.round(performance.now() - t1), differences.length === 0 ? 'clean' : `${differences.length} difference(s)`);
  return differences.length === 0 ? { clean: true } : { clean: false, differences };
}
