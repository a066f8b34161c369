/**
 * README: "`vracklab up` … in the foreground Ctrl-C tears it down". Through the binary, as a user
 * runs it: `up FILE --driver netns --api-port N` as a child process, wait for its ready line, check
 * the lab is really there (positive control: its namespaces, links, lease, record, data and API),
 * send SIGINT, and require a clean exit with nothing of that run left on the machine.
 * The lab is a copy of vrack-services under its own name, with private record and data directories,
 * so no other test's lab of the same file collides with it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../core/wait.ts';
import { gc } from '../fabric/fabric.ts';
import { netnsUnavailableReason } from '../probe/testing/netns-pair.ts';
import { privateLabCopy } from './testing/private-lab-copy.ts';
import { runLeftovers, unmountUnder } from './testing/run-leftovers.ts';

const LAB = 'vrs-foreground';
const API_PORT = 20201;
const { base, stateDir, dataDir, labFile, env } = privateLabCopy('vrack-services', LAB);

const reason = await netnsUnavailableReason();
if (reason) console.warn(`lab-cli-foreground.int.test skipped: ${reason}`);

describe.skipIf(reason !== undefined)('vracklab up in the foreground, torn down by Ctrl-C (netns driver)', () => {
  let child: ChildProcess | undefined;
  let runId: string | undefined;
  afterAll(async () => {
    // Only if the test failed half-way, and only our own run: `down` by name signals our child (by its
    // recorded pid), kills it if it does not stop, and removes the run's objects and data by run id.
    if (child && child.exitCode === null && child.signalCode === null) {
      await execa(process.execPath, ['bin/vracklab.js', 'down', LAB], { env, reject: false, timeout: 180_000 });
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    if (runId) await gc({ runId });
    await unmountUnder(base);
    rmSync(base, { recursive: true, force: true });
  });

  it('builds the lab, prints its ready line, and leaves nothing of its run after SIGINT', async () => {
    expect(readFileSync(labFile, 'utf8')).toContain(`name: ${LAB}\n`);
    const proc = spawn(process.execPath, ['bin/vracklab.js', 'up', labFile, '--driver', 'netns', '--api-port', String(API_PORT)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));

    await waitFor(() => out.includes('press Ctrl-C to tear the lab down') || proc.exitCode !== null, { what: 'the ready line of vracklab up', timeoutMs: 300_000, intervalMs: 200, describe: () => out.slice(-2000) });
    expect(proc.exitCode, out).toBeNull();
    runId = /lab vrs-foreground is up \(run ([a-z0-9]{6}), driver netns,/.exec(out)?.[1];
    expect(runId, out).toBeDefined();
    const places = { runId: runId!, recordKey: LAB, stateDir, dataDir };

    // Positive control: the run is there, so the empty list after SIGINT means something.
    const whileUp = await runLeftovers(places);
    for (const kind of ['netns', 'link', 'lease', 'record', 'data']) expect(whileUp.some((l) => l.startsWith(`${kind} `)), `${kind} while up: ${whileUp.join('; ')}`).toBe(true);
    expect((await fetch(`http://127.0.0.1:${API_PORT}/v2/vrackServices/resource`)).status).toBe(401); // its API answers (and wants its own credentials)

    proc.kill('SIGINT');
    // The deadline's timer is cleared once the CLI has exited: a pending 2-minute timer would hold the worker.
    let deadline: NodeJS.Timeout | undefined;
    const end = await Promise.race([exited, new Promise<'timeout'>((r) => (deadline = setTimeout(() => r('timeout'), 120_000)))]).finally(() => clearTimeout(deadline));
    expect(end, out).toEqual({ code: 0, signal: null });
    expect(out).toContain(`tearing lab ${LAB} down`);
    expect(out).toContain(`lab ${LAB} is down`);
    const left = await runLeftovers(places);
    expect(left, `left behind: ${left.join('; ')}`).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${API_PORT}/v2/vrackServices/resource`)).rejects.toThrow();
  }, 420_000);
});
