import { describe, expect, it } from 'vitest';
import { applyFault, occurrences } from './fault.ts';

const fault = { id: 'demo', file: 'x.ts', search: 'a === b', replace: 'a !== b' };

describe('applyFault', () => {
  it('replaces the search text when it occurs exactly once', () => {
    expect(applyFault('if (a === b) go();', fault)).toBe('if (a !== b) go();');
  });

  it('refuses a search text that is not there, naming the fault, the file and the text', () => {
    expect(() => applyFault('if (a == b) go();', fault)).toThrow(/fault demo cannot be planted: its search text is not in x\.ts.*"a === b"/);
    try {
      applyFault('nothing', fault);
    } catch (err) {
      expect(err).toMatchObject({ code: 'FAULT_NOT_FOUND' });
    }
  });

  it('refuses a search text found twice (which one would be the bug?)', () => {
    expect(() => applyFault('a === b; a === b;', fault)).toThrow(/occurs 2 times in x\.ts, it must occur exactly once/);
  });

  it('refuses a replacement equal to the search text (a fault that changes nothing)', () => {
    expect(() => applyFault('a === b', { ...fault, replace: 'a === b' })).toThrow(/must differ from the search text/);
  });

  it('refuses an empty search text', () => {
    expect(() => applyFault('abc', { ...fault, search: '' })).toThrow(/must not be empty/);
  });
});

describe('occurrences', () => {
  it('counts overlapping occurrences, so an ambiguous text is not taken for a unique one', () => {
    expect(occurrences('aaa', 'aa')).toBe(2);
    expect(occurrences('abc', 'x')).toBe(0);
  });
});
