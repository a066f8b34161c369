/**
 * A continuous prober: one probe every `intervalMs` from a source host to a target, each timestamped,
 * collected into a `Timeline` that `outage-windows.ts` turns into outages and `timeline-svg.ts` into
 * a picture.
 *
 * - ICMP: one long-running `ping -D -O -n -i <s> TARGET` (one process, the kernel's timing).
 * - TCP and NFS: a shell loop inside the host, each probe in the background on a fixed schedule,
 *   timed inside the host. Repeated execs from Node were the alternative; they cost ~4 ms each with
 *   `ip netns exec` and far more with `docker exec`, and their jitter lands in the timestamps.
 */
import { HarnessError, invalidInput } from '../core/errors.ts';
import { logger } from '../core/logger.ts';
import { waitFor } from '../core/wait.ts';
import type { HostProcess, LabHost } from '../fabric/host.ts';
import type { NfsVersion } from '../services/efs/nfs-client.ts';
import { isPingNoise, parsePingLine } from './ping-output.ts';
import { assertNfsOp, assertPort, assertTarget, loopScript, parseLoopLine, probeShell, seconds } from './probe-command.ts';
import type { NfsProbeOp } from './probe-command.ts';
import { assembleSamples, mergeObservation } from './sample-series.ts';
import { seqUnwrapper } from './seq-unwrap.ts';
import type { Observation } from './sample-series.ts';
import type { ProbeKind, Sample, Timeline } from './sample.ts';

const log = logger('probe');

export const PROBE_KINDS: readonly ProbeKind[] = ['icmp', 'tcp', 'nfs'];
export const MIN_INTERVAL_MS = 10;
export const MAX_INTERVAL_MS = 1_000;
export const DEFAULT_INTERVAL_MS = 100;
const DIAGNOSTIC_LINES = 20;
/**
 * Observations kept per prober (at 10 ms, 33 minutes): past it the prober stops recording and says
 * so in the timeline, rather than grow without bound.
 */
export const MAX_OBSERVATIONS = 200_000;
/** Slack on top of a probe's timeout before its report is overdue (a loaded machine delays lines). */
const REPORT_SLACK_MS = 250;

/** What a prober probes: kind, target, interval, per-probe timeout, NFS details. */
export interface ProberOptions {
  kind: ProbeKind;
  target: string;
  /** TCP only. */
  port?: number;
  /** 10–1000 ms, default 100. */
  intervalMs?: number;
  /** Names the probed pair in reports ("pod1 → efs"). */
  label: string;
  /** NFS only: the export to probe, `read` (default) or `write`, NFS version (default 4). */
  exportPath?: string;
  op?: NfsProbeOp;
  version?: NfsVersion;
  /**
   * How long one probe may take before it counts as lost. TCP/NFS: the probe is killed then
   * (default 1000 ms). ICMP: a later reply still counts as lost (default max(2 intervals, 100 ms)),
   * because a link that comes back delivers the echo requests it queued during the cut, and their
   * replies, ~1 s late, must not erase the outage.
   */
  probeTimeoutMs?: number;
}

/** AsyncDisposable: `await using prober = startProber(…)` stops it at the end of the scope (its timeline is dropped). */
export interface Prober extends AsyncDisposable {
  readonly label: string;
  /** When the prober was started (epoch ms). */
  readonly startedAt: number;
  /** The samples so far, ordered and numbered. */
  samples(): Sample[];
  /** Resolves once the first sample is in (so a scenario does not count the prober's start-up). */
  ready(timeoutMs?: number): Promise<void>;
  /**
   * Waits, at most `timeoutMs`, until the latest sample succeeded (no outage open). True if so, false
   * at the deadline. Call it before judging "interrupted for at most N s": after a re-attach the path
   * needs a moment (ARP: 0.3–1 s measured) before the first probe succeeds again.
   */
  awaitRecovery(timeoutMs: number): Promise<boolean>;
  /**
   * Waits, at most `timeoutMs`, until the prober has reported a probe sent after `at` (a reply or a
   * loss). True if so. Judging a change needs a report from after it ended: ping reports a loss one
   * interval late, an ARP failure up to ~3 s late.
   */
  reportedAfter(at: number, timeoutMs: number): Promise<boolean>;
  /** Stops probing and returns the timeline. Idempotent. */
  stop(): Promise<Timeline>;
}

