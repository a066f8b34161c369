import { describe, expect, it } from 'vitest';
import type { HostProcess, LabHost } from '../fabric/host.ts';
import { startProber } from './prober.ts';

/** A host whose spawned process only counts how often it was asked to stop. */
function countingHost() {
  const stops = { count: 0 };
  const host: LabHost = {
    name: 'src',
    pid: 1,
    exec: async () => ({ command: '', exitCode: 0, stdout: '', stderr: '', durationMs: 0 }),
    spawn(): HostProcess {
      let exit: (code: number) => void = () => {};
      const exited = new Promise<number>((resolve) => (exit = resolve));
      return { onLine: () => {}, exited, stop: async () => void (stops.count++, exit(143)) };
    },
  };
  return { host, stops };
}

describe('Prober as an AsyncDisposable', () => {
  it('stops its process at the end of an `await using` scope', async () => {
    const { host, stops } = countingHost();
    {
      await using prober = startProber(host, { kind: 'icmp', target: '10.0.0.1', label: 'scoped' });
      expect(prober.label).toBe('scoped');
      expect(stops.count).toBe(0);
    }
    expect(stops.count).toBe(1);
  });

  it('after an explicit stop, leaving the scope stops nothing more (stop is memoised)', async () => {
    const { host, stops } = countingHost();
    {
      await using prober = startProber(host, { kind: 'icmp', target: '10.0.0.1', label: 'stopped' });
      await prober.stop();
    }
    expect(stops.count).toBe(1);
  });
});
