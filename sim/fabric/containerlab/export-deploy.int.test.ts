// The containerlab export on its own: `vracklab export`'s .clab.yml deployed by the containerlab CLI
// (deploy.ts), nothing else of vracklab running. Hosts on one VLAN reach each other, another VLAN
// and another vRack are refused; the lab's own FRR router (byon-frr-router) carries host-a's
// traffic to host-b, and not once FRR shuts its interface towards net-b. Destroy leaves nothing.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { realExec } from '../../core/exec.ts';
import { newRunId } from '../../core/run-id.ts';
import { loadLab } from '../../topology/load.ts';
import { containerlabVersion } from './cli.ts';
import { deployContainerlab, destroyContainerlab, type ContainerlabDeployment } from './deploy.ts';

const version = await containerlabVersion(realExec);
const dir = mkdtempSync(join(tmpdir(), 'vracklab-clab-export-'));
const deployments: ContainerlabDeployment[] = [];

afterAll(async () => {
  for (const d of deployments) await destroyContainerlab(realExec, d).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

/** `ping` from a node of the deployment: 'reply', 'refused' (sent, nothing back) or what else happened. */
async function ping(d: ContainerlabDeployment, node: string, target: string, ttl?: number): Promise<string> {
  const r = await realExec('docker', ['exec', `clab-${d.name}-${node}`, 'ping', '-n', '-c', '1', '-W', '2', ...(ttl ? ['-t', String(ttl)] : []), target], { allowFailure: true, timeoutMs: 30_000 });
  if (/ 1 received/.test(r.stdout)) return 'reply';
  const hop = /^From (\S+) icmp_seq=\d+ Time to live exceeded/m.exec(r.stdout)?.[1];
  if (hop) return `ttl exceeded at ${hop}`;
  return / 0 received/.test(r.stdout) ? 'refused' : `ping did not run: ${r.stderr || r.stdout}`;
}

async function deploy(file: string): Promise<ContainerlabDeployment> {
  const d = await deployContainerlab(realExec, await loadLab(file), { runId: newRunId(), dir });
  deployments.push(d);
  return d;
}

/** Destroys and proves nothing is left: no container of the run, no lab directory, file or ssh config. */
async function destroyedClean(d: ContainerlabDeployment): Promise<void> {
  await destroyContainerlab(realExec, d);
  deployments.splice(deployments.indexOf(d), 1);
  expect((await realExec('docker', ['ps', '--all', '--quiet', '--filter', `label=vracklab.run-id=${d.runId}`])).stdout).toBe('');
  expect(existsSync(d.labDir)).toBe(false);
  expect(existsSync(d.file)).toBe(false);
  expect(existsSync(`/etc/ssh/ssh_config.d/clab-${d.name}.conf`)).toBe(false);
}

describe.skipIf(version === null)('the containerlab export deployed by containerlab alone', () => {
  it('vrack-services: one VLAN reaches, another VLAN and another vRack are refused; destroy leaves nothing', async () => {
    const d = await deploy('topologies/vrack-services.lab.yml');
    // bm1 and bm1-peer: vRack pn-xyzzz untagged. bm2-peer: same vRack, VLAN 100. other1-peer: vRack pn-other. One /16 for all.
    expect(await ping(d, 'bm1', '10.120.1.20')).toBe('reply');
    expect(await ping(d, 'bm2', '10.120.1.21')).toBe('reply');
    expect(await ping(d, 'bm1', '10.120.1.21')).toBe('refused');
    expect(await ping(d, 'bm1', '10.120.1.22')).toBe('refused');
    await destroyedClean(d);
  });

  it('byon-frr-router: host-a reaches host-b only through the FRR router node', async () => {
    const d = await deploy('topologies/byon-frr-router.lab.yml');
    expect(await ping(d, 'host-a', '10.0.1.254')).toBe('reply');
    expect(await ping(d, 'host-a', '10.0.2.20', 1)).toBe('ttl exceeded at 10.0.1.254');
    expect(await ping(d, 'host-a', '10.0.2.20')).toBe('reply');
    // FRR takes the route away (zebra sets eth2 down): host-b is out of reach, the router is not.
    const vtysh = await realExec('docker', ['exec', `clab-${d.name}-r1`, 'vtysh', '-c', 'configure terminal', '-c', 'interface eth2', '-c', 'shutdown'], { allowFailure: true });
    expect(vtysh.exitCode, vtysh.stderr).toBe(0);
    expect(await ping(d, 'host-a', '10.0.2.20')).toBe('refused');
    expect(await ping(d, 'host-a', '10.0.1.254')).toBe('reply');
    await destroyedClean(d);
    expect(readdirSync(dir)).toEqual([]);
  });
});
