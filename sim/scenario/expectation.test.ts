import { describe, expect, it } from 'vitest';
import { expectContains, expectEqual, expectTrue } from './expectation.ts';

describe('scenario expectations', () => {
  it('say what was expected and what was measured', () => {
    expect(() => expectEqual('product status of vrs1', 'ACTIVE', 'DRAFT')).toThrow('product status of vrs1: expected ACTIVE, measured DRAFT');
    expect(() => expectEqual('IP accounting', { used: 1 }, { used: 0 }, 'subnet 10.120.0.0/16')).toThrow(
      'IP accounting: expected {"used":1}, measured {"used":0} (subnet 10.120.0.0/16)',
    );
    expect(() => expectTrue('lost probes', false, '0', '21 (3 windows)')).toThrow('lost probes: expected 0, measured 21 (3 windows)');
    expect(() => expectContains('error message', 'foo bar', 'baz')).toThrow('error message: expected text containing "baz", measured foo bar');
  });

  it('pass silently when the expectation holds', () => {
    expect(() => expectEqual('x', [1, { a: 2 }], [1, { a: 2 }])).not.toThrow();
    expect(() => expectContains('m', 'foo bar', 'bar')).not.toThrow();
  });
});
