/**
 * The routing switches of a running lab (DHCP host routes of a private network, and
 * privateNetworkRoutingAsDefault on a cluster, the fixes the OVHcloud guide "Communicating between
 * different private networks" describes), written once for both callers: the lab's own process
 * (RunningLab, through its fabric) and another process (`vracklab routes …`, through the hosts of
 * the lab record). The model functions decide the routes, as at start-up, so all paths agree.
 */
import { describeError, HarnessError, invalidInput } from '../core/errors.ts';
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

/** Runs `ip -batch` lines in a lab host; throws with ip's words when they fail. */
export type IpBatch = (host: string, lines: string[]) => Promise<void>;

/** `ip -batch` in the hosts of another process's lab, found through its record. */
export function recordIpBatch(rec: LabRecord): IpBatch {
  return async (hostName, lines) => {
    const record = rec.hosts.find((h) => h.name === hostName);
    if (!record) throw new HarnessError('NO_SUCH_HOST', `lab ${rec.name} has no running host ${hostName}`);
    const r = await hostFromRecord(record).exec(['ip', '-batch', '-'], { input: lines.join('\n') + '\n', allowFailure: true });
    if (r.exitCode !== 0) throw new Error(r.stderr);
  };
}

/**
 * Applies `lines` in `host`. Removals go one line at a time, so that a route already gone (fine)
 * is told apart from a real failure; a failure names the host and the line.
 */
async function applyLines(ipBatch: IpBatch, host: string, lines: string[], removal: boolean): Promise<void> {
  for (const chunk of removal ? lines.map((l) => [l]) : [lines]) {
    await ipBatch(host, chunk).catch((err: unknown) => {
      if (removal && routeAlreadyGone(err)) return;
      if (err instanceof HarnessError && err.code === 'NO_SUCH_HOST') throw err;
      throw routeFailed(host, chunk.join('; '), describeError(err));
    });
  }
}

/** Turns the DHCP host routes of `network` on or off on every host of it; returns the hosts changed. */
export async function switchHostRoutes(model: ResolvedLab, network: string, enabled: boolean, ipBatch: IpBatch): Promise<string[]> {
  // The model decides who gets which route (DHCP clients only, not via themselves, not to networks they sit on).
  const changes = hostRoutesFor(model, network);
  for (const change of changes) {
    if (enabled) await applyLines(ipBatch, change.host, change.routes.map((r) => routeLine(r, 'replace')), false);
    else await applyLines(ipBatch, change.host, change.del, true);
  }
  return changes.map((c) => c.host);
}

/**
 * privateNetworkRoutingAsDefault on a cluster's nodes, as `ip -batch` lines per node: the default
 * route via `gateway` on the private NIC (keeping the control plane on eth0), or back to eth0 (null)
 * without the control-plane route the switch added (`removals`, which may already be gone): off is
 * the node as the lab file built it, so a reused lab's reset proof finds nothing left.
 */
export function routingAsDefaultLines(model: ResolvedLab, clusterName: string, gateway: string | null): { host: string; lines: string[]; removals: string[] }[] {
  const cluster = model.clusters.find((c) => c.name === clusterName);
  if (!cluster) throw invalidInput('cluster', clusterName, `not a cluster of lab ${model.name}`, model.clusters.map((c) => c.name));
  const pub = model.publicNetwork;
  const out: { host: string; lines: string[]; removals: string[] }[] = [];
  for (const nodeName of cluster.nodes) {
    const node = model.hosts.find((h) => h.name === nodeName);
    const priv = node?.nics.find((n) => n.network === cluster.privateNetwork);
    const ext = node?.nics.find((n) => n.network === 'public');
    if (!node || !priv || !ext || !pub) continue;
    const lines = gateway
      ? [`route replace default via ${gateway} dev ${priv.ifname}`, `route replace ${pub.controlPlane}/32 via ${pub.gateway} dev ${ext.ifname}`]
      : [`route replace default via ${pub.gateway} dev ${ext.ifname}`];
    const removals = gateway ? [] : [`route del ${pub.controlPlane}/32 via ${pub.gateway} dev ${ext.ifname}`];
    out.push({ host: node.name, lines, removals });
  }
  return out;
}

/** privateNetworkRoutingAsDefault on a cluster; returns the nodes changed. */
export async function switchRoutingAsDefault(model: ResolvedLab, clusterName: string, gateway: string | null, ipBatch: IpBatch): Promise<string[]> {
  const plan = routingAsDefaultLines(model, clusterName, gateway);
  for (const { host, lines, removals } of plan) {
    await applyLines(ipBatch, host, lines, false);
    await applyLines(ipBatch, host, removals, true);
  }
  return plan.map((p) => p.host);
}

/** The DHCP host routes switch on another process's lab (`vracklab routes`); returns the hosts changed. */
export async function setHostRoutesOf(rec: LabRecord, network: string, enabled: boolean): Promise<string[]> {
  return switchHostRoutes(await loadLab(rec.file), network, enabled, recordIpBatch(rec));
}

/** The routing-as-default switch on another process's lab (`vracklab routes`); returns the nodes changed. */
export async function setRoutingAsDefaultOf(rec: LabRecord, clusterName: string, gateway: string | null): Promise<string[]> {
  return switchRoutingAsDefault(await loadLab(rec.file), clusterName, gateway, recordIpBatch(rec));
}
