/**
 * Running labs are recorded in one JSON file each, so other processes (`vracklab status`, `exec`,
 * `down`, `gc`) find them. The record is a cache of what the lab's own process knows; `gc` still
 * works from the machine's real state when a record is missing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError, invalidInput } from '../core/errors.ts';
import { RUN_ID_PATTERN } from '../core/run-id.ts';
import { isSameProcess } from '../fabric/run-lease.ts';
import { writeFileAtomic } from '../core/atomic-file.ts';
import type { HostRecord } from '../fabric/fabric.ts';

export interface LabHostSummary {
  name: string;
  role: string;
  addresses: string[];
}

export interface LabRecord {
  name: string;
  /** The record's file name: the lab name for `vracklab up`; `<name>.<runId>` for labs of a test run, so parallel workers never collide. */
  key: string;
  runId: string;
  /** The process that holds the lab (and serves its API). */
  pid: number;
  /** That process's start time (/proc/PID/stat field 22): `down` kills nothing whose start time differs (a reused PID). */
  pidStartTime?: string;
  file: string;
  driver: string;
  vlanMode: string;
  apiUrl: string;
  credentials: { oauth2ClientId: string; oauth2ClientSecret: string; applicationKey: string; applicationSecret: string; consumerKey: string };
  hosts: HostRecord[];
  summary: LabHostSummary[];
  /** Logical names of the lab file → ids the simulator gave them (vRack Services, storage). */
  ids: Record<string, string>;
  /** Every EFS share with the path an NFS client mounts (`nfs://<endpoint IP><exportPath>`). */
  shares?: { storage: string; urn: string; share: string; exportPath: string }[];
  startedAt: string;
  logPath?: string;
  state: 'starting' | 'up' | 'stopping';
}

export function labStateDir(): string {
  return process.env.VRACKLAB_STATE_DIR ?? '/run/vracklab/labs';
}

/** A lab name, as the lab-file schema has it: a DNS label of at most 20 characters. */
export const LAB_NAME_PATTERN = /^(?:[a-z][a-z0-9-]{0,18}[a-z0-9]|[a-z])$/;
const inner = (re: RegExp): string => re.source.replace(/^\^/, '').replace(/\$$/, '');
/** A lab name, or `<lab name>.<run id>` for the records of tests' labs: built from the two rules, so it cannot drift from them. */
const RECORD_KEY_PATTERN = new RegExp(`^${inner(LAB_NAME_PATTERN)}(?:\\.${inner(RUN_ID_PATTERN)})?$`);

/** Refuses a lab name (or record key) that is not one, before it becomes a path: no `../x`. */
export function assertRecordKey(key: string): string {
  if (typeof key !== 'string' || !RECORD_KEY_PATTERN.test(key)) {
    throw invalidInput('lab name', key, 'a lab name is a DNS label of at most 20 characters (lowercase letters, digits, dashes), optionally .<run id> for a test run', ['vrack-services', 'mks-private-networks']);
  }
  return key;
}

const fileOf = (key: string) => join(labStateDir(), `${assertRecordKey(key)}.json`);

export async function writeLabRecord(record: LabRecord): Promise<void> {
  checkRecord(record, record.key);
  // 0600 (writeFileAtomic's mode): the record holds the lab API's credentials.
  await writeFileAtomic(fileOf(record.key), JSON.stringify(record, null, 2) + '\n');
}

/**
 * A record is data from disk, so it is checked before any of it becomes a path, a PID to signal or
 * a run to reap: its key is the file it was read from, its name and run id have their grammar.
 */
function checkRecord(rec: LabRecord, key: string): LabRecord {
  const bad = (field: string, value: unknown, rule: string) =>
    new HarnessError('LAB_RECORD_INVALID', `the record of lab "${key}" is invalid: ${field} ${JSON.stringify(value)} ${rule} (${join(labStateDir(), `${key}.json`)}; remove it if you did not write it)`, {
      details: { key, field, value },
    });
  if (rec === null || typeof rec !== 'object') throw bad('record', rec, 'is not an object');
  if (rec.key !== key) throw bad('key', rec.key, `is not the file's own name ${JSON.stringify(key)}`);
  if (typeof rec.name !== 'string' || !LAB_NAME_PATTERN.test(rec.name) || !(key === rec.name || key.startsWith(`${rec.name}.`))) throw bad('name', rec.name, 'is not a lab name matching the record key');
  if (typeof rec.runId !== 'string' || !RUN_ID_PATTERN.test(rec.runId)) throw bad('runId', rec.runId, 'is not a run id (6 lowercase letters or digits)');
  if (!Number.isInteger(rec.pid) || rec.pid <= 0) throw bad('pid', rec.pid, 'is not a process id');
  if (rec.pidStartTime !== undefined && (typeof rec.pidStartTime !== 'string' || !/^\d+$/.test(rec.pidStartTime))) throw bad('pidStartTime', rec.pidStartTime, 'is not a start time in clock ticks');
  return rec;
}

