/**
 * The reachability matrix: every host (pods included) × every other host address and every live
 * endpoint, ICMP for all, NFS for endpoints. Each cell keeps its evidence: the reply time, or the
 * error in the tool's words. Probes run a few at a time so a 2-core machine stays responsive.
 */
import { describeError } from '../core/errors.ts';
import { icmpProbe, nfsProbe } from '../probe/one-shot.ts';
import type { RunningLab } from '../lab/running-lab.ts';
import type { EndpointView, ReachCell, ReachabilityView } from './view-model.ts';

const CONCURRENCY = 6;
const TIMEOUT_MS = 1_000;

export interface ReachTarget {
  address: string;
  label: string;
  kinds: ('icmp' | 'nfs')[];
}

/** Targets: each host's first address of each NIC, then each attached endpoint. */
function reachTargets(lab: RunningLab, endpoints: readonly EndpointView[]): ReachTarget[] {
  const hosts = lab.model.hosts.flatMap((h) => [
    ...h.nics.map((n) => ({ address: n.ip, label: `${h.name} ${n.ifname}`, kinds: ['icmp' as const] })),
    ...(h.pod?.address && !h.pod.hostNetwork ? [{ address: h.pod.address.split('/')[0]!, label: `${h.name} eth0`, kinds: ['icmp' as const] }] : []),
  ]);
  const eps = endpoints.map((e) => ({ address: e.ip, label: `${e.service} endpoint`, kinds: ['icmp' as const, 'nfs' as const] }));
  return [...hosts, ...eps];
}

async function pool<T>(items: readonly T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (i < items.length) await work(items[i++] as T);
  }));
}

export async function runReachability(lab: RunningLab, endpoints: readonly EndpointView[], id: number, onCell: (view: ReachabilityView) => void): Promise<ReachabilityView> {
  const sources = lab.model.hosts.filter((h) => h.role !== 'efs' && !h.pod?.hostNetwork).map((h) => h.name);
  const targets = reachTargets(lab, endpoints);
  const view: ReachabilityView = { id, startedAt: new Date().toISOString(), finishedAt: null, sources, targets, cells: [] };
  const jobs = sources.flatMap((from) => targets.flatMap((t) => t.kinds.map((kind) => ({ from, t, kind }))));
  await pool(jobs, CONCURRENCY, async ({ from, t, kind }) => {
    const cell: ReachCell = { from, to: t.address, toLabel: t.label, kind, ok: false };
    try {
      const host = lab.host(from);
      const r = kind === 'icmp' ? await icmpProbe(host, t.address, { timeoutMs: TIMEOUT_MS }) : await nfsProbe(host, t.address, lab.shareOf(t.address).exportPath, { op: 'read', version: 4, timeoutMs: TIMEOUT_MS * 2 });
      cell.ok = r.ok;
      if (r.rttMs !== undefined) cell.rttMs = r.rttMs;
      if (r.error !== undefined) cell.error = r.error;
    } catch (err) {
      cell.error = `not run: ${describeError(err)}`;
    }
    view.cells.push(cell);
    onCell(view);
  });
  view.finishedAt = new Date().toISOString();
  onCell(view);
  return view;
}
