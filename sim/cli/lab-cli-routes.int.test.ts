/**
 * README: `vracklab routes NAME --routing-as-default CLUSTER=IP|off`, `up --driver netns` and
 * `down NAME`, through the binary as a user types them, on a copy of mks-private-networks (the guide "Communicating between different private networks"):
 * the nodes' default route moves to eth1 via the gateway VM (node1 then reaches vm1 on the other
 * private network) while the control plane stays on eth0, and `off` puts everything back on eth0.
 * The copy has its own name and private record and data directories: no other test's lab collides.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gc } from '../fabric/fabric.ts';
import { isLabProcessAlive, type LabRecord } from '../lab/lab-registry.ts';
import { netnsUnavailableReason } from '../probe/testing/netns-pair.ts';
import { loadLab } from '../topology/load.ts';
import { privateLabCopy } from './testing/private-lab-copy.ts';
import { runLeftovers, unmountUnder } from './testing/run-leftovers.ts';

const LAB = 'mks-routes';
const NODES = ['node1', 'node2', 'node3'];
const VM1 = '10.0.2.142';
const { base, stateDir, dataDir, labFile, env } = privateLabCopy('mks-private-networks', LAB);
const vracklab = (...args: string[]) => execa(process.execPath, ['bin/vracklab.js', ...args], { env, reject: false, timeout: 300_000 });
/** The route the kernel of `host` picks for `ip` (no packet is sent). */
const routeGet = async (host: string, ip: string) => (await vracklab('exec', LAB, host, '--', 'ip', 'route', 'get', ip)).stdout;
const pings = async (host: string, ip: string) => (await vracklab('exec', LAB, host, '--', 'ping', '-c', '1', '-W', '2', ip)).exitCode === 0;

const reason = await netnsUnavailableReason();
if (reason) console.warn(`lab-cli-routes.int.test skipped: ${reason}`);

describe.skipIf(reason !== undefined)('vracklab up --driver netns, routes --routing-as-default, down NAME', () => {
  let runId = '';
  let controlPlane = '';

  beforeAll(async () => {
    expect(readFileSync(labFile, 'utf8')).toContain(`name: ${LAB}\n`);
    controlPlane = (await loadLab(labFile)).publicNetwork!.controlPlane;
    const up = await vracklab('up', labFile, '--detach', '--driver', 'netns', '--api-port', '20202');
    expect(up.exitCode, up.stderr + up.stdout).toBe(0);
    expect(up.stdout).toContain(`lab ${LAB} is up`);
    const status = JSON.parse((await vracklab('status', LAB, '--json')).stdout) as { runId: string; driver: string; alive: boolean };
    expect(status).toMatchObject({ driver: 'netns', alive: true });
    runId = status.runId;
  }, 360_000);

  afterAll(async () => {
    // Only our lab, by name (never --all): a no-op when the last test already took it down.
    if ((await vracklab('status', '--json')).stdout.includes(`"${LAB}"`)) await vracklab('down', LAB);
    // Should `down` have failed: our daemon by its recorded pid (SIGTERM tears its lab down), then our run's objects.
    const record = join(stateDir, `${LAB}.json`);
    if (existsSync(record)) {
      const rec = JSON.parse(readFileSync(record, 'utf8')) as LabRecord;
      if (isLabProcessAlive(rec)) process.kill(rec.pid, 'SIGTERM'); // still the process we recorded (no reused pid)
    }
    if (runId) await gc({ runId });
    await unmountUnder(base);
    rmSync(base, { recursive: true, force: true });
  });

  it('--routing-as-default mks1=10.0.1.1 moves the nodes default route to eth1; off moves it back to eth0', async () => {
    // Before: the guide's failure, every default route on eth0 and vm1 out of reach.
    for (const node of NODES) expect(await routeGet(node, VM1), node).toMatch(/ dev eth0 /);
    expect(await pings('node1', VM1)).toBe(false);

    const on = await vracklab('routes', LAB, '--routing-as-default', 'mks1=10.0.1.1');
    expect(on.exitCode, on.stderr).toBe(0);
    expect(on.stdout).toContain('routing as default: via 10.0.1.1 for node1, node2, node3');
    for (const node of NODES) {
      expect(await routeGet(node, VM1), node).toMatch(/ via 10\.0\.1\.1 dev eth1 /);
      expect(await routeGet(node, controlPlane), `${node} → control plane`).toMatch(/ dev eth0 /);
    }
    expect(await pings('node1', VM1)).toBe(true);

    const off = await vracklab('routes', LAB, '--routing-as-default', 'mks1=off');
    expect(off.exitCode, off.stderr).toBe(0);
    expect(off.stdout).toContain('routing as default: off for node1, node2, node3');
    for (const node of NODES) expect(await routeGet(node, VM1), node).toMatch(/ dev eth0 /);
    expect(await pings('node1', VM1)).toBe(false);
  }, 120_000);

  it('refuses a malformed --routing-as-default and an unknown cluster, naming the valid forms', async () => {
    const bad = await vracklab('routes', LAB, '--routing-as-default', 'mks1=on');
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toContain('--routing-as-default');
    expect(bad.stderr).toContain('mks1=off');
    const unknown = await vracklab('routes', LAB, '--routing-as-default', 'mks9=10.0.1.1');
    expect(unknown.exitCode).not.toBe(0);
    expect(unknown.stderr).toContain('mks9');
    expect(unknown.stderr).toContain('mks1');
  });

  it('down NAME takes that lab down and leaves nothing of its run', async () => {
    const places = { runId, recordKey: LAB, stateDir, dataDir };
    const whileUp = await runLeftovers(places);
    for (const kind of ['netns', 'link', 'lease', 'record']) expect(whileUp.some((l) => l.startsWith(`${kind} `)), `${kind} while up: ${whileUp.join('; ')}`).toBe(true);
    const down = await vracklab('down', LAB);
    expect(down.exitCode, down.stderr).toBe(0);
    expect(down.stdout).toContain(`lab ${LAB} is down (run ${runId})`);
    const left = await runLeftovers(places);
    expect(left, `left behind: ${left.join('; ')}`).toEqual([]);
    expect(JSON.parse((await vracklab('status', '--json')).stdout)).toEqual([]);
  }, 180_000);
});
