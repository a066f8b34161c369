import { describe, expect, it } from 'vitest';
import { createEventJournal, MAX_EVENT_STRING } from './event-journal.ts';

describe('event journal', () => {
  it('numbers and timestamps events, filters by seq, date and kind', () => {
    let t = Date.parse('2026-01-01T00:00:00.000Z');
    const j = createEventJournal(100, () => new Date((t += 1000)));
    j.record('lab', 'a');
    const b = j.record('task', 'b', { x: 1 });
    j.record('lab', 'c');
    expect(j.list().map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(j.list({ since: 1 }).map((e) => e.name)).toEqual(['b', 'c']);
    expect(j.list({ since: b.at }).map((e) => e.name)).toEqual(['b', 'c']);
    expect(j.list({ kind: 'lab' }).map((e) => e.name)).toEqual(['a', 'c']);
    expect(b).toMatchObject({ at: '2026-01-01T00:00:02.000Z', data: { x: 1 } });
  });
  it('stays bounded, keeping the newest events and their sequence numbers', () => {
    const j = createEventJournal(10);
    for (let i = 0; i < 100; i++) j.record('request', `r${i}`);
    const all = j.list();
    expect(all.length).toBeLessThanOrEqual(13);
    expect(all.at(-1)?.seq).toBe(100);
    expect(all.at(-1)?.name).toBe('r99');
  });
  it('a throwing listener does not break recording; unsubscribe stops delivery', () => {
    const j = createEventJournal();
    const got: string[] = [];
    j.subscribe(() => {
      throw new Error('listener bug');
    });
    const off = j.subscribe((e) => got.push(e.name));
    j.record('lab', 'x');
    off();
    j.record('lab', 'y');
    expect(got).toEqual(['x']);
  });
});

describe('event journal bounds (review #5)', () => {
  it('clips long strings in names and data', () => {
    const j = createEventJournal();
    const e = j.record('request', `GET /${'a'.repeat(15_000)}`, { url: `/${'a'.repeat(15_000)}`, nested: { list: ['b'.repeat(1000)] } });
    expect(e.name.length).toBeLessThanOrEqual(MAX_EVENT_STRING);
    expect((e.data.url as string).length).toBeLessThanOrEqual(MAX_EVENT_STRING);
    expect(JSON.stringify(e).length).toBeLessThan(1500);
  });
  it('stays within its byte budget, keeping the newest events', () => {
    const j = createEventJournal(1_000_000, undefined, 100_000);
    for (let i = 0; i < 5000; i++) j.record('request', `r${i}`, { url: 'x'.repeat(200) });
    const all = j.list();
    expect(JSON.stringify(all).length).toBeLessThanOrEqual(100_000 + all.length);
    expect(all.at(-1)?.name).toBe('r4999');
    expect(all.length).toBeGreaterThan(100);
  });
  it('counts what it does not journal', () => {
    const j = createEventJournal();
    j.count('unauthenticated');
    j.count('unauthenticated');
    expect(j.counts()).toEqual({ unauthenticated: 2 });
    expect(j.list()).toEqual([]);
  });
});
