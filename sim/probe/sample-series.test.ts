import { describe, expect, it } from 'vitest';
import { MAX_INFERRED_PER_GAP, assembleSamples, mergeObservation, stallThresholdMs } from './sample-series.ts';
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

  it('counts the silence between the last observation and the stop as loss, for every kind', () => {
    const obs = [0, 100, 200].map((t, i) => ({ probe: i, sentAt: t, ok: true }));
    // Stopped at 1000 ms, a probe is reported within 150 ms: probes at 300…800 were due and never came.
    const tail = assembleSamples(obs, { intervalMs: 100, fillStalls: false, until: 1000, answerWithinMs: 150 });
    expect(tail.filter((s) => s.inferred).map((s) => s.sentAt)).toEqual([300, 400, 500, 600, 700, 800]);
    // A stop right after the last probe is no silence.
    expect(assembleSamples(obs, { intervalMs: 100, fillStalls: true, until: 450, answerWithinMs: 150 })).toHaveLength(3);
  });

  it('bounds the samples a silent gap creates (a clock step of a day at 10 ms)', () => {
    const day = 86_400_000;
    const obs = [
      { probe: 1, sentAt: 0, ok: true },
      { probe: 2, sentAt: day, ok: true },
    ];
    const filled = assembleSamples(obs, { intervalMs: 10, fillStalls: true, until: 2 * day });
    expect(filled.length).toBeLessThanOrEqual(2 + 2 * MAX_INFERRED_PER_GAP);
    // The gap keeps its duration: the last inferred sample sits one (widened) step before the reply.
    const inferred = filled.filter((s) => s.inferred && s.sentAt < day);
    expect(inferred).toHaveLength(MAX_INFERRED_PER_GAP);
    expect(inferred.at(-1)!.sentAt).toBeCloseTo(day - 10, -1);
  });

  it('infers the loss of ICMP probe numbers never reported between two reported ones', () => {
    const obs = [
      { probe: 1, sentAt: 0, ok: true },
      { probe: 2, sentAt: 100, ok: false },
      { probe: 5, sentAt: 400, ok: true },
    ];
    const filled = assembleSamples(obs, { intervalMs: 100, fillStalls: true });
    expect(filled.map((s) => [s.sentAt, s.ok, s.inferred ?? false])).toEqual([
      [0, true, false],
      [100, false, false],
      [200, false, true],
      [300, false, true],
      [400, true, false],
    ]);
    expect(assembleSamples(obs, { intervalMs: 100, fillStalls: false })).toHaveLength(3);
  });

  it('fills the shorter gaps of an outage, where ping backs off, and only there', () => {
    const obs = [
      { probe: 1, sentAt: 0, ok: true },
      { probe: 2, sentAt: 200, ok: true },
      { probe: 3, sentAt: 300, ok: false },
      { probe: 4, sentAt: 500, ok: false },
      { probe: 5, sentAt: 600, ok: true },
    ];
    const filled = assembleSamples(obs, { intervalMs: 100, fillStalls: true });
    expect(filled.filter((s) => s.inferred).map((s) => s.sentAt)).toEqual([400]);
  });
});
