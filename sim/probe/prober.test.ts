import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostProcess, LabHost } from '../fabric/host.ts';
import { outageWindows } from './outage-windows.ts';
import { startProber } from './prober.ts';

/** A host whose spawned process emits the given lines when asked, and exits when stopped. */
function scriptedHost() {
  const spawned: (readonly string[])[] = [];
  let emit: (line: string) => void = () => {};
  let exit: (code: number) => void = () => {};
  const host: LabHost = {
    name: 'src',
    pid: 1,
    exec: async () => ({ command: '', exitCode: 0, stdout: '', stderr: '', durationMs: 0 }),
    spawn(argv): HostProcess {
      spawned.push(argv);
      const listeners: ((l: string, at: number) => void)[] = [];
      const exited = new Promise<number>((resolve) => (exit = resolve));
      emit = (line) => listeners.forEach((l) => l(line, Date.now()));
      return { onLine: (l) => void listeners.push(l), exited, stop: async () => exit(143) };
    },
  };
  return { host, spawned, emit: (l: string) => emit(l), exit: (c: number) => exit(c) };
}

/** The prober reads Date.now() when stopped: pin it to the scripted lines' time axis. */
function stopClockAt(ms: number): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(ms);
}
afterEach(() => void vi.useRealTimers());

describe('startProber', () => {
  it('keeps counting past the 16-bit icmp_seq wrap: a loss after the wrap stays a loss', async () => {
    const { host, emit } = scriptedHost();
    const prober = startProber(host, { kind: 'icmp', target: '10.0.0.1', label: 'wrap' });
    emit('[1000.000500] 64 bytes from 10.0.0.1: icmp_seq=65534 ttl=64 time=0.500 ms');
    emit('[1000.100500] 64 bytes from 10.0.0.1: icmp_seq=65535 ttl=64 time=0.500 ms');
    emit('[1000.300000] no answer yet for icmp_seq=0');
    emit('[1000.300500] 64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=0.500 ms');
    stopClockAt(1000400);
    const t = await prober.stop();
    expect(t.samples.map((s) => [s.sentAt, s.ok])).toEqual([
      [1000000, true],
      [1000100, true],
      [1000200, false],
      [1000300, true],
    ]);
  });

  it('reportedAfter waits for a report of a probe sent after a moment, bounded', async () => {
    const { host, emit } = scriptedHost();
    const prober = startProber(host, { kind: 'icmp', target: '10.0.0.1', label: 'late' });
    emit('[1000.000500] 64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=0.500 ms');
    expect(await prober.reportedAfter(1000050, 60)).toBe(false);
    const waiting = prober.reportedAfter(1000050, 5_000);
    emit('[1000.200000] no answer yet for icmp_seq=2');
    expect(await waiting).toBe(true);
    await prober.stop();
  });

  it('records a prober that died, and counts its silence until the stop as loss', async () => {
    const { host, emit, exit } = scriptedHost();
    const prober = startProber(host, { kind: 'icmp', target: '10.0.0.1', label: 'dies' });
    emit('[1000.000500] 64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=0.500 ms');
    emit('ping: killed');
    stopClockAt(1001000);
    exit(137);
    await new Promise((r) => setImmediate(r));
    const t = await prober.stop();
    expect(t.died).toEqual({ code: 137, at: 1001000 });
    // Probes due from 1000.1 to 1000.5 (the stop minus a probe's answer time, 200 + 250 ms) are lost.
    expect(t.samples.filter((s) => !s.ok).map((s) => s.sentAt)).toEqual([1000100, 1000200, 1000300, 1000400, 1000500]);
    expect(t.diagnostics).toEqual(['ping: killed']);
  });

  it('refuses an interval outside 10–1000 ms and unknown kinds, before starting anything', () => {
    const { host, spawned } = scriptedHost();
    expect(() => startProber(host, { kind: 'icmp', target: '10.0.0.1', intervalMs: 5, label: 'x' })).toThrow(
      'invalid prober intervalMs: must be an integer from 10 to 1000 ms (got 5)',
    );
    expect(() => startProber(host, { kind: 'icmp', target: '10.0.0.1', intervalMs: 1001, label: 'x' })).toThrow(/got 1001/);
    expect(() => startProber(host, { kind: 'udp' as 'icmp', target: '10.0.0.1', label: 'x' })).toThrow(/valid: icmp, tcp, nfs/);
    expect(() => startProber(host, { kind: 'tcp', target: '10.0.0.1', label: 'x' })).toThrow(/invalid probe port/);
    expect(() => startProber(host, { kind: 'nfs', target: '10.0.0.1', label: 'x' })).toThrow(/needs the export path/);
    expect(spawned).toEqual([]);
  });

  it('runs one ping at the interval and turns its lines into a timeline', async () => {
    const { host, spawned, emit } = scriptedHost();
    const prober = startProber(host, { kind: 'icmp', target: '10.0.0.1', label: 'a → b' });
    expect(spawned[0]).toEqual(['sh', '-c', 'exec ping -D -O -n -i 0.100 10.0.0.1 2>&1']);
    emit('PING 10.0.0.1 (10.0.0.1) 56(84) bytes of data.');
    emit('[1000.000500] 64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=0.500 ms');
    await prober.ready(1_000);
    emit('[1000.200000] no answer yet for icmp_seq=2');
    emit('[1000.300000] no answer yet for icmp_seq=3');
    emit('ping: sendmsg: Network is unreachable');
    emit('[1000.300400] 64 bytes from 10.0.0.1: icmp_seq=4 ttl=64 time=0.400 ms');
    // A reply for seq 3 delivered 1 s late (queued during the cut) does not turn it into a success.
    emit('[1001.200000] 64 bytes from 10.0.0.1: icmp_seq=3 ttl=64 time=1000.000 ms');
    stopClockAt(1000400);
    const t = await prober.stop();
    expect(t.samples.map((s) => [s.seq, s.sentAt, s.ok])).toEqual([
      [1, 1000000, true],
      [2, 1000100, false],
      [3, 1000200, false],
      [4, 1000300, true],
    ]);
    expect(t).toMatchObject({ label: 'a → b', kind: 'icmp', source: 'src', target: '10.0.0.1', intervalMs: 100, diagnostics: ['ping: sendmsg: Network is unreachable'] });
    expect(outageWindows(t)).toMatchObject([{ lostCount: 2, startAt: 1000100, recoveredAt: 1000300 }]);
    // Lines after stop do not change the result.
    emit('[1000.400400] 64 bytes from 10.0.0.1: icmp_seq=5 ttl=64 time=0.400 ms');
    expect((await prober.stop()).samples).toHaveLength(4);
  });

  it('runs a TCP loop and reads its lines', async () => {
    const { host, spawned, emit } = scriptedHost();
    const prober = startProber(host, { kind: 'tcp', target: '10.0.0.1', port: 2049, intervalMs: 50, label: 'tcp' });
    expect(spawned[0]?.[2]).toContain('timeout 1.000 nc -z -w 1 10.0.0.1 2049');
    expect(spawned[0]?.[2]).toContain('iv=50000');
    emit('2 1 1000050000 1001050000');
    emit('1 0 1000000000 1000001000');
    stopClockAt(1000100);
    const t = await prober.stop();
    expect(t.samples).toEqual([
      { seq: 1, sentAt: 1000000, ok: true, rttMs: 1 },
      { seq: 2, sentAt: 1000050, ok: false },
    ]);
  });

  it('awaitRecovery resolves true once the latest sample is ok, false at its deadline', async () => {
    const { host, emit } = scriptedHost();
    const prober = startProber(host, { kind: 'icmp', target: '10.0.0.1', intervalMs: 20, label: 'r' });
    emit('[1000.000500] 64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=0.500 ms');
    emit('[1000.040000] no answer yet for icmp_seq=2');
    expect(await prober.awaitRecovery(60)).toBe(false);
    const waiting = prober.awaitRecovery(5_000);
    emit('[1000.060100] 64 bytes from 10.0.0.1: icmp_seq=3 ttl=64 time=0.100 ms');
    expect(await waiting).toBe(true);
    await prober.stop();
    expect(await prober.awaitRecovery(1_000)).toBe(true);
  });

  it('awaitRecovery judges the latest probe in time, not the last line: a late report of an older loss does not reopen the outage', async () => {
    const { host, emit } = scriptedHost();
    const prober = startProber(host, { kind: 'icmp', target: '10.0.0.1', intervalMs: 20, label: 'r' });
    emit('[1000.060100] 64 bytes from 10.0.0.1: icmp_seq=3 ttl=64 time=0.100 ms');
    emit('[1000.050000] no answer yet for icmp_seq=2');
    expect(await prober.awaitRecovery(60)).toBe(true);
    expect(prober.samples().at(-1)?.ok).toBe(true);
    // A later loss does reopen it; that probe's late reply (after "no answer yet") closes it again.
    emit('[1000.100000] no answer yet for icmp_seq=4');
    expect(await prober.awaitRecovery(60)).toBe(false);
    emit('[1000.090000] 64 bytes from 10.0.0.1: icmp_seq=4 ttl=64 time=10.000 ms');
    expect(await prober.awaitRecovery(60)).toBe(true);
    await prober.stop();
  });

  it('fails ready() with the output when the command exits before any sample', async () => {
    const { host, emit, exit } = scriptedHost();
    const prober = startProber(host, { kind: 'icmp', target: '10.0.0.1', label: 'p' });
    emit('sh: 1: exec: ping: not found');
    exit(127);
    await expect(prober.ready(1_000)).rejects.toThrow('prober p failed: its command exited with 127 before any sample (host src: sh: 1: exec: ping: not found)');
  });
});
