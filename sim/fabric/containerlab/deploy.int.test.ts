// The export (render.ts) of the mks lab deployed with the real CLI (pods, cni0, nft, routes: every
// node's exec must succeed), then a crash: nobody destroys it, and gc scoped to the run removes
// everything containerlab left (containers by label; lab directory, file and ssh config by reap.ts's proofs).
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { realExec } from '../../core/exec.ts';
import { newRunId } from '../../core/run-id.ts';
import { loadLab } from '../../topology/load.ts';
import { gc } from '../gc.ts';
import { containerlabVersion } from './cli.ts';
import { deployTopology, deploymentOf, destroyTopology, type ContainerlabDeployment } from './deploy.ts';
import { containerlabName, renderContainerlab } from './render.ts';
import { releaseLease, takeLease } from '../run-lease.ts';

const version = await containerlabVersion(realExec);
const dir = mkdtempSync(join(tmpdir(), 'vracklab-clab-int-'));
process.env.VRACKLAB_CLAB_DIR = dir;
let deployment: ContainerlabDeployment | undefined;
afterAll(async () => {
  if (deployment && existsSync(deployment.file)) await destroyTopology(realExec, deployment).catch(() => undefined);
  if (deployment) releaseLease(deployment.runId);
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(version === null)('the exported mks lab deployed by containerlab, then gc after a crash', () => {
  it('deploys the mks lab with every node set up; gc of the run leaves no container, directory or file', async () => {
    const lab = await loadLab('topologies/mks-private-networks.lab.yml');
    const runId = newRunId();
    // The lease marks the run alive, so a global gc of another test spares it while it is up.
    takeLease(runId);
    const d = deploymentOf(runId, containerlabName(lab, runId));
    deployment = d;
    await deployTopology(realExec, d, renderContainerlab(lab, { runId }));
    const { name } = d;
    // The pod reaches its node's private-network neighbour through the node's NAT: exec set up cni0, routes and nft.
    const node1 = lab.hosts.find((h) => h.name === 'node1');
    const privateSegment = node1?.nics.find((n) => n.segment.startsWith('vrack:'))?.segment;
    const peer = lab.hosts.find((h) => h.role === 'gateway' && h.nics.some((n) => n.segment === privateSegment));
    const target = (peer?.nics.find((n) => n.segment === privateSegment)?.address ?? '').split('/')[0] ?? '';
    const ping = await realExec('docker', ['exec', `clab-${name}-pod1`, 'ping', '-n', '-c', '2', '-w', '5', target], { allowFailure: true, timeoutMs: 30_000 });
    expect(ping.stdout, `pod1 -> ${peer?.name} ${target} on ${privateSegment}`).toMatch(/ 0% packet loss/);
    expect(existsSync(d.labDir)).toBe(true);
    expect(existsSync(`/etc/ssh/ssh_config.d/clab-${name}.conf`)).toBe(true);

    // The crash: no destroy. gc scoped to the run (what `vracklab down` does after a crash).
    const { removed } = await gc({ runId });
    expect(removed).toEqual(expect.arrayContaining([`containerlab file ${d.labDir}`, `containerlab file ${d.file}`, `containerlab file /etc/ssh/ssh_config.d/clab-${name}.conf`]));
    expect((await realExec('docker', ['ps', '--all', '--quiet', '--filter', `label=vracklab.run-id=${runId}`])).stdout).toBe('');
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(`/etc/ssh/ssh_config.d/clab-${name}.conf`)).toBe(false);
  });
});
