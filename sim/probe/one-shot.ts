/**
 * One-shot probes from a source host: ICMP echo, TCP connect, NFS read/write. They never throw for
 * an unreachable target (that is a result, `ok: false` with the tool's words); they throw only for
 * invalid input.
 */
import { invalidInput } from '../core/errors.ts';
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

/** `ping -c 1` from `host` to `target`. */
export async function icmpProbe(host: LabHost, target: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const timeoutMs = timeoutOf(options);
  const r = await host.exec(['ping', '-c', '1', '-n', '-W', seconds(timeoutMs), assertTarget(target)], { allowFailure: true, timeoutMs: timeoutMs + 5_000 });
  const rtt = /time=([\d.]+) ms/.exec(r.stdout);
  if (r.exitCode === 0 && rtt) return { ok: true, rttMs: Number(rtt[1]) };
  const unreachable = /From \S+ icmp_seq=\d+ (.+)/.exec(r.stdout)?.[1];
  return { ok: false, error: r.stderr.trim() || unreachable || `no ICMP echo reply from ${target} within ${timeoutMs} ms` };
}

async function runCommandProbe(host: LabHost, spec: CommandProbeSpec, timeoutMs: number, what: string): Promise<ProbeResult> {
  const script = oneShotScript(probeShell(spec, timeoutMs));
  const r = await host.exec(['sh', '-c', script], { allowFailure: true, timeoutMs: timeoutMs + 5_000 });
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  const m = /^(\d+) (\d+) (\d+)$/.exec(last);
  if (!m) return { ok: false, error: `${what}: the probe did not run (exit ${r.exitCode}): ${r.stderr.trim() || r.stdout.trim() || 'no output'}` };
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
