/**
 * What one lab run has on this machine, found from the machine's real state (not the lab's memory):
 * namespaces and links named `vl<runid>…`, firewall rules and containers tagged with the run id, its
 * lease, its record, its data directory and mounts, processes whose command line names the run.
 * CLI tests call it with a positive control (while the lab is up: non-empty) and after teardown
 * (empty). Read-only: it never removes anything.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { LABEL_RUN_ID } from '../../core/run-id.ts';
import { hasLease } from '../../fabric/run-lease.ts';

export interface RunPlaces {
  runId: string;
  /** The lab's record key (its name, for `vracklab up`) in `stateDir`. */
  recordKey: string;
  stateDir: string;
  dataDir: string;
}

const lines = async (file: string, args: string[]): Promise<string[]> => {
  const r = await execa(file, args, { reject: false });
  return r.exitCode === 0 ? r.stdout.split('\n').filter(Boolean) : [];
};

/** Every trace of the run, one line each ("netns vlabc123-bm1", "record …"); [] when nothing remains. */
export async function runLeftovers(p: RunPlaces): Promise<string[]> {
  const tag = `vl${p.runId}`;
  const found: string[] = [];
  for (const l of await lines('ip', ['netns', 'list'])) if (l.includes(tag)) found.push(`netns ${l}`);
  for (const l of await lines('ip', ['-o', 'link'])) if (l.includes(tag)) found.push(`link ${l.split(':')[1]?.trim()}`);
  for (const l of await lines('iptables-save', [])) if (l.includes(p.runId)) found.push(`firewall rule ${l}`);
  for (const l of await lines('docker', ['ps', '-aq', '--filter', `label=${LABEL_RUN_ID}=${p.runId}`])) found.push(`container ${l}`);
  if (hasLease(p.runId)) found.push(`lease ${p.runId}`);
  if (existsSync(join(p.stateDir, `${p.recordKey}.json`))) found.push(`record ${p.recordKey}.json`);
  if (existsSync(join(p.dataDir, p.runId))) found.push(`data ${join(p.dataDir, p.runId)}`);
  for (const m of readFileSync('/proc/mounts', 'utf8').split('\n')) if (m.includes(p.runId)) found.push(`mount ${m}`);
  for (const l of await lines('pgrep', ['-af', p.runId])) if (!l.includes('pgrep')) found.push(`process ${l}`);
  return found;
}

/**
 * Cleanup after a failed test: unmounts what a run left mounted under the test's own private
 * directory `dir` (its EFS data tmpfs), so the directory can be removed. Nothing outside `dir`.
 */
export async function unmountUnder(dir: string): Promise<void> {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((m) => m.split(' ')[1] ?? '').filter((p) => p.startsWith(prefix));
  for (const mountPoint of mounts.reverse()) await execa('umount', [mountPoint], { reject: false });
}
