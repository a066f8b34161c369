/**
 * `vracklab up --detach` of a lab whose daemon dies while building must fail at once with the
 * daemon's error, not wait out its 600 s deadline. The daemon is made to die for a real reason: its
 * --api-port is already taken by a listener this test opens (the API listens after the fabric is
 * built, so the daemon gets far enough to create a run, and must also leave nothing of it behind).
 * The lab is a copy of vrack-services named detach-fail, with private record and data directories.
 */
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { gc } from '../fabric/fabric.ts';
import { netnsUnavailableReason } from '../probe/testing/netns-pair.ts';
import { privateLabCopy } from './testing/private-lab-copy.ts';
import { runLeftovers, unmountUnder } from './testing/run-leftovers.ts';

const LAB = 'detach-fail';
const API_PORT = 20301;
const { base, stateDir, dataDir, labFile, env } = privateLabCopy('vrack-services', LAB);

const reason = await netnsUnavailableReason();
if (reason) console.warn(`lab-cli-detach-failure.int.test skipped: ${reason}`);

const listenOn = (port: number): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

describe.skipIf(reason !== undefined)('vracklab up --detach when the daemon dies while building (netns driver)', () => {
  let blocker: Server | undefined;
  let runId: string | undefined;
  afterAll(async () => {
    await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
    // Only if the daemon failed to clean up after itself, and only our own run.
    if (runId) await gc({ runId });
    await unmountUnder(base);
    rmSync(base, { recursive: true, force: true });
  });

  it('fails with the daemon error long before the 600 s wait, and leaves nothing of the run', async () => {
    expect(readFileSync(labFile, 'utf8')).toContain(`name: ${LAB}\n`);
    blocker = await listenOn(API_PORT);
    const started = Date.now();
    // A timeout far below the 600 s wait: a CLI that keeps polling after its daemon died is killed and the test fails on timedOut.
    const up = await execa(process.execPath, ['bin/vracklab.js', 'up', labFile, '--detach', '--driver', 'netns', '--api-port', String(API_PORT)], {
      env,
      reject: false,
      timeout: 240_000,
    });
    const out = `${up.stdout}\n${up.stderr}`;
    console.info(`up --detach of a failing daemon returned in ${Date.now() - started} ms`);
    expect(up.timedOut, out).toBe(false);
    expect(up.exitCode, out).not.toBe(0);
    expect(out).toMatch(new RegExp(`lab ${LAB} did not come up: the lab process exited with code [1-9]\\d* while building`));
    // The daemon's own reason, from its log tail: the port this test holds.
    expect(out).toContain(`cannot serve the API on 127.0.0.1:${API_PORT}`);
    expect(out).not.toContain('timed out waiting');

    // Positive control for the emptiness below: the daemon got as far as creating a run.
    runId = /creating fabric \(driver netns, run ([a-z0-9]{6})\)/.exec(out)?.[1];
    expect(runId, out).toBeDefined();
    const left = await runLeftovers({ runId: runId!, recordKey: LAB, stateDir, dataDir });
    expect(left, `left behind: ${left.join('; ')}`).toEqual([]);
  }, 300_000);
});
