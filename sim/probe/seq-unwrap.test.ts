import { describe, expect, it } from 'vitest';
import { seqUnwrapper } from './seq-unwrap.ts';

describe('seqUnwrapper', () => {
  it('keeps counting past the 16-bit wrap of icmp_seq', () => {
    const unwrap = seqUnwrapper();
    expect([65533, 65534, 65535, 0, 1, 2].map(unwrap)).toEqual([65533, 65534, 65535, 65536, 65537, 65538]);
  });

  it('places a late line from before the wrap before it, and survives a second wrap', () => {
    const unwrap = seqUnwrapper();
    expect([65534, 0, 65535, 1].map(unwrap)).toEqual([65534, 65536, 65535, 65537]);
    const again = seqUnwrapper(8);
    expect([6, 7, 0, 1, 7, 2, 3, 4, 5, 6, 7, 0].map(again)).toEqual([6, 7, 8, 9, 7, 10, 11, 12, 13, 14, 15, 16]);
  });

  it('leaves numbers that never wrap as they are', () => {
    const unwrap = seqUnwrapper();
    expect([1, 2, 4, 3, 5].map(unwrap)).toEqual([1, 2, 4, 3, 5]);
  });
});
