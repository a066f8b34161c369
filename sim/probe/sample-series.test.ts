import { describe, expect, it } from 'vitest';
import { assembleSamples, mergeObservation, stallThresholdMs } from './sample-series.ts';
import type { Observation } from './sample-series.ts';

describe('mergeObservation', () => {
  it('keeps the first report of a probe, unless a reply follows a loss', () => {
    const m = new Map<number, Observation>();
    mergeObservation(m, { probe: 1, sentAt: 100, ok: false });
    mergeObservation(m, { probe: 1, sentAt: 100, ok: true, rttMs: 120 });
    mergeObservation(m, { probe: 1, sentAt: 100, ok: false });
    expect(m.get(1)).toEqual({ probe: 1, sentAt: 100, ok: true, rttMs: 120 });
  });
});

describe('assembleSamples', () => {
  it('orders by send time and numbers from 1', () => {
    const out = assembleSamples(
      [
        { probe: 2, sentAt: 200, ok: false },
        { probe: 1, sentAt: 100, ok: true, rttMs: 0.5 },
      ],
      { intervalMs: 100, fillStalls: false },
    );
    expect(out).toEqual([
      { seq: 1, sentAt: 100, ok: true, rttMs: 0.5 },
      { seq: 2, sentAt: 200, ok: false },
    ]);
  });

  it('fills a silent stall with inferred losses only when asked', () => {
    const obs = [
      { probe: 1, sentAt: 0, ok: true },
      { probe: 2, sentAt: 500, ok: true },
    ];
    expect(assembleSamples(obs, { intervalMs: 100, fillStalls: false })).toHaveLength(2);
    const filled = assembleSamples(obs, { intervalMs: 100, fillStalls: true });
    expect(filled.map((s) => [s.seq, s.sentAt, s.ok, s.inferred ?? false])).toEqual([
      [1, 0, true, false],
      [2, 100, false, true],
      [3, 200, false, true],
      [4, 300, false, true],
      [5, 400, false, true],
      [6, 500, true, false],
    ]);
  });

  it('does not fill ordinary jitter', () => {
    const obs = [0, 112, 230, 330, 620].map((t, i) => ({ probe: i, sentAt: t, ok: true }));
    expect(assembleSamples(obs, { intervalMs: 100, fillStalls: true })).toHaveLength(5);
    expect(stallThresholdMs(100)).toBe(350);
    expect(stallThresholdMs(10)).toBe(260);
    expect(stallThresholdMs(1000)).toBe(2500);
  });
});
