/**
 * Running labs are recorded in one JSON file each, so other processes (`vracklab status`, `exec`,
 * `down`, `gc`) find them. The record is a cache of what the lab's own process knows; `gc` still
 * works from the machine's real state when a record is missing.
 */
import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../core/errors.ts';
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

const fileOf = (name: string) => join(labStateDir(), `${name}.json`);

export async function writeLabRecord(record: LabRecord): Promise<void> {
  await writeFileAtomic(fileOf(record.key), JSON.stringify(record, null, 2) + '\n');
}

export async function readLabRecord(name: string): Promise<LabRecord | undefined> {
  try {
    return JSON.parse(await readFile(fileOf(name), 'utf8')) as LabRecord;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new HarnessError('LAB_RECORD_UNREADABLE', `cannot read the record of lab "${name}": ${(err as Error).message} (${fileOf(name)})`, { cause: err });
  }
}

export async function requireLabRecord(name: string): Promise<LabRecord> {
  const rec = await readLabRecord(name);
  if (rec) return rec;
  const known = (await listLabRecords()).map((r) => r.name);
  throw new HarnessError('NO_SUCH_LAB', `no running lab named "${name}" (running: ${known.join(', ') || 'none'}; start one with vracklab up FILE)`, {
    details: { name, known },
  });
}

export async function listLabRecords(): Promise<LabRecord[]> {
  let names: string[];
  try {
    names = await readdir(labStateDir());
  } catch {
    return [];
  }
  const out: LabRecord[] = [];
  for (const n of names.filter((f) => f.endsWith('.json')).sort()) {
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
