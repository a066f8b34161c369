// A kept lab (netns, vrack-services) is reused only when its reset is proven: leftovers a reset does
// not take back are caught and rebuild the lab; @fresh gets a new lab; a reused lab's journal holds
// nothing of the previous user's. Root, netns and ganesha needed (skips with a reason otherwise).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { realExec } from '../core/exec.ts';
import { netnsUnavailableReason } from '../probe/testing/netns-pair.ts';
import { nfsWrite } from '../services/efs/nfs-client.ts';
import { LabPool } from './lab-pool.ts';
import { resetLab, takeBaseline, type LabBaseline } from './lab-reset.ts';
import { startLab } from './lab-runner.ts';
import { runDataDir } from './run-data.ts';
import type { RunningLab } from './running-lab.ts';

async function skipReason(): Promise<string | undefined> {
  const netns = await netnsUnavailableReason();
  if (netns) return netns;
  const r = await realExec('sh', ['-c', 'command -v ganesha.nfsd && command -v rpcbind'], { allowFailure: true });
  return r.exitCode === 0 ? undefined : 'nfs-ganesha or rpcbind is not installed (scripts/setup.sh system)';
}

const reason = await skipReason();
if (reason) console.warn(`lab-reuse.int.test: skipped: ${reason}`);

const TIMINGS = { deliveryMs: 10, taskPendingMs: 10, taskRunningMs: 20, disruptiveCutMs: 10, vrackTaskMs: 10 };
const build = () => startLab({ file: 'topologies/vrack-services.lab.yml' }, { driver: 'netns', timings: TIMINGS, register: 'run', apiPort: 0 });
const KEY = 'vrack-services|netns';

/** The vRack NIC of a bare-metal host of the lab file. */
const nicOf = (lab: RunningLab, host: string) => lab.model.hosts.find((h) => h.name === host)!.nics[0]!.ifname;

/** A Service Endpoint of efs-lim on the untagged subnet: what a scenario of the guide "Exposing a managed service" leaves. */
async function exposeEfs(lab: RunningLab, storages: string[] = ['efs-lim']): Promise<void> {
  const id = lab.ids['vrs-lim']!;
  await lab.client.modify(id, (spec) => ({
    ...spec,
    subnets: [{ cidr: '10.120.0.0/16', displayName: null, vlan: null, serviceRange: { cidr: '10.120.0.0/29' }, serviceEndpoints: storages.map((s) => ({ managedServiceURN: lab.urns[s]! })) }],
  }));
  await lab.client.waitForReady(id, { timeoutMs: 30_000 });
}

