/**
 * `vracklab up FILE --driver containerlab` through the binary: containerlab lists the lab with our
 * run-id label on every node, `vracklab exec` reattaches to its hosts, and `vracklab down` leaves nothing — no container, namespace link, lab
 * directory, file, ssh config, docker network or firewall rule. Then a crashed lab (its process
 * killed) is collected by `vracklab gc RUNID` alone. Records go to a private state dir.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realExec } from '../core/exec.ts';
import { LABEL_RUN_ID } from '../core/run-id.ts';
import { waitFor } from '../core/wait.ts';
import { CONTAINERLAB_ENV, containerlabBin, containerlabVersion } from '../fabric/containerlab/cli.ts';
import { leftovers } from '../fabric/driver-contract.ts';
import { machineCapabilities } from '../fabric/capabilities.ts';
import { loadLab } from '../topology/load.ts';

const stateDir = mkdtempSync(join(tmpdir(), 'vracklab-clab-cli-'));
const env = { ...process.env, VRACKLAB_STATE_DIR: stateDir };
const vracklab = (...args: string[]) => execa(process.execPath, ['bin/vracklab.js', ...args], { env, reject: false, timeout: 300_000 });
const LAB = 'topologies/vrack-services.lab.yml';

const caps = await machineCapabilities().catch(() => undefined);
const version = await containerlabVersion(realExec);
const skip = !caps?.docker || version === null;
if (skip) console.warn(`containerlab CLI test skipped: ${caps?.docker ? 'the containerlab CLI does not run (scripts/setup.sh containerlab)' : 'no Docker engine answers'}`);

/** What containerlab could make on the machine beyond our run's names: docker networks, firewall rules naming it. */
async function machineTraces(): Promise<{ networks: string[]; rules: string[] }> {
  const networks = (await realExec('docker', ['network', 'ls', '--format', '{{.Name}}'])).stdout.split('\n').filter(Boolean).sort();
  const ipt = (await realExec('iptables-save', [], { allowFailure: true })).stdout;
  const nft = (await realExec('nft', ['list', 'ruleset'], { allowFailure: true })).stdout;
  const rules = [...ipt.split('\n'), ...nft.split('\n')].filter((l) => /clab|containerlab/i.test(l)).sort();
  return { networks, rules };
}

interface Inspected { Labels: Record<string, string> }

describe.skipIf(skip)('vracklab up --driver containerlab, down and gc', () => {
  afterAll(async () => {
    for (const name of ['vrack-services']) await vracklab('down', name);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('deploys the lab through containerlab, reattaches to its hosts, and down leaves nothing', async () => {
    const before = await machineTraces();
    const up = await vracklab('up', LAB, '--driver', 'containerlab', '--detach', '--api-port', '0');
    expect(up.exitCode, up.stderr + up.stdout).toBe(0);
    expect(up.stdout).toContain('driver containerlab');
    const status = JSON.parse((await vracklab('status', 'vrack-services', '--json')).stdout) as { runId: string; driver: string; hosts: { name: string }[] };
    expect(status.driver).toBe('containerlab');

    const inspect = await realExec(containerlabBin(), ['inspect', '--all', '--details', '--format', 'json'], { env: CONTAINERLAB_ENV });
    const nodes = (JSON.parse(inspect.stdout) as Record<string, Inspected[]>)[`vracklab-vrack-services-${status.runId}`] ?? [];
    const lab = await loadLab(LAB);
    expect(nodes.map((n) => n.Labels['clab-node-name']).sort()).toEqual(lab.hosts.filter((h) => !h.pod?.hostNetwork).map((h) => h.name).sort());
    for (const n of nodes) expect(n.Labels[LABEL_RUN_ID]).toBe(status.runId);

    // `vracklab exec` reattaches to a containerlab host from its record (nsenter through its PID).
    const nic = lab.hosts.find((h) => h.name === 'bm1')?.nics[0];
    const addr = await vracklab('exec', 'vrack-services', 'bm1', '--', 'ip', '-o', '-4', 'addr', 'show', 'dev', nic?.ifname ?? '?');
    expect(addr.exitCode, addr.stderr).toBe(0);
    expect(addr.stdout).toContain(nic?.address);

    expect((await leftovers(status.runId)).length).toBeGreaterThan(0); // control: the lab is really there
    const down = await vracklab('down', 'vrack-services');
    expect(down.exitCode, down.stderr).toBe(0);
    expect(await leftovers(status.runId)).toEqual([]);
    expect(await machineTraces()).toEqual(before);
  });

  it('vracklab gc RUNID removes what a crashed containerlab lab left', async () => {
    const up = await vracklab('up', LAB, '--driver', 'containerlab', '--detach', '--api-port', '0');
    expect(up.exitCode, up.stderr + up.stdout).toBe(0);
    const status = JSON.parse((await vracklab('status', 'vrack-services', '--json')).stdout) as { runId: string; pid: number };
    const refused = await vracklab('gc', status.runId);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain(`gc of run ${status.runId} refused: lab vrack-services of this run is running`);
    process.kill(status.pid, 'SIGKILL'); // the crash: no teardown runs
    await waitFor(async () => !(await realExec('kill', ['-0', String(status.pid)], { allowFailure: true }).then((r) => r.exitCode === 0)), { what: 'the lab process to die', timeoutMs: 10_000, intervalMs: 100 });
    expect((await leftovers(status.runId)).length).toBeGreaterThan(0);
    const gc = await vracklab('gc', status.runId);
    expect(gc.exitCode, gc.stderr).toBe(0);
    expect(gc.stdout).toMatch(/containerlab file .*clab-vracklab-vrack-services-/);
    expect(await leftovers(status.runId)).toEqual([]);
    expect((await vracklab('status', '--json')).stdout).not.toContain(status.runId);
  });
});
