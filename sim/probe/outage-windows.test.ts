import { describe, expect, it } from 'vitest';
import { longestOutage, lostCount, outageWindows } from './outage-windows.ts';
import type { Sample, Timeline } from './sample.ts';

/** Samples from a pattern: `.` ok, `x` lost, `i` inferred loss; sample k is sent at 1000 + 100·k. */
function samples(pattern: string): Sample[] {
  return [...pattern].map((c, k) => ({ seq: k + 1, sentAt: 1000 + 100 * k, ok: c === '.', ...(c === 'i' ? { inferred: true } : {}) }));
}

function timeline(pattern: string): Timeline {
  return { label: 't', kind: 'icmp', source: 'a', target: 'b', intervalMs: 100, startedAt: 1000, stoppedAt: 1000 + 100 * pattern.length, samples: samples(pattern), diagnostics: [] };
}

describe('outageWindows', () => {
  it('finds nothing in an empty or all-ok timeline', () => {
    expect(outageWindows([])).toEqual([]);
    expect(outageWindows(samples('.....'))).toEqual([]);
  });

  it('opens at the first lost and closes at the first recovered', () => {
    expect(outageWindows(samples('..xxx..'))).toEqual([
      { startAt: 1200, recoveredAt: 1500, durationMs: 300, lostCount: 3, inferredCount: 0, firstLostSeq: 3, lastLostSeq: 5, startsAtBeginning: false, open: false },
    ]);
  });

  it('counts a single blip as a window of one', () => {
    const [w, ...rest] = outageWindows(samples('..x..'));
    expect(rest).toEqual([]);
    expect(w).toMatchObject({ lostCount: 1, durationMs: 100, firstLostSeq: 3, lastLostSeq: 3 });
  });

  it('separates windows split by one success', () => {
    const ws = outageWindows(samples('.xx.x.xxx.'));
    expect(ws.map((w) => [w.firstLostSeq, w.lastLostSeq, w.lostCount])).toEqual([
      [2, 3, 2],
      [5, 5, 1],
      [7, 9, 3],
    ]);
  });

  it('marks a timeline that starts lost', () => {
    expect(outageWindows(samples('xx...'))[0]).toMatchObject({ startsAtBeginning: true, startAt: 1000, recoveredAt: 1200, lostCount: 2, open: false });
  });

  it('leaves a timeline that ends lost open, with a lower-bound duration', () => {
    // Without a known interval the open window ends at the last lost sample…
    expect(outageWindows(samples('..xx'))[0]).toMatchObject({ open: true, recoveredAt: undefined, durationMs: 100, lostCount: 2 });
    // …with the timeline's interval, one interval later.
    expect(outageWindows(timeline('..xx'))[0]).toMatchObject({ open: true, durationMs: 200 });
  });

  it('treats an all-lost timeline as one open window from the beginning', () => {
    expect(outageWindows(timeline('xxx'))).toEqual([
      { startAt: 1000, recoveredAt: undefined, durationMs: 300, lostCount: 3, inferredCount: 0, firstLostSeq: 1, lastLostSeq: 3, startsAtBeginning: true, open: true },
    ]);
  });

  it('counts inferred losses separately inside a window', () => {
    expect(outageWindows(samples('.xiix.'))[0]).toMatchObject({ lostCount: 4, inferredCount: 2 });
  });
});

describe('longestOutage and lostCount', () => {
  it('returns undefined and 0 when nothing was lost', () => {
    expect(longestOutage(samples('...'))).toBeUndefined();
    expect(longestOutage([])).toBeUndefined();
    expect(lostCount(samples('...'))).toBe(0);
  });

  it('picks the longest window, the earliest on a tie, from samples or from windows', () => {
    const s = samples('.xx.xxx.xxx.x');
    expect(longestOutage(s)).toMatchObject({ firstLostSeq: 5, lostCount: 3 });
    expect(longestOutage(outageWindows(s))).toMatchObject({ firstLostSeq: 5 });
    expect(lostCount(s)).toBe(9);
    expect(lostCount(timeline('x.x'))).toBe(2);
  });
});
