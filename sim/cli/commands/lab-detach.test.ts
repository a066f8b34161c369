// `up --detach` waits on its daemon's events, not on a clock: the "up" message over the IPC channel,
// or the daemon's exit. And `down` waits on the lab process's record going (a watch), not a poll.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { removeLabRecord, writeLabRecord } from '../../lab/lab-registry.ts';
import { labRecordFixture } from '../../lab/lab-record-fixture.ts';
import { labProcessDone } from '../../lab/lab-stop.ts';
import { DAEMON_UP, daemonUp } from './lab-detach.ts';

const base = mkdtempSync(join(tmpdir(), 'vl-detach-'));
process.env.VRACKLAB_STATE_DIR = join(base, 'labs');
mkdirSync(join(base, 'labs'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const record = (pid: number) => labRecordFixture({ pid, apiUrl: 'http://127.0.0.1:19500' });

/** A stand-in daemon: runs `script` with an IPC channel to this test. */
function daemon(script: string): ChildProcess {
  return spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
}
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  await removeLabRecord('demo');
});

describe('daemonUp', () => {
  it('returns the lab record the moment the daemon says up, and lets the daemon go', async () => {
    // Says up when told to (after its record is written), then leaves once the channel closes.
    const child = daemon(`process.on('message', () => process.send(${JSON.stringify(DAEMON_UP)})); process.on('disconnect', () => process.exit(0));`);
    children.push(child);
    await new Promise((r) => child.once('spawn', r));
    await writeLabRecord(record(child.pid!));
    const up = daemonUp(child, 'demo', 60_000);
    child.send('go');
    expect((await up).pid).toBe(child.pid);
    expect(child.connected).toBe(false);
  });

  it('fails at once when the daemon exits before saying up', async () => {
    const child = daemon('process.exit(3)');
    children.push(child);
    await expect(daemonUp(child, 'demo', 60_000)).rejects.toThrow('the lab process exited with code 3 while building');
  });

  it('ignores other messages, and gives up after its bound', async () => {
    const child = daemon(`process.send('hello'); setInterval(() => {}, 1000);`);
    children.push(child);
    await expect(daemonUp(child, 'demo', 300)).rejects.toThrow('timed out waiting for lab demo to be up');
  });
});

describe('labProcessDone', () => {
  it('resolves when the lab process removes its record (its teardown is over)', async () => {
    const rec = record(process.pid); // alive: only the record's removal can end the wait
    await writeLabRecord(rec);
    const done = labProcessDone(rec, 60_000);
    await removeLabRecord('demo');
    expect(await done).toBe('record-removed');
  });

  it('resolves when the process is gone without removing its record (it crashed)', async () => {
    const child = daemon('setInterval(() => {}, 1000);');
    children.push(child);
    await new Promise((r) => child.once('spawn', r));
    const rec = record(child.pid!);
    await writeLabRecord(rec);
    const done = labProcessDone(rec, 60_000);
    child.kill('SIGKILL');
    expect(await done).toBe('process-gone');
  });

  it('resolves false after its bound when neither happens', async () => {
    const rec = record(process.pid);
    await writeLabRecord(rec);
    expect(await labProcessDone(rec, 300)).toBe(false);
  });
});
