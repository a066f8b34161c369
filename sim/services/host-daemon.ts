/**
 * Supervising a daemon inside a lab host through its `exec` only (a container or a network
 * namespace alike): files written atomically, "is it listening", "is it alive", the tail of its
 * log, and SIGTERM then SIGKILL. Any service a lab runs in a host needs these; the EFS is the first.
 */
import { posix } from 'node:path';
import { shellQuote } from '../core/exec.ts';
import { logger } from '../core/logger.ts';
import { waitFor } from '../core/wait.ts';
import type { LabHost } from '../fabric/host.ts';

const log = logger('services');

export async function sh(host: LabHost, script: string, options: { input?: string; allowFailure?: boolean; timeoutMs?: number } = {}) {
  return host.exec(['sh', '-c', script], { timeoutMs: 15_000, ...options });
}

export async function writeFile(host: LabHost, path: string, content: string): Promise<void> {
  // Written to a temporary name then renamed, so a daemon never reads a half-written file.
  const tmp = `${path}.tmp`;
  await sh(host, `mkdir -p ${shellQuote(posix.dirname(path))} && cat > ${shellQuote(tmp)} && mv -f ${shellQuote(tmp)} ${shellQuote(path)}`, { input: content });
}

export async function listening(host: LabHost, port: number): Promise<boolean> {
  const r = await host.exec(['ss', '-Hltn', `sport = :${port}`], { allowFailure: true, timeoutMs: 5_000 });
  return r.exitCode === 0 && r.stdout.trim() !== '';
}

/**
 * Whether a process runs, zombies counted as gone: daemons (ganesha, rpcbind) fork away, so their
 * parent becomes the host's PID 1, which (`sleep infinity` in a plain container) may never reap them.
 */
export async function alive(host: LabHost, pid: number): Promise<boolean> {
  const r = await host.exec(['sh', '-c', `s=$(sed 's/.*) //' /proc/${pid}/stat 2>/dev/null | cut -c1) && [ -n "$s" ] && [ "$s" != Z ]`], {
    allowFailure: true,
    timeoutMs: 5_000,
  });
  return r.exitCode === 0;
}

export async function tail(host: LabHost, path: string, lines = 15): Promise<string> {
  const r = await host.exec(['tail', '-n', String(lines), path], { allowFailure: true, timeoutMs: 5_000 });
  return r.stdout.trim() || r.stderr.trim() || '(empty)';
}

export async function lineCount(host: LabHost, path: string): Promise<number> {
  const r = await host.exec(['sh', '-c', 'wc -l < "$1"', 'wc', path], { allowFailure: true, timeoutMs: 5_000 });
  return Number(r.stdout.trim() || '0');
}

/** SIGTERM, a bounded wait for the exit, then SIGKILL. A process already gone is fine. */
export async function terminate(host: LabHost, pid: number, what: string): Promise<void> {
  if (!(await alive(host, pid))) return;
  await host.exec(['kill', '-TERM', String(pid)], { allowFailure: true });
  try {
    await waitFor(async () => !(await alive(host, pid)), { what: `${what} (pid ${pid}) to exit after SIGTERM`, timeoutMs: 10_000, intervalMs: 50 });
  } catch {
    log('%s did not stop on SIGTERM; SIGKILL', what);
    await host.exec(['kill', '-KILL', String(pid)], { allowFailure: true });
  }
}