export async function readLabRecord(name: string): Promise<LabRecord | undefined> {
  const file = fileOf(name);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new HarnessError('LAB_RECORD_UNREADABLE', `cannot read the record of lab "${name}": ${(err as Error).message} (${file})`, { cause: err });
  }
  let rec: LabRecord;
  try {
    rec = JSON.parse(text) as LabRecord;
  } catch (err) {
    throw new HarnessError('LAB_RECORD_UNREADABLE', `cannot read the record of lab "${name}": not JSON: ${(err as Error).message} (${file})`, { cause: err });
  }
  return checkRecord(rec, name);
}

/**
 * Whether the lab's own process still runs: its PID is alive AND started when the record says.
 * A record without a start time (older vracklab) is never taken as alive: nothing is signalled on its word.
 */
export function isLabProcessAlive(rec: Pick<LabRecord, 'pid' | 'pidStartTime'>): boolean {
  return isSameProcess(rec.pid, rec.pidStartTime);
}

/**
 * For keeping (never for signalling): the lab's process may still run. A record written before
 * start times were recorded counts as alive while its PID exists, so gc and `up` stay on the safe side.
 */
export function mayBeLabProcessAlive(rec: Pick<LabRecord, 'pid' | 'pidStartTime'>): boolean {
  return isLabProcessAlive(rec) || (rec.pidStartTime === undefined && isProcessAlive(rec.pid));
}

/**
 * The API connection of a running lab, read synchronously for `vracklab api --lab NAME` (and for
 * `vracklab api` pointed at a lab's URL through VRACKLAB_API/--endpoint: `endpoint` instead of a name).
 */
export function labApiConnection(query: { name: string } | { endpoint: string }): { apiUrl: string; credentials: LabRecord['credentials']; name: string } | undefined {
  const read = (key: string): LabRecord | undefined => {
    try {
      return checkRecord(JSON.parse(readFileSync(fileOf(key), 'utf8')) as LabRecord, key);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || 'endpoint' in query) return undefined;
      throw err;
    }
  };
  let rec: LabRecord | undefined;
  if ('name' in query) {
    rec = read(query.name);
    if (!rec) throw new HarnessError('NO_SUCH_LAB', `no running lab named "${query.name}" (see vracklab status)`, { details: { name: query.name } });
  } else {
    const same = (a: string) => a.replace(/\/+$/, '') === query.endpoint.replace(/\/+$/, '');
    let names: string[];
    try {
      names = readdirSync(labStateDir());
    } catch {
      return undefined;
    }
    rec = names
      .filter((f) => f.endsWith('.json') && RECORD_KEY_PATTERN.test(f.slice(0, -5)))
      .map((f) => read(f.slice(0, -5)))
      .find((r) => r !== undefined && r.apiUrl !== '' && same(r.apiUrl) && isLabProcessAlive(r));
  }
  return rec && { apiUrl: rec.apiUrl, credentials: rec.credentials, name: rec.name };
}

export async function requireLabRecord(name: string): Promise<LabRecord> {
  const rec = await readLabRecord(name);
  if (rec) return rec;
  const known = (await listLabRecords()).map((r) => r.name);
  throw new HarnessError('NO_SUCH_LAB', `no running lab named "${name}" (running: ${known.join(', ') || 'none'}; start one with vracklab up FILE)`, {
    details: { name, known },
  });
}

/** Every lab recorded on this machine (by any process), as read from the state directory. */
export async function listLabRecords(): Promise<LabRecord[]> {
  let names: string[];
  try {
    names = await readdir(labStateDir());
  } catch {
    return [];
  }
  const out: LabRecord[] = [];
  for (const n of names.filter((f) => f.endsWith('.json') && RECORD_KEY_PATTERN.test(f.slice(0, -5))).sort()) {
    const rec = await readLabRecord(n.slice(0, -5)).catch(() => undefined);
    if (rec) out.push(rec);
  }
  return out;
}

export async function removeLabRecord(key: string): Promise<void> {
  await unlink(fileOf(key)).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One `vracklab up` per lab name: a second one must not overwrite the record of a running lab (and,
 * failing, unlink it). A record whose process is gone (or whose PID was reused) is stale.
 */
export async function assertLabNotRunning(name: string): Promise<void> {
  const existing = await readLabRecord(name);
  if (existing && mayBeLabProcessAlive(existing)) {
    throw new HarnessError('LAB_RUNNING', `lab ${name} is already running (run ${existing.runId}, pid ${existing.pid}); vracklab down ${name} first`, {
      details: { name, runId: existing.runId, pid: existing.pid },
    });
  }
}
