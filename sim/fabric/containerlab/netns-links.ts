/**
 * containerlab names each node's network namespace in /var/run/netns (`clab-<lab>-<node>`, a
 * symlink to /proc/<pid>/ns/net) and leaves those links behind on `destroy` for nodes in
 * `network-mode: none` (measured with 0.79.0: ten dangling links per mks lab). We remove only links
 * of a lab we name (the name carries our run id) whose target is gone: a live namespace is never
 * touched, and nothing outside our lab's prefix is even looked at.
 */
import { lstat, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const NETNS_DIR = '/var/run/netns';

/** True when `path` is a symlink whose target no longer exists. */
export async function dangling(path: string): Promise<boolean> {
  const link = await lstat(path).catch(() => null);
  if (!link?.isSymbolicLink()) return false;
  return (await stat(path).then(() => false).catch(() => true));
}

/** Removes the dangling netns links of lab `labName` (containerlab's name, e.g. `vracklab-mks-…-<runid>`); returns their paths. */
export async function removeDanglingNetnsLinks(labName: string, dir = NETNS_DIR): Promise<string[]> {
  const prefix = `clab-${labName}-`;
  const removed: string[] = [];
  for (const entry of await readdir(dir).catch(() => [] as string[])) {
    if (!entry.startsWith(prefix)) continue;
    const path = join(dir, entry);
    if (!(await dangling(path))) continue;
    await rm(path, { force: true });
    removed.push(path);
  }
  return removed;
}
