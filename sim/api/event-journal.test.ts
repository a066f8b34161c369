import { describe, expect, it } from 'vitest';
import { createEventJournal } from './event-journal.ts';

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