describe.skipIf(Boolean(reason))('reusing a lab between scenarios (netns, vrack-services)', () => {
  const labs: RunningLab[] = [];
  afterAll(async () => {
    for (const lab of labs) await lab.stop();
  });

  it('a clean reset is proven clean; every leftover it does not take back is named by the proof', async () => {
    const lab = await build();
    labs.push(lab);
    const baseline: LabBaseline = await takeBaseline(lab);
    // Positive control: the scenario's own changes (a file written over NFS, an EFS added at runtime, endpoints) are taken back.
    await exposeEfs(lab);
    const write = () => nfsWrite(lab.host('bm1'), '10.120.0.1', lab.shareOf('10.120.0.1').exportPath, 'written-by-a-scenario.txt', 'x\n', { version: 4, timeoutMs: 15_000 });
    await write();
    await lab.addStorage('efs-second', 'LIM');
    await exposeEfs(lab, ['efs-lim', 'efs-second']);
    expect(await resetLab(lab, baseline)).toEqual({ clean: true });
    expect(lab.addedStorage()).toEqual([]);
    // The EFS itself no longer sees the removed file (no directory cache): the next scenario can create it again.
    await exposeEfs(lab);
    await write();
    const share = lab.dataPlane.storageViews.get(lab.ids['efs-lim']!)!.shares[0]!;

    // Leftovers no reset part takes back: each must show.
    const bm1 = lab.host('bm1');
    const nic = nicOf(lab, 'bm1');
    await lab.fabric.ipBatch('bm1', [`addr add 10.120.9.9/16 dev ${nic}`, `route add 192.0.2.0/24 via 10.120.1.20 dev ${nic}`, `neigh add 10.120.7.7 lladdr 02:00:00:00:07:07 dev ${nic} nud permanent`]);
    await lab.fabric.ipBatch('bm2', [`link set dev ${nicOf(lab, 'bm2')} down`]);
    await lab.host('efs-lim').exec(['sh', '-c', 'echo 0 > /proc/sys/net/ipv4/conf/all/arp_notify']);
    await bm1.exec(['nft', 'add', 'table', 'inet', 'leftover']);
    const unsubscribe = lab.simulator.journal.subscribe(() => {});
    // A prober a scenario did not stop: one more process in the host.
    const leaked = bm1.spawn(['sleep', '300']);
    await writeFile(join(runDataDir(lab.runId), 'efs-efs-lim', share.id, 'hello.txt'), 'changed by a scenario\n');

    const outcome = await resetLab(lab, baseline);
    unsubscribe();
    await leaked.stop();
    expect(outcome.clean).toBe(false);
    const differences = outcome.clean ? [] : outcome.differences;
    for (const expected of [
      new RegExp(`^bm1 address added: ${nic} inet 10\\.120\\.9\\.9/16$`),
      /^bm1 route added: .*dst="192\.0\.2\.0\/24" gateway="10\.120\.1\.20"/,
      /^bm1 permanent neighbour added: dst="10\.120\.7\.7"/,
      new RegExp(`^bm2 link added: ${nicOf(lab, 'bm2')} down`),
      /^efs-lim sysctl net\.ipv4\.conf\.all\.arp_notify: 1 → 0$/,
      /^bm1 nft ruleset differs$/,
      /^journal listeners: 0 → 1$/,
      /^bm1 process added: sleep ×\d+$/,
      /^export file efs-efs-lim\/.*\/hello\.txt: /,
    ]) {
      expect(differences.some((d) => expected.test(d)), `${expected} in:\n${differences.join('\n')}`).toBe(true);
    }
  });

  it('a reset without its simulator part leaves the endpoint up, and the proof sees it', async () => {
    const pool = new LabPool({ resetParts: { simulator: false, addedStorage: true, switches: true, files: true } });
    try {
      const first = await pool.acquire(KEY, build);
      await exposeEfs(first);
      await pool.release(first, { reusable: true });
      const second = await pool.acquire(KEY, build);
      expect(second.runId).not.toBe(first.runId);
      expect(pool.stats).toMatchObject({ built: 2, reused: 0, rebuiltAfterProof: 1 });
      expect(pool.stats.reasons[0]).toMatch(/efs-lim link added: se0 up|endpoint NIC 10\.120\.0\.1: added|simulator state/);
    } finally {
      await pool.drain();
    }
  });

  it('reuses a clean lab with nothing of the last user in its journal or state; rebuilds on a planted leftover; @fresh is always new', async () => {
    const pool = new LabPool();
    try {
      const first = await pool.acquire(KEY, build);
      await exposeEfs(first);
      const extraVrack = (await first.simulator.admin.createVrack()).serviceName;
      expect(first.simulator.journal.list().length).toBeGreaterThan(0);
      await pool.release(first, { reusable: true });

      const second = await pool.acquire(KEY, build);
      expect(second.runId).toBe(first.runId);
      expect(second.simulator.journal.list()).toEqual([]);
      expect(second.simulator.checkpoint().state.vracks.map((v) => v.serviceName)).not.toContain(extraVrack);
      expect(second.dataPlane.attached().size).toBe(0);

      await second.fabric.ipBatch('bm1-peer', [`addr add 10.120.9.10/16 dev ${nicOf(second, 'bm1-peer')}`]);
      await pool.release(second, { reusable: true });
      const third = await pool.acquire(KEY, build);
      expect(third.runId).not.toBe(first.runId);
      expect(pool.stats.reasons.join('\n')).toContain(`bm1-peer address added: ${nicOf(second, 'bm1-peer')} inet 10.120.9.10/16`);

      await pool.release(third, { reusable: true });
      const fresh = await pool.acquire(KEY, build, { fresh: true });
      expect(fresh.runId).not.toBe(third.runId);
      await pool.release(fresh, { reusable: true });
      // A @fresh lab is never kept: the next user builds again.
      const after = await pool.acquire(KEY, build);
      expect(after.runId).not.toBe(fresh.runId);
      expect(pool.stats).toMatchObject({ built: 4, reused: 1, rebuiltAfterProof: 1, fresh: 1 });
      // A scenario that failed does not hand its lab on.
      await pool.release(after, { reusable: false });
      expect((await pool.acquire(KEY, build)).runId).not.toBe(after.runId);
    } finally {
      await pool.drain();
    }
  });
});