export function validateInterval(intervalMs: number | undefined): number {
  const value = intervalMs ?? DEFAULT_INTERVAL_MS;
  if (!Number.isInteger(value) || value < MIN_INTERVAL_MS || value > MAX_INTERVAL_MS) {
    throw invalidInput('prober intervalMs', value, `must be an integer from ${MIN_INTERVAL_MS} to ${MAX_INTERVAL_MS} ms`);
  }
  return value;
}

/** The command the prober runs in the source host, and how to read its lines. */
export function proberCommand(
  options: ProberOptions,
  intervalMs: number,
): { argv: string[]; parse: (line: string) => Observation | 'noise' | undefined; answerWithinMs: number } {
  const target = assertTarget(options.target);
  const timeoutMs = options.probeTimeoutMs ?? (options.kind === 'icmp' ? Math.max(2 * intervalMs, 100) : 1_000);
  if (!Number.isFinite(timeoutMs) || timeoutMs < 10 || timeoutMs > 60_000) throw invalidInput('prober probeTimeoutMs', timeoutMs, 'must be from 10 to 60000 ms');
  if (options.kind === 'icmp') {
    // icmp_seq is 16 bits: unwrapped, so probes after the wrap do not merge into old ones.
    const unwrap = seqUnwrapper();
    return {
      // A loss is reported when the next probe goes out; a late reply counts up to timeoutMs.
      answerWithinMs: Math.max(intervalMs, timeoutMs) + REPORT_SLACK_MS,
      // stderr joins stdout so that "sendmsg: Network is unreachable" and the like reach the diagnostics.
      argv: ['sh', '-c', `exec ping -D -O -n -i ${seconds(intervalMs)} ${target} 2>&1`],
      parse: (line) => {
        const p = parsePingLine(line);
        if (p.type !== 'other') p.icmpSeq = unwrap(p.icmpSeq);
        if (p.type === 'reply') {
          return p.rttMs <= timeoutMs ? { probe: p.icmpSeq, sentAt: p.at - p.rttMs, ok: true, rttMs: p.rttMs } : { probe: p.icmpSeq, sentAt: p.at - p.rttMs, ok: false };
        }
        // "no answer yet for N" is printed as N+1 goes out: N went out one interval earlier.
        if (p.type === 'lost') return { probe: p.icmpSeq, sentAt: p.at - (p.why === 'no-answer' ? intervalMs : 0), ok: false };
        return isPingNoise(line) ? 'noise' : undefined;
      },
    };
  }
  const shell =
    options.kind === 'tcp'
      ? probeShell({ kind: 'tcp', target, port: assertPort(options.port) }, timeoutMs)
      : options.kind === 'nfs'
        ? probeShell({ kind: 'nfs', target, exportPath: options.exportPath ?? '', op: assertNfsOp(options.op ?? 'read'), version: options.version ?? 4 }, timeoutMs)
        : undefined;
  if (!shell) throw invalidInput('prober kind', options.kind, 'unknown probe kind', PROBE_KINDS);
  return {
    answerWithinMs: timeoutMs + REPORT_SLACK_MS,
    argv: ['sh', '-c', `${loopScript(shell, intervalMs)} 2>&1`],
    parse: (line) => {
      const p = parseLoopLine(line);
      return p ? { probe: p.index, sentAt: p.sentAt, ok: p.ok, ...(p.ok ? { rttMs: p.rttMs } : {}) } : undefined;
    },
  };
}

