import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from './did-you-mean.ts';

describe('did-you-mean', () => {
  it('suggests only close matches', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closest('descripton', ['id', 'description'])).toBe('description');
    expect(closest('zzz', ['id', 'description'])).toBeUndefined();
    expect(didYouMean('vmm', ['baremetal', 'vm', 'gateway'])).toBe('; did you mean "vm"?');
    expect(didYouMean('router', ['baremetal', 'vm', 'gateway'])).toBe('');
  });
});
