// Lab records are data from disk: names, keys, run ids and PIDs are checked before they become
// paths or signals (security review #6).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processStartTime } from '../fabric/run-lease.ts';
import { FIXTURE_CREDENTIALS, labRecordFixture } from './lab-record-fixture.ts';
import { isLabProcessAlive, labApiConnection, mayBeLabProcessAlive, listLabRecords, readLabRecord, requireLabRecord, writeLabRecord } from './lab-registry.ts';

const base = mkdtempSync(join(tmpdir(), 'vl-records-'));
process.env.VRACKLAB_STATE_DIR = join(base, 'labs');
mkdirSync(join(base, 'labs'));

const creds = FIXTURE_CREDENTIALS;
const record = labRecordFixture;
const plant = (key: string, rec: unknown) => writeFileSync(join(base, 'labs', `${key}.json`), JSON.stringify(rec));

describe('lab record names', () => {
  it('refuses a name that is not a lab name before it becomes a path (no ../x)', async () => {
    writeFileSync(join(base, 'evil.json'), JSON.stringify(record({ name: 'evil', key: 'evil' })));
    for (const name of ['../evil', 'a/b', 'Demo', '', 'demo.json', 'demo.ABC123']) await expect(requireLabRecord(name)).rejects.toThrow(/invalid lab name: a lab name is a DNS label/);
  });

  it('reads a well-formed record, its own test-run key included (positive control)', async () => {
    await writeLabRecord(record());
    await writeLabRecord(record({ key: 'demo.abc123' }));
    expect((await requireLabRecord('demo')).runId).toBe('abc123');
    expect((await requireLabRecord('demo.abc123')).key).toBe('demo.abc123');
  });

  it('writes the record (it holds the API credentials) with mode 0600', async () => {
    await writeLabRecord(record());
    expect(statSync(join(base, 'labs', 'demo.json')).mode & 0o777).toBe(0o600);
  });
});

describe('lab record contents', () => {
  it.each([
    ['a run id that is a path', { runId: '../victimdir' }, /runId "\.\.\/victimdir" is not a run id/],
    ['a key that is not the file', { key: '../other' }, /key "\.\.\/other" is not the file's own name "bad"/],
    ['a name that is not the key', { name: 'other' }, /name "other" is not a lab name matching the record key/],
    ['a PID that is not one', { pid: -1 }, /pid -1 is not a process id/],
  ])('refuses %s, naming the field and the file', async (_what, over, message) => {
    plant('bad', { ...record({ name: 'bad', key: 'bad' }), ...over });
    await expect(readLabRecord('bad')).rejects.toMatchObject({ code: 'LAB_RECORD_INVALID', message: expect.stringMatching(message) });
    // And listing skips it rather than handing it to down/gc.
    expect((await listLabRecords()).map((r) => r.key)).not.toContain('bad');
  });
});

describe('isLabProcessAlive (PID reuse)', () => {
  const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
  afterAll(() => void sleeper.kill('SIGKILL'));

  it('is true only for the recorded PID with its recorded start time', () => {
    const pid = sleeper.pid as number;
    expect(isLabProcessAlive({ pid, pidStartTime: processStartTime(pid) })).toBe(true);
    // Same PID, another start time: the PID was reused by an unrelated process.
    expect(isLabProcessAlive({ pid, pidStartTime: '1' })).toBe(false);
    // No start time recorded: never trusted with a signal, but kept (not reaped) while the PID exists.
    expect(isLabProcessAlive({ pid })).toBe(false);
    expect(mayBeLabProcessAlive({ pid })).toBe(true);
    expect(mayBeLabProcessAlive({ pid, pidStartTime: '1' })).toBe(false);
  });
});

describe('labApiConnection', () => {
  it('gives a running lab’s URL and own credentials by name or by its URL, nothing for another URL', async () => {
    await writeLabRecord(record());
    expect(labApiConnection({ name: 'demo' })).toEqual({ name: 'demo', apiUrl: 'http://127.0.0.1:19299', credentials: creds });
    expect(labApiConnection({ endpoint: 'http://127.0.0.1:19299/' })?.credentials).toEqual(creds);
    expect(labApiConnection({ endpoint: 'http://127.0.0.1:8080' })).toBeUndefined();
    expect(() => labApiConnection({ name: 'nolab' })).toThrow(/no running lab named "nolab"/);
  });
});