/** Starts a prober on a lab host (ICMP, TCP or NFS, every interval) that records its samples as a timeline. */
export function startProber(host: LabHost, options: ProberOptions): Prober {
  const intervalMs = validateInterval(options.intervalMs);
  if (!PROBE_KINDS.includes(options.kind)) throw invalidInput('prober kind', options.kind, 'unknown probe kind', PROBE_KINDS);
  if (options.kind === 'nfs' && !options.exportPath) throw invalidInput('prober exportPath', options.exportPath, 'an NFS prober needs the export path, e.g. /share_1');
  const { argv, parse, answerWithinMs } = proberCommand(options, intervalMs);
  const observations = new Map<number, Observation>();
  const diagnostics: string[] = [];
  /**
   * The observation latest in time (what samples() lists last), kept as lines arrive so that
   * awaitRecovery's polls read one field instead of re-sorting every observation each time.
   */
  let latest: Observation | undefined;
  const observe = (obs: Observation): void => {
    mergeObservation(observations, obs);
    const kept = observations.get(obs.probe) as Observation;
    // The latest probe's own outcome may change (a late reply beats "no answer yet"): it stays the latest.
    if (!latest || latest.probe === kept.probe || kept.sentAt > latest.sentAt || (kept.sentAt === latest.sentAt && kept.probe > latest.probe)) latest = kept;
  };
  const startedAt = Date.now();
  let stoppedAt: number | undefined;
  let stopRequestedAt: number | undefined;
  let exitCode: number | undefined;
  let exitedAt: number | undefined;
  let truncated = false;
  const proc: HostProcess = host.spawn(argv);
  proc.onLine((line) => {
    if (stoppedAt !== undefined) return;
    const parsed = parse(line);
    if (parsed === 'noise') return;
    if (parsed && observations.size >= MAX_OBSERVATIONS && !observations.has(parsed.probe)) truncated = true;
    else if (parsed) return observe(parsed);
    diagnostics.push(line);
    if (diagnostics.length > DIAGNOSTIC_LINES) diagnostics.shift();
  });
  void proc.exited.then((code) => {
    exitCode = code;
    exitedAt = Date.now();
    if (stoppedAt === undefined) log('prober %s exited early with %d: %s', options.label, code, diagnostics.slice(-3).join(' | '));
  });
  log('prober %s: %s %s every %d ms from %s', options.label, options.kind, options.target, intervalMs, host.name);

  const samples = (until?: number) =>
    assembleSamples(observations.values(), { intervalMs, fillStalls: options.kind === 'icmp', ...(until !== undefined ? { until, answerWithinMs } : {}) });
  let stopping: Promise<Timeline> | undefined;
  return {
    label: options.label,
    startedAt,
    samples: () => samples(),
    async reportedAfter(at: number, timeoutMs: number) {
      const seen = () => latest !== undefined && latest.sentAt > at;
      if (stopping) return seen();
      return waitFor(seen, { what: `prober ${options.label} to report a probe after ${new Date(at).toISOString()}`, timeoutMs, intervalMs: Math.min(intervalMs, 50) }).then(
        () => true,
        () => false,
      );
    },
    async ready(timeoutMs = 10_000) {
      const state = await waitFor(() => (observations.size > 0 ? 'sampled' : exitCode !== undefined ? 'exited' : false), {
        what: `the first sample of prober ${options.label}`,
        timeoutMs,
        intervalMs: Math.min(intervalMs, 50),
        describe: () => `no sample; output: ${diagnostics.slice(-3).join(' | ') || 'none'}`,
      });
      if (state === 'exited') {
        throw new HarnessError('PROBER_FAILED', `prober ${options.label} failed: its command exited with ${exitCode} before any sample (host ${host.name}: ${diagnostics.slice(-3).join(' | ') || 'no output'})`, {
          details: { label: options.label, exitCode, diagnostics },
        });
      }
    },
    async awaitRecovery(timeoutMs: number) {
      const latestOk = () => latest?.ok === true;
      if (stopping) return latestOk();
      return waitFor(latestOk, { what: `prober ${options.label} to see the target again`, timeoutMs, intervalMs: Math.min(intervalMs, 50) }).then(
        () => true,
        () => false,
      );
    },
    stop() {
      stopping ??= (async () => {
        stopRequestedAt = Date.now();
        // Exited on its own before being asked to stop: the prober died (or never ran) mid-scenario.
        const died = exitCode !== undefined ? { code: exitCode, at: exitedAt as number } : undefined;
        await proc.stop();
        stoppedAt = Date.now();
        return {
          label: options.label,
          kind: options.kind,
          source: host.name,
          target: options.target,
          ...(options.port !== undefined ? { port: options.port } : {}),
          intervalMs,
          startedAt,
          stoppedAt,
          // Silence until the stop request is loss: a prober that went quiet saw nothing.
          samples: samples(stopRequestedAt),
          diagnostics: [...diagnostics],
          ...(died ? { died } : {}),
          ...(truncated ? { truncated: true } : {}),
        };
      })();
      return stopping;
    },
    async [Symbol.asyncDispose]() {
      await this.stop();
    },
  };
}
