/**
 * The one execa wrapper. Every external command (ip, docker, nsenter, nft, mmdebstrap…) goes
 * through `Exec`, so tests swap in a recording fake and DEBUG=vracklab:exec shows each command
 * with its duration.
 */
import { execa } from 'execa';
import { HarnessError } from './errors.ts';
import { logger } from './logger.ts';

const log = logger('exec');

/** Options of one {@link Exec} call: input, environment, timeout, failure tolerance, abort signal. */
export interface ExecOptions {
  /** Text fed to the command's standard input (e.g. an `ip -batch -` script). */
  input?: string;
  /** Give up after this many milliseconds. */
  timeoutMs?: number;
  /** Return a non-zero exit instead of throwing. */
  allowFailure?: boolean;
  /** Added to our environment; with `extendEnv: false`, the command's WHOLE environment. */
  env?: Record<string, string>;
  /**
   * false: the command gets `env` and nothing of ours. Commands run inside lab hosts use it: the
   * lab process's environment (OVH secrets, CI tokens, SUDO_*) must not reach them.
   */
  extendEnv?: boolean;
  cwd?: string;
  /**
   * Kills the command when aborted (execa's `cancelSignal`), e.g. a lab build's Ctrl-C. Teardown
   * commands must not carry it: they have to run after the abort.
   */
  signal?: AbortSignal;
}

/** What a finished command gave: exit code, stdout, stderr and how long it took. */
export interface ExecResult {
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Runs a command (file + arguments, no shell) and resolves with its output; the seam tests replace with {@link recordingExec}. */
export type Exec = (file: string, args: readonly string[], options?: ExecOptions) => Promise<ExecResult>;

/** One POSIX shell word holding `value` exactly: single quotes, each `'` written as `'\''`. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The command as a shell line (for logs and errors): words that need no quoting stay bare. */
export function formatCommand(file: string, args: readonly string[]): string {
  return [file, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : shellQuote(a))).join(' ');
}

/** Runs a real command. Throws HarnessError('EXEC_FAILED') naming the command, exit code and stderr. */
export const realExec: Exec = async (file, args, options = {}) => {
  const command = formatCommand(file, args);
  const started = performance.now();
  const result = await execa(file, [...args], {
    input: options.input,
    timeout: options.timeoutMs,
    reject: false,
    env: options.env,
    extendEnv: options.extendEnv ?? true,
    cwd: options.cwd,
    stripFinalNewline: true,
    ...(options.signal !== undefined ? { cancelSignal: options.signal } : {}),
  });
  const durationMs = Math.round(performance.now() - started);
  // A killed command has no exit code: 124 as timeout(1) reports, 130 (SIGINT's) when canceled.
  const exitCode = result.exitCode ?? (result.timedOut ? 124 : result.isCanceled ? 130 : 1);
  log('%s → %d in %dms', command, exitCode, durationMs);
  const out: ExecResult = { command, exitCode, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), durationMs };
  if (exitCode !== 0 && !options.allowFailure) {
    const why = result.timedOut ? `timed out after ${options.timeoutMs} ms` : result.isCanceled ? 'canceled' : `exit code ${exitCode}`;
    // execa's own error when the command did not end by itself (spawn failure, timeout, cancel): its kill signal, its reason.
    const cause = result.failed && result.exitCode === undefined ? (result as { cause?: unknown }).cause ?? result : undefined;
    throw new HarnessError('EXEC_FAILED', `command failed: ${why} (${command}): ${out.stderr.trim() || out.stdout.trim() || 'no output'}`, {
      details: { ...out, timedOut: result.timedOut, isCanceled: result.isCanceled },
      cause,
    });
  }
  return out;
};

export interface RecordedCall {
  file: string;
  args: string[];
  input?: string;
}

/**
 * A fake for unit tests: records every call and answers from `responder` (default: success, no output).
 */
export function recordingExec(responder?: (call: RecordedCall) => Partial<ExecResult> | undefined): Exec & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const fake = (async (file: string, args: readonly string[], options: ExecOptions = {}) => {
    const call: RecordedCall = { file, args: [...args], ...(options.input !== undefined ? { input: options.input } : {}) };
    calls.push(call);
    const answer = responder?.(call) ?? {};
    const result: ExecResult = { command: formatCommand(file, args), exitCode: 0, stdout: '', stderr: '', durationMs: 0, ...answer };
    if (result.exitCode !== 0 && !options.allowFailure) {
      throw new HarnessError('EXEC_FAILED', `command failed: exit code ${result.exitCode} (${result.command}): ${result.stderr}`, { details: { ...result } });
    }
    return result;
  }) as Exec & { calls: RecordedCall[] };
  fake.calls = calls;
  return fake;
}
