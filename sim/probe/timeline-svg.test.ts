import { describe, expect, it } from 'vitest';
import type { Sample, Timeline } from './sample.ts';
import { escapeXml, renderTimelineSvg } from './timeline-svg.ts';

function timeline(pattern: string, label = 'pod1 → efs'): Timeline {
  const samples: Sample[] = [...pattern].map((c, k) => ({ seq: k + 1, sentAt: 10_000 + 100 * k, ok: c === '.', ...(c === 'i' ? { inferred: true } : {}) }));
  return { label, kind: 'icmp', source: 'pod1', target: '10.120.0.1', intervalMs: 100, startedAt: 10_000, stoppedAt: 10_000 + 100 * pattern.length, samples, diagnostics: [] };
}

/** A minimal well-formedness check: every tag opened is closed in order, attributes are quoted. */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, closing, name = '', , selfClosing] = m;
    if (selfClosing) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else stack.push(name);
  }
  expect(stack).toEqual([]);
  // Nothing that looks like a tag was left unmatched by the pattern above (bad attribute quoting, stray <).
  const tags = xml.match(/</g)?.length ?? 0;
  const matched = [...xml.matchAll(/<(\/?)([A-Za-z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)].length;
  expect(matched).toBe(tags);
}

describe('renderTimelineSvg', () => {
  it('says when the prober died, with its exit', () => {
    expect(renderTimelineSvg({ ...timeline('...xx'), died: { code: 137, at: 10_300 } })).toContain('PROBER DIED (exit signal 9 (code 137))');
    expect(renderTimelineSvg(timeline('...xx'))).not.toContain('DIED');
  });

  it('is a well-formed standalone SVG with the pair in its title', () => {
    const svg = renderTimelineSvg(timeline('....xxx....'));
    assertWellFormed(svg);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="960" height="\d+" viewBox="0 0 960 \d+"/);
    expect(svg).toContain('<title>pod1 → efs: icmp pod1 → 10.120.0.1</title>');
    expect(svg).not.toMatch(/<script|href=/);
  });

  it('draws runs of ok and lost samples and one shaded window per outage', () => {
    const svg = renderTimelineSvg(timeline('..xx...x..iii.'));
    const runs = [...svg.matchAll(/<rect class="run (\w+)" data-count="(\d+)"/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(runs).toEqual(['ok:2', 'lost:2', 'ok:3', 'lost:1', 'ok:2', 'inferred:3', 'ok:1']);
    const outages = [...svg.matchAll(/<rect class="outage" data-lost="(\d+)" data-duration-ms="(\d+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(outages).toEqual([
      [2, 200],
      [1, 100],
      [3, 300],
    ]);
    expect(svg).toContain('14 samples every 100 ms · 6 lost · 3 outage window(s) · longest 300 ms');
  });

  it('says when the timeline ends without recovery', () => {
    expect(renderTimelineSvg(timeline('..xx'))).toContain('2 lost, 200 ms (not recovered)');
  });

  it('marks events at their time with escaped labels, on separate rows when they would overlap', () => {
    const events = [
      { at: 10_200, label: 'PUT /vrackServices/vrs-1 <serviceRange> & co' },
      { at: 10_210, label: 'task 42 RUNNING' },
      { at: 10_900, label: 'task 42 DONE' },
    ];
    const svg = renderTimelineSvg(timeline('..........'), { events });
    assertWellFormed(svg);
    const marks = [...svg.matchAll(/<g class="event" data-at="(\d+)">[\s\S]*?<line x1="([\d.]+)"[\s\S]*?<text x="[\d.]+" y="(\d+)"/g)].map((m) => ({ at: Number(m[1]), x: Number(m[2]), y: Number(m[3]) }));
    expect(marks.map((m) => m.at)).toEqual([10_200, 10_210, 10_900]);
    expect(marks[0]?.x).toBeLessThan(marks[2]?.x ?? 0);
    expect(marks[0]?.y).not.toBe(marks[1]?.y);
    expect(svg).toContain('PUT /vrackServices/vrs-1 &lt;serviceRange&gt; &amp; co');
  });

  it('extends the axis to events outside the probed span', () => {
    const svg = renderTimelineSvg(timeline('....'), { events: [{ at: 5_000, label: 'before' }] });
    expect(svg).toContain(new Date(5_000).toISOString());
    expect(svg).toMatch(/<g class="event" data-at="5000">[\s\S]*?<line x1="56"/);
  });

  it('renders an empty timeline without failing', () => {
    const svg = renderTimelineSvg({ ...timeline(''), samples: [] });
    assertWellFormed(svg);
    expect(svg).toContain('0 samples every 100 ms · 0 lost · 0 outage window(s)');
  });
});

describe('escapeXml', () => {
  it('escapes the five XML specials', () => expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;'));
});
