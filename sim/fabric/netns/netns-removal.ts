/**
 * Removing namespaces: deleteNetns (a lab's own, or gc's), and the netns driver's reaper, which
 * finds namespaces named in our grammar (`vl<runid>-<host>`) whose `lo` carries the run's ownership
 * marker (set by the keeper), or whose run's lease is there.
 */
import { invalidInput } from '../../core/errors.ts';
import { netnsRunIdOf } from '../../core/run-id.ts';
import type { Exec } from '../../core/exec.ts';
import type { ReapContext } from '../driver.ts';
import { listed, parseLinks } from '../machine-listing.ts';

/**
 * Kills every process in the namespaces, then deletes them: two processes whatever their number
 * (`ip -batch` prints each namespace's PIDs in turn; all of them are to be killed anyway).
 * Idempotent: `-force` goes on past namespaces already gone.
 */
export async function deleteNetns(exec: Exec, ...names: string[]): Promise<void> {
  if (names.length === 0) return;
  // Only names of our grammar, whoever calls: a record read from disk could name any namespace.
  for (const n of names) if (netnsRunIdOf(n) === undefined) throw invalidInput('namespace', n, 'not a vracklab namespace name (vl<run id>-<host>); refusing to kill its processes');
  const pids = await exec('ip', ['-force', '-batch', '-'], { input: names.map((n) => `netns pids ${n}`).join('\n') + '\n', allowFailure: true });
  for (const pid of pids.stdout.split(/\s+/).filter(Boolean).map(Number)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await exec('ip', ['-force', '-batch', '-'], { input: names.map((n) => `netns del ${n}`).join('\n') + '\n', allowFailure: true });
}

/** The marker (`vracklab:<runid>`) on `lo` inside a namespace. */
async function netnsMarker(exec: Exec, ns: string): Promise<string | undefined> {
  const line = (await listed(exec, 'ip', ['-n', ns, '-o', 'link', 'show', 'dev', 'lo']))[0];
  return line === undefined ? undefined : parseLinks(line)[0]?.alias;
}

export async function reapNetns(ctx: ReapContext): Promise<string[]> {
  const namespaces: string[] = [];
  for (const ns of (await listed(ctx.exec, 'ip', ['netns', 'list'])).map((l) => l.split(/\s+/)[0] ?? '')) {
    const id = netnsRunIdOf(ns);
    if (!ctx.wanted(id)) continue;
    const proof = ctx.proofOf(`netns ${ns}`, id, await netnsMarker(ctx.exec, ns));
    if (proof === undefined) continue;
    ctx.proofLog('removing netns %s (and killing its processes): proof %s', ns, proof);
    namespaces.push(ns);
  }
  if (namespaces.length > 0) await deleteNetns(ctx.exec, ...namespaces);
  return namespaces.map((ns) => `netns ${ns}`);
}
