import { describe, expect, it } from 'vitest';
import { describeExit, interruptionProblem, proberProblems } from './prober-verdict.ts';
import type { Sample, Timeline } from './sample.ts';

function timeline(samples: Partial<Sample>[], extra: Partial<Timeline> = {}): Timeline {
  const full = samples.map((s, i) => ({ seq: i + 1, sentAt: i * 100, ok: true, ...s }));
  return { label: 'p', kind: 'icmp', source: 'a', target: 'b', intervalMs: 100, startedAt: 0, stoppedAt: (full.at(-1)?.sentAt ?? 0) + 100, samples: full, diagnostics: [], ...extra };
}
const steady = (n: number, extra: Partial<Timeline> = {}) => timeline(Array.from({ length: n }, () => ({})), extra);

describe('proberProblems', () => {
  it('accepts a prober that probed at its cadence across the window', () => {
    expect(proberProblems(steady(50), { from: 500, to: 4000 })).toEqual([]);
  });

  it('says the prober died, with its exit code or signal', () => {
    const [problem] = proberProblems(steady(50, { died: { code: 137, at: 4000 }, stoppedAt: 9000, diagnostics: ['ping: killed'] }));
    expect(problem).toMatch(/^the prober died: its command exited with signal 9 \(code 137\) at .*, 5000 ms before it was stopped \(last output: ping: killed\)/);
    expect(describeExit(1)).toBe('code 1');
  });

  it('refuses a timeline that does not cover the change window', () => {
    expect(proberProblems(steady(10), { from: 500, to: 4000 })).toEqual([expect.stringMatching(/before the change ended/)]);
    expect(proberProblems(steady(50), { from: 0, to: 4000 }).join()).toBe('');
    expect(proberProblems(timeline([{ sentAt: 600 }, { sentAt: 700 }]), { from: 500, to: 600 })).toEqual([expect.stringMatching(/after the change began/)]);
  });

  it('refuses a prober far below its cadence, and one with no probe', () => {
    const slow = timeline(Array.from({ length: 10 }, (_, i) => ({ sentAt: i * 1000 })));
    expect(proberProblems(slow)).toEqual(['it reported 10 probes where 91 were due (one every 100 ms; at least 50% required)']);
    expect(proberProblems(timeline([]))).toEqual(['the prober reported no probe at all']);
  });
});

describe('interruptionProblem', () => {
  const cut = (lost: number) => steady(40).samples.map((s, i) => ({ ...s, ok: i < 10 || i >= 10 + lost }));
  it('accepts one closed outage within bounds', () => {
    expect(interruptionProblem(timeline(cut(10)), { minMs: 900, maxMs: 1500 }).problem).toBeUndefined();
  });

  it('names what is wrong: no loss, too short, too long, not recovered', () => {
    expect(interruptionProblem(steady(40), { minMs: 900, maxMs: 1500 }).problem).toMatch(/no probe was lost/);
    expect(interruptionProblem(timeline(cut(3)), { minMs: 900, maxMs: 1500 }).problem).toBe('the longest outage lasted 300 ms, shorter than 900 ms');
    expect(interruptionProblem(timeline(cut(25)), { minMs: 900, maxMs: 1500 }).problem).toBe('the longest outage lasted 2500 ms, longer than 1500 ms');
    expect(interruptionProblem(timeline(cut(30)), { minMs: 900, maxMs: 1500 }).problem).toMatch(/has not recovered/);
  });
});
