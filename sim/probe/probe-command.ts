/**
 * The shell commands a probe runs inside its source host. Shared by the one-shot probes and the
 * continuous prober's loop, so both measure the same thing the same way: the time is taken inside
 * the host (`date +%s%6N` around the tool), not around an exec from Node, whose own cost
 * (~4 ms for `ip netns exec`, tens of ms for `docker exec`) would swamp a sub-millisecond RTT.
 */
import { invalidInput } from '../core/errors.ts';
import { shellQuote } from '../core/exec.ts';
import { nfsUrl } from '../services/efs/nfs-client.ts';
import type { NfsVersion } from '../services/efs/nfs-client.ts';

export type NfsProbeOp = 'read' | 'write';

export type CommandProbeSpec =
  | { kind: 'tcp'; target: string; port: number }
  | { kind: 'nfs'; target: string; exportPath: string; op: NfsProbeOp; version: NfsVersion };

/** A probe as shell: `setup` once, `command` per probe (its exit code is the verdict), `cleanup` at the end. */
export interface ProbeShell {
  setup: string;
  command: string;
  cleanup: string;
}

const TARGET = /^[A-Za-z0-9][A-Za-z0-9.:-]*$/;
/** The file an NFS write probe (re)writes at the root of the export. */
export const NFS_PROBE_FILE = '.vracklab-probe';

export function assertTarget(target: string): string {
  if (!TARGET.test(target)) throw invalidInput('probe target', target, 'must be an IP address or a host name');
  return target;
}

export function assertPort(port: number | undefined): number {
  if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) throw invalidInput('probe port', port, 'must be an integer from 1 to 65535');
  return port;
}

export function assertNfsOp(op: string): NfsProbeOp {
  if (op !== 'read' && op !== 'write') throw invalidInput('NFS probe op', op, 'must be read or write', ['read', 'write']);
  return op;
}

/** Seconds with millisecond precision, for `timeout`, `ping -W` and `ping -i`. */
export function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

export function probeShell(spec: CommandProbeSpec, timeoutMs: number): ProbeShell {
  const t = seconds(timeoutMs);
  const target = assertTarget(spec.target);
  if (spec.kind === 'tcp') {
    // `-w` bounds nc's connect in whole seconds; `timeout` gives the millisecond bound.
    const w = Math.max(1, Math.ceil(timeoutMs / 1000));
    return { setup: ':', command: `timeout ${t} nc -z -w ${w} ${target} ${assertPort(spec.port)}`, cleanup: ':' };
  }
  const op = assertNfsOp(spec.op);
  if (op === 'read') {
    // A read is a mount, a READDIR of the export's root, an unmount.
    return { setup: ':', command: `timeout ${t} nfs-ls ${shellQuote(nfsUrl(target, spec.exportPath, '', spec.version))}`, cleanup: ':' };
  }
  const url = nfsUrl(target, spec.exportPath, NFS_PROBE_FILE, spec.version);
  return {
    setup: `pf=$(mktemp) && echo vracklab-probe > "$pf"`,
    command: `timeout ${t} nfs-cp "$pf" ${shellQuote(url)}`,
    cleanup: `rm -f "$pf"`,
  };
}

/**
 * One probe, timed inside the host. Prints `<rc> <start µs> <end µs>` on the last line; the tool's
 * own output goes to stderr so a failure can be explained.
 */
export function oneShotScript(shell: ProbeShell): string {
  return `${shell.setup}; s=$(date +%s%6N); ${shell.command} >&2; rc=$?; e=$(date +%s%6N); ${shell.cleanup}; echo "$rc $s $e"`;
}

/**
 * The continuous prober's loop: one probe every `intervalMs`, each in the background so a slow or
 * hanging probe does not delay the next, on a fixed schedule (t0 + i·interval) so the cadence does not
 * drift. Each probe prints `<i> <rc> <start µs> <end µs>` (a short line: atomic in the pipe).
 */
export function loopScript(shell: ProbeShell, intervalMs: number): string {
  return [
    `trap '${shell.cleanup}; exit 0' TERM INT`,
    shell.setup,
    `iv=${intervalMs * 1000}`,
    `t0=$(date +%s%6N)`,
    `i=0`,
    `while :; do`,
    `  i=$((i+1))`,
    `  ( s=$(date +%s%6N); ${shell.command} >/dev/null 2>&1; rc=$?; e=$(date +%s%6N); echo "$i $rc $s $e" ) &`,
    `  d=$((t0 + i*iv - $(date +%s%6N)))`,
    `  if [ $d -gt 0 ]; then sleep $((d/1000000)).$(printf '%06d' $((d%1000000))); fi`,
    `done`,
  ].join('\n');
}

/** Parses a loop line `<i> <rc> <start µs> <end µs>`. */
export function parseLoopLine(line: string): { index: number; ok: boolean; sentAt: number; rttMs: number } | undefined {
  const m = /^(\d+) (\d+) (\d{10,}) (\d{10,})$/.exec(line.trim());
  if (!m) return undefined;
  const start = Number(m[3]);
  const end = Number(m[4]);
  return { index: Number(m[1]), ok: m[2] === '0', sentAt: start / 1000, rttMs: (end - start) / 1000 };
}
