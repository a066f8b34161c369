import { describe, expect, it } from 'vitest';
import { moveGap } from './move-gap.ts';
import type { Timeline } from './sample.ts';

/** A 50 ms prober from t=0: `up(t)` says whether the probe sent at t was answered. */
function timeline(target: string, untilMs: number, up: (t: number) => boolean): Timeline {
  const samples = [];
  for (let t = 0, seq = 1; t <= untilMs; t += 50, seq++) samples.push({ seq, sentAt: t, ok: up(t) });
  return { label: target, kind: 'icmp', source: 'bm1', target, intervalMs: 50, startedAt: 0, stoppedAt: untilMs, samples, diagnostics: [] };
}

describe('moveGap', () => {
  it('a move to a fresh address: from the old address\'s first loss to the new one\'s first reply', () => {
    const old = timeline('10.0.0.2', 3000, (t) => t < 1000);
    const fresh = timeline('10.0.0.1', 3000, (t) => t >= 2000);
    expect(moveGap(old, fresh)).toMatchObject({ startAt: 1000, gapMs: 1000 });
  });

  it('a move onto an address someone else answered until the cut: its replies before its own outage do not count', () => {
    // Measured in a run: .1 (another endpoint's) answered until 1050 and .2 until 1000; both were cut,
    // and .1 came back for the moved service at 2100. Counting .1's reply at 1050 gave "-34 ms".
    const old = timeline('10.0.0.2', 3000, (t) => t <= 1000);
    const reElected = timeline('10.0.0.1', 3000, (t) => t <= 1050 || t >= 2100);
    expect(moveGap(old, reElected)).toMatchObject({ startAt: 1050, gapMs: 1050 });
  });

  it('make before break (the new address never stopped answering): a gap near zero, which the bounds refuse', () => {
    const old = timeline('10.0.0.2', 3000, (t) => t < 1000);
    const always = timeline('10.0.0.1', 3000, () => true);
    expect(moveGap(old, always)?.gapMs).toBe(0);
  });

  it('no reply from the new address after the move: no gap', () => {
    const old = timeline('10.0.0.2', 3000, (t) => t < 1000);
    const never = timeline('10.0.0.1', 3000, (t) => t < 500);
    expect(moveGap(old, never)).toMatchObject({ firstNew: undefined, gapMs: undefined });
  });

  it('no reply from the old address at all: nothing to measure from', () => {
    expect(moveGap(timeline('10.0.0.2', 1000, () => false), timeline('10.0.0.1', 1000, () => true))).toBeUndefined();
  });
});
