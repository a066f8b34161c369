import { describe, expect, it } from 'vitest';
import { CleanupStack } from './cleanup-stack.ts';

describe('CleanupStack', () => {
  it('runs actions newest first', async () => {
    const order: string[] = [];
    const stack = new CleanupStack();
    stack.push('a', () => void order.push('a'));
    stack.push('b', () => void order.push('b'));
    await stack.unwind();
    expect(order).toEqual(['b', 'a']);
    expect(stack.size).toBe(0);
  });

  it('continues past failures and reports every one of them', async () => {
    const ran: string[] = [];
    const stack = new CleanupStack();
    stack.push('first', () => void ran.push('first'));
    stack.push('broken-1', () => { throw new Error('boom 1'); });
    stack.push('broken-2', async () => { throw new Error('boom 2'); });
    await expect(stack.unwind()).rejects.toThrow(/2 action\(s\) failed \(broken-2: boom 2; broken-1: boom 1\)/);
    expect(ran).toEqual(['first']);
  });

  it('is idempotent: a second unwind does nothing', async () => {
    let count = 0;
    const stack = new CleanupStack();
    stack.push('once', () => void count++);
    await Promise.all([stack.unwind(), stack.unwind()]);
    await stack.unwind();
    expect(count).toBe(1);
  });
});
