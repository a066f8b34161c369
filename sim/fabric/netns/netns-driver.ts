/**
 * Lightweight driver: each host is an `ip netns` namespace. Commands run on the machine's own
 * filesystem, so the tools a scenario uses (ping, nc, nfs-ls…) must be installed on the machine.
 * A keeper process (`sleep infinity`) lives in each namespace so the host has a PID like a
 * container's, and the shared plumbing works the same for both drivers.
 * Scale (1,000 hosts, see docs/fabric.md): one bridge takes at most 1,023 ports, and the neighbour
 * table (gc_thresh3, 1,024 by default) is shared by every namespace of the machine.
 */
import { HarnessError } from '../../core/errors.ts';
import { ownerMarker } from '../../core/run-id.ts';
import { shellQuote } from '../../core/exec.ts';
import type { Exec } from '../../core/exec.ts';
import type { HostDriver, DriverContext } from '../driver.ts';
import type { HostRecord, HostSpec } from '../types.ts';
import { netnsName } from '../names.ts';
import { PrefixedHost } from '../prefixed-host.ts';
import { getRecipe } from '../images/registry.ts';
import { deleteNetns, reapNetns } from './netns-removal.ts';
import { ipBatch, shellBatch } from '../batch-queue.ts';

export { deleteNetns };

/**
 * The keeper start, run inside the new namespace: lo up (with the run's ownership marker), the
 * sysctls, and `sleep infinity` in its own session (so a Ctrl-C to the lab's process group does not
 * kill it), detached from our stdio (the batch's output would otherwise stay open), its PID echoed
 * back. `nsenter --net` enters only the network namespace: `ip netns exec` also unshares the mount
 * namespace and remounts /sys, which copies every mount of the machine (one per namespace in
 * /run/netns) and made a 1,000-host lab quadratic. Keepers of concurrently created hosts share one
 * `sh` (batch-queue.ts), as their `ip netns add` lines share one `ip -batch`.
 */
export function keeperArgs(ns: string, sysctls: Record<string, string> = {}, runId?: string): string[] {
  const settings = Object.entries(sysctls).map(([k, v]) => `sysctl -q -w ${shellQuote(`${k}=${v}`)} || exit 1; `).join('');
  // The ownership marker lives on the namespace's own `lo`: gc deletes a namespace only when it is there.
  const marker = runId === undefined ? '' : ` alias ${shellQuote(ownerMarker(runId))}`;
  return [`--net=/run/netns/${ns}`, 'sh', '-c', `ip link set dev lo${marker} up || exit 1; ${settings}setsid sleep infinity </dev/null >/dev/null 2>&1 & echo $!`];
}

/** Whether a recorded command is a host's keeper start (keeperArgs, run alone): fakes answer it with a PID. */
export const isKeeperStart = (c: { file: string; args: readonly string[] }): boolean => c.file === 'nsenter' && c.args[0]?.startsWith('--net=/run/netns/') === true && c.args[1] === 'sh';

export const netnsDriver: HostDriver = {
  name: 'netns',
  missing: (caps) => [...(caps.kernel.netns ? [] : ['ip netns (network namespaces)']), ...(caps.kernel.veth ? [] : ['veth']), ...(caps.kernel.bridge ? [] : ['bridge'])],
  async createHost(ctx: DriverContext, spec: HostSpec): Promise<HostRecord> {
    getRecipe(spec.image); // the image is not used, but an unknown name is still a lab error
    // A namespace shares the machine's filesystem: a volume mounted at its own path is already
    // there; one that would move a directory elsewhere needs a container.
    const moved = (spec.volumes ?? []).filter((v) => v.source !== v.target);
    if (moved.length > 0)
      throw new HarnessError('UNSUPPORTED_BY_DRIVER', `host ${spec.name} cannot be built by the netns driver: volume ${moved[0]?.source}:${moved[0]?.target} needs a container filesystem (mount it at its own path, or use driver docker)`, {
        details: { host: spec.name, validChoices: ['docker'] },
      });
    const ns = netnsName(ctx.runId, spec.name);
    await ipBatch(ctx.exec, [`netns add ${ns}`]);
    const made = await shellBatch(ctx.exec, { file: 'nsenter', args: keeperArgs(ns, spec.sysctls, ctx.runId) });
    const pid = Number(made.output.trim().split('\n').pop());
    if (made.exitCode !== 0) {
      await deleteNetns(ctx.exec, ns);
      throw new HarnessError('EXEC_FAILED', `command failed: exit code ${made.exitCode} (starting the keeper of host ${spec.name} in namespace ${ns}): ${made.output.trim() || 'no output'}`, { details: { host: spec.name, netns: ns, ...made } });
    }
    if (!Number.isInteger(pid) || pid <= 0) {
      await deleteNetns(ctx.exec, ns);
      throw new HarnessError('HOST_START_FAILED', `host ${spec.name} did not start: no keeper process in namespace ${ns} (exit code ${made.exitCode}, got ${JSON.stringify(made.output)})`, { details: { host: spec.name, netns: ns } });
    }
    return { name: spec.name, driver: 'netns', pid, netns: ns };
  },
  async removeHost(ctx: DriverContext, record: HostRecord): Promise<void> {
    await deleteNetns(ctx.exec, record.netns ?? netnsName(ctx.runId, record.name));
  },
  async removeHosts(ctx: DriverContext, records: readonly HostRecord[]): Promise<void> {
    await deleteNetns(ctx.exec, ...records.map((r) => r.netns ?? netnsName(ctx.runId, r.name)));
  },
  hostFromRecord: (record: HostRecord, exec: Exec) => {
    if (!record.netns) throw new HarnessError('INVALID_INPUT', `invalid host record: a netns host needs its namespace name (host ${record.name})`, { details: { record } });
    return new PrefixedHost(record.name, record.pid, ['ip', 'netns', 'exec', record.netns], exec);
  },
  reap: reapNetns,
};
