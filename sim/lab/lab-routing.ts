/**
 * Routing switches on a running lab from another process (`vracklab routes …`): the lab file gives
 * the model, the lab record gives the hosts; routes are applied with `ip -batch` inside each host.
 * The same model functions decide the routes as at start-up, so both paths agree.
 */
import { HarnessError, invalidInput } from '../core/errors.ts';
import { hostFromRecord } from '../fabric/fabric.ts';
import { hostRoutesFor, routeLine } from '../topology/host-routes.ts';
import { loadLab } from '../topology/load.ts';
import type { LabRecord } from './lab-registry.ts';
import type { ResolvedLab } from '../topology/model.ts';

/** What `ip route del` says when the route is not there: the one failure a removal may ignore. */
const ROUTE_ALREADY_GONE = /RTNETLINK answers: No such process/;

/** True when a route removal failed only because the route was already gone. */
export function routeAlreadyGone(stderrOrError: unknown): boolean {
  const text = stderrOrError instanceof Error ? stderrOrError.message : String(stderrOrError);
  return ROUTE_ALREADY_GONE.test(text);
}

/** The error for a route change that failed, naming the host, the line and ip's words. */
export function routeFailed(hostName: string, line: string, why: string): HarnessError {
  return new HarnessError('ROUTE_FAILED', `route change in ${hostName} failed: "${line}": ${why.trim()}`, { details: { host: hostName, line } });
}

async function ipBatch(rec: LabRecord, hostName: string, lines: string[], removal: boolean): Promise<void> {
  const record = rec.hosts.find((h) => h.name === hostName);
  if (!record) throw new HarnessError('NO_SUCH_HOST', `lab ${rec.name} has no running host ${hostName}`);
  const host = hostFromRecord(record);
  // Removals go one line at a time, so that a route already gone is told apart from a real failure.
  for (const chunk of removal ? lines.map((l) => [l]) : [lines]) {
    const r = await host.exec(['ip', '-batch', '-'], { input: chunk.join('\n') + '\n', allowFailure: true });
    if (r.exitCode !== 0 && !(removal && routeAlreadyGone(r.stderr))) throw routeFailed(hostName, chunk.join('; '), r.stderr);
  }
}

/** Turns the DHCP host routes of `network` on or off; returns the hosts changed. */
export async function setHostRoutesOf(rec: LabRecord, network: string, enabled: boolean): Promise<string[]> {
  const model = await loadLab(rec.file);
  const changes = hostRoutesFor(model, network);
  for (const change of changes) {
    if (enabled) await ipBatch(rec, change.host, change.routes.map((r) => routeLine(r, 'replace')), false);
    else await ipBatch(rec, change.host, change.del, true); // a route already gone is fine
  }
  return changes.map((c) => c.host);
}

/**
 * privateNetworkRoutingAsDefault on a cluster's nodes, as `ip -batch` lines per node: the default
 * route via `gateway` on the private NIC (keeping the control plane on eth0), or back to eth0 (null).
 */
export function routingAsDefaultLines(model: ResolvedLab, clusterName: string, gateway: string | null): { host: string; lines: string[] }[] {
  const cluster = model.clusters.find((c) => c.name === clusterName);
  if (!cluster) throw invalidInput('cluster', clusterName, `not a cluster of lab ${model.name}`, model.clusters.map((c) => c.name));
  const pub = model.publicNetwork;
  const out: { host: string; lines: string[] }[] = [];
  for (const nodeName of cluster.nodes) {
    const node = model.hosts.find((h) => h.name === nodeName);
    const priv = node?.nics.find((n) => n.network === cluster.privateNetwork);
    const ext = node?.nics.find((n) => n.network === 'public');
    if (!node || !priv || !ext || !pub) continue;
    const lines = gateway
      ? [`route replace default via ${gateway} dev ${priv.ifname}`, `route replace ${pub.controlPlane}/32 via ${pub.gateway} dev ${ext.ifname}`]
      : [`route replace default via ${pub.gateway} dev ${ext.ifname}`];
    out.push({ host: node.name, lines });
  }
  return out;
}

/** privateNetworkRoutingAsDefault on a running lab's cluster; returns the nodes changed. */
export async function setRoutingAsDefaultOf(rec: LabRecord, clusterName: string, gateway: string | null): Promise<string[]> {
  const plan = routingAsDefaultLines(await loadLab(rec.file), clusterName, gateway);
  for (const { host, lines } of plan) await ipBatch(rec, host, lines, false);
  return plan.map((p) => p.host);
}
