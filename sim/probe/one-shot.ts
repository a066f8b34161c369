/**
 * One-shot probes from a source host: ICMP echo, TCP connect, NFS read/write. An unreachable target
 * is a result (`ok: false` with the tool's words and, for ICMP, the kind of refusal). A probe that
 * could not run — no such host, an exec error, a missing tool — is no result at all: it throws
 * PROBE_NOT_RUN, so that "cannot reach" never passes on a broken harness. Invalid input throws too.
 */
import { HarnessError, invalidInput } from '../core/errors.ts';
import type { LabHost } from '../fabric/host.ts';
import type { NfsVersion } from '../services/efs/nfs-client.ts';
import { assertNfsOp, assertTarget, oneShotScript, probeShell, seconds } from './probe-command.ts';
import type { CommandProbeSpec, NfsProbeOp } from './probe-command.ts';
import type { ProbeResult } from './sample.ts';

export interface ProbeOptions {
  /** How long to wait for an answer. Default 1000 ms. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 1_000;

function timeoutOf(options: ProbeOptions): number {
  const t = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(t) || t < 10 || t > 60_000) throw invalidInput('probe timeoutMs', t, 'must be from 10 to 60000 ms');
  return t;
}

function notRun(host: LabHost, what: string, detail: string): HarnessError {
  return new HarnessError('PROBE_NOT_RUN', `${what} from ${host.name} did not run, so it says nothing about the network: ${detail}`, { details: { host: host.name, what } });
}

/** The kernel refusing to send (no route, a route to nowhere): ping exits 2 with these words. */
const SEND_REFUSED = /Network is unreachable|No route to host/;

/**
 * `ping -c 1` from `host` to `target`. Not ok with `refusal`: `no-reply` (ping ran, nothing came
 * back in time), `unreachable` (an ICMP error, or the kernel had no route). Anything else — ping
 * missing, the host missing, an exec error — throws PROBE_NOT_RUN.
 */
export async function icmpProbe(host: LabHost, target: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const timeoutMs = timeoutOf(options);
  const what = `ping ${target}`;
  const r = await host.exec(['ping', '-c', '1', '-n', '-W', seconds(timeoutMs), assertTarget(target)], { allowFailure: true, timeoutMs: timeoutMs + 5_000 }).catch((err: unknown) => {
    throw notRun(host, what, (err as Error).message);
  });
  const rtt = /time=([\d.]+) ms/.exec(r.stdout);
  if (r.exitCode === 0 && rtt) return { ok: true, rttMs: Number(rtt[1]) };
  const unreachable = /From \S+ icmp_seq=\d+ (.+)/.exec(r.stdout)?.[1];
  // Exit 1 with ping's statistics: it sent the probe and no reply came (an ICMP error, or silence).
  if (r.exitCode === 1 && /packets transmitted/.test(r.stdout)) {
    return unreachable ? { ok: false, refusal: 'unreachable', error: unreachable } : { ok: false, refusal: 'no-reply', error: `no ICMP echo reply from ${target} within ${timeoutMs} ms` };
  }
  if (r.exitCode === 2 && SEND_REFUSED.test(r.stderr)) return { ok: false, refusal: 'unreachable', error: r.stderr.trim() };
  throw notRun(host, what, `exit ${r.exitCode}: ${r.stderr.trim() || r.stdout.trim() || 'no output'}`);
}

async function runCommandProbe(host: LabHost, spec: CommandProbeSpec, timeoutMs: number, what: string): Promise<ProbeResult> {
  const script = oneShotScript(probeShell(spec, timeoutMs));
  const r = await host.exec(['sh', '-c', script], { allowFailure: true, timeoutMs: timeoutMs + 5_000 });
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  const m = /^(\d+) (\d+) (\d+)$/.exec(last);
  if (!m) throw notRun(host, what, `exit ${r.exitCode}: ${r.stderr.trim() || r.stdout.trim() || 'no output'}`);
  const rc = Number(m[1]);
  const rttMs = (Number(m[3]) - Number(m[2])) / 1000;
  if (rc === 0) return { ok: true, rttMs };
  const why = rc === 124 ? `no answer within ${timeoutMs} ms` : r.stderr.trim() || `exit code ${rc}`;
  return { ok: false, error: `${what}: ${why}` };
}

/** A TCP connect (`nc -z`) from `host` to `target:port`. */
export async function tcpProbe(host: LabHost, target: string, port: number, options: ProbeOptions = {}): Promise<ProbeResult> {
  return runCommandProbe(host, { kind: 'tcp', target, port }, timeoutOf(options), `TCP connect to ${target}:${port}`);
}

export interface NfsProbeOptions extends ProbeOptions {
  op: NfsProbeOp;
  version: NfsVersion;
}

/** An NFS operation from `host`: `read` lists the export's root, `write` rewrites `.vracklab-probe` in it. */
export async function nfsProbe(host: LabHost, target: string, exportPath: string, options: NfsProbeOptions): Promise<ProbeResult> {
  const op = assertNfsOp(options.op);
  return runCommandProbe(host, { kind: 'nfs', target, exportPath, op, version: options.version }, timeoutOf(options), `NFSv${options.version} ${op} of ${target}:${exportPath}`);
}
