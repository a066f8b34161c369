/**
 * The processes running in each lab host, found from the machine's /proc by network namespace (the
 * same for both drivers: a container's processes and those `ip netns exec` started share the net
 * namespace of the host's holder process). The reset proof compares them with a fresh build's: a
 * prober, a mount or a server a scenario left running in a host is a difference.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';

/** Host name → its processes' names with their counts (`ping ×1`), sorted. */
export async function processesByHost(holderPids: Readonly<Record<string, number>>): Promise<Record<string, string[]>> {
  const netnsOf = (pid: string | number) => readlink(`/proc/${pid}/ns/net`).catch(() => undefined);
  const hostOfNetns = new Map<string, string>();
  for (const [name, pid] of Object.entries(holderPids)) {
    const ns = await netnsOf(pid);
    if (ns) hostOfNetns.set(ns, name);
  }
  const counts: Record<string, Map<string, number>> = Object.fromEntries(Object.keys(holderPids).map((n) => [n, new Map<string, number>()]));
  const pids = (await readdir('/proc')).filter((p) => /^\d+$/.test(p));
  await Promise.all(
    pids.map(async (pid) => {
      const host = hostOfNetns.get((await netnsOf(pid)) ?? '');
      if (!host) return;
      // A process that ended between the two reads is not counted.
      const comm = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
      if (comm) counts[host]!.set(comm, (counts[host]!.get(comm) ?? 0) + 1);
    }),
  );
  return Object.fromEntries(Object.entries(counts).map(([host, m]) => [host, [...m].map(([comm, n]) => `${comm} ×${n}`).sort()]));
}
