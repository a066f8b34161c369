/**
 * NFS client operations run inside a lab host with libnfs-utils (`nfs-cat`, `nfs-cp`, `nfs-ls`):
 * user-space clients, so they work where the kernel has no NFS client (our CI machines). Each call
 * mounts, does one operation and unmounts, which is also what makes it a good probe.
 *
 * Errors carry the tool's stderr and a `reason`: `denied` (no ACL matches: NFSv3 MNT3ERR_ACCES,
 * NFSv4 NFS4ERR_NOENT on the hidden pseudo path, or an access error), `not-found`, `timeout`, `failed`.
 */
import { HarnessError, invalidInput } from '../../core/errors.ts';
import type { LabHost } from '../../fabric/host.ts';

export type NfsVersion = 3 | 4;
export type NfsFailureReason = 'denied' | 'not-found' | 'timeout' | 'failed';

export interface NfsOptions {
  version: NfsVersion;
  /** Bound on the whole operation (mount + op + unmount). Default 5000 ms. */
  timeoutMs?: number;
}

export interface NfsEntry {
  name: string;
  /** `-rw-r--r--` as nfs-ls prints it; the first character is `d` for a directory. */
  mode: string;
  isDirectory: boolean;
  uid: number;
  gid: number;
  size: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;
/** Exit code of coreutils `timeout` when it had to stop the command. */
const TIMEOUT_EXIT = 124;

export function nfsUrl(ip: string, exportPath: string, file: string, version: NfsVersion): string {
  if (version !== 3 && version !== 4) throw invalidInput('NFS version', version, 'must be 3 or 4', [3, 4]);
  if (!exportPath.startsWith('/')) throw invalidInput('NFS export path', exportPath, 'must be absolute, e.g. /share_1');
  const hostPart = ip.includes(':') ? `[${ip}]` : ip;
  const path = [exportPath.replace(/\/+$/, ''), file.replace(/^\/+/, '')].filter((p) => p !== '').join('/');
  return `nfs://${hostPart}${path.startsWith('/') ? path : `/${path}`}?version=${version}`;
}

/** Classifies an nfs-* failure from its exit code and stderr. */
export function classifyNfsFailure(exitCode: number, stderr: string): NfsFailureReason {
  if (exitCode === TIMEOUT_EXIT) return 'timeout';
  if (/MNT3ERR_ACCES|NFS4ERR_ACCESS|NFS4ERR_PERM|NFS4ERR_WRONGSEC|Permission denied|NFS3ERR_ACCES|NFS3ERR_PERM|NFS3ERR_ROFS|NFS4ERR_ROFS/i.test(stderr)) return 'denied';
  // NFSv4 hides an export the client may not use: its pseudo path simply does not exist for it.
  if (/mount_cb: NFS4: .*NFS4ERR_NOENT/.test(stderr)) return 'denied';
  if (/NOENT|No such file/i.test(stderr)) return 'not-found';
  if (/timed out|timeout/i.test(stderr)) return 'timeout';
  return 'failed';
}

function timeoutArg(ms: number): string {
  return (Math.max(ms, 100) / 1000).toFixed(3);
}

async function run(host: LabHost, op: string, url: string, script: string, opts: NfsOptions, input?: string) {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // `timeout` inside the host bounds the tool; the exec bound is a backstop for a hung exec itself.
  const r = await host.exec(['sh', '-c', script, 'nfs', timeoutArg(timeoutMs), url], { allowFailure: true, timeoutMs: timeoutMs + 5_000, ...(input !== undefined ? { input } : {}) });
  if (r.exitCode !== 0) {
    const reason = classifyNfsFailure(r.exitCode, r.stderr);
    const stderr = r.stderr.trim() || r.stdout.trim() || 'no output';
    const why = reason === 'timeout' ? `no answer within ${timeoutMs} ms` : `${reason}, exit code ${r.exitCode}`;
    throw new HarnessError('NFS_FAILED', `NFS ${op} failed: ${why} (${url} from host ${host.name}): ${stderr}`, {
      details: { reason, url, host: host.name, exitCode: r.exitCode, stderr: r.stderr },
    });
  }
  return r;
}

/**
 * Printed after the content of a successful read: command runners strip a final newline from stdout
 * (execa's default), which would make `hello\n` read as `hello`. The marker keeps the content exact.
 */
export const READ_END_MARKER = '#vracklab-eof';

/** Reads a file's exact content (`nfs-cat`). */
export async function nfsRead(host: LabHost, ip: string, exportPath: string, file: string, opts: NfsOptions): Promise<string> {
  const url = nfsUrl(ip, exportPath, file, opts.version);
  const r = await run(host, 'read', url, `timeout "$1" nfs-cat "$2" || exit $?; printf '%s' '${READ_END_MARKER}'`, opts);
  if (!r.stdout.endsWith(READ_END_MARKER)) {
    throw new HarnessError('NFS_FAILED', `NFS read failed: the output ended early (${url} from host ${host.name}): ${r.stdout.slice(-200)}`, { details: { reason: 'failed', url, host: host.name } });
  }
  return r.stdout.slice(0, -READ_END_MARKER.length);
}

/** Writes `content` to a file, creating or replacing it (`nfs-cp` from a temporary file in the host). */
export async function nfsWrite(host: LabHost, ip: string, exportPath: string, file: string, content: string, opts: NfsOptions): Promise<void> {
  const url = nfsUrl(ip, exportPath, file, opts.version);
  const script = 'f=$(mktemp) || exit 1; cat > "$f"; timeout "$1" nfs-cp "$f" "$2" >/dev/null; rc=$?; rm -f "$f"; exit $rc';
  await run(host, 'write', url, script, opts, content);
}

/** Lists a directory of the export (default its root) with `nfs-ls`. */
export async function nfsList(host: LabHost, ip: string, exportPath: string, opts: NfsOptions & { dir?: string }): Promise<NfsEntry[]> {
  const url = nfsUrl(ip, exportPath, opts.dir ?? '', opts.version);
  const r = await run(host, 'list', url, 'exec timeout "$1" nfs-ls "$2"', opts);
  return parseNfsLs(r.stdout);
}

/** Parses `nfs-ls` lines: `-rw-r--r--  1     0     0            6 hello.txt`. */
export function parseNfsLs(stdout: string): NfsEntry[] {
  const entries: NfsEntry[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^([-dlcbps][-rwxsStT]{9})\s+\d+\s+(\d+)\s+(\d+)\s+(\d+)\s(.+)$/.exec(line.trimEnd());
    if (!m) continue;
    const [, mode = '', uid = '0', gid = '0', size = '0', name = ''] = m;
    if (name === '.' || name === '..') continue;
    entries.push({ name, mode, isDirectory: mode.startsWith('d'), uid: Number(uid), gid: Number(gid), size: Number(size) });
  }
  return entries;
}
