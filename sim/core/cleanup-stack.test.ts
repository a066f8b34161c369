import { describe, expect, it } from 'vitest';
import { CleanupStack } from './cleanup-stack.ts';
import { HarnessError } from './errors.ts';

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
    const boom1 = new HarnessError('EXEC_FAILED', 'boom 1');
    stack.push('broken-1', () => { throw boom1; });
    stack.push('broken-2', async () => { throw 'boom 2'; });
    const err = await stack.unwind().catch((e: unknown) => e);
    expect((err as Error).message).toBe('teardown failed: 2 action(s) failed (broken-2: boom 2; broken-1: boom 1)');
    expect(ran).toEqual(['first']);
    // The errors themselves are kept, newest first like the steps: a thrown HarnessError with its code, a thrown string as an Error.
    const cause = (err as Error).cause as AggregateError;
    expect(cause).toBeInstanceOf(AggregateError);
    expect(cause.errors[1]).toBe(boom1);
    expect((cause.errors[0] as Error).message).toBe('boom 2');
    expect(err).toMatchObject({ code: 'CLEANUP_FAILED', details: { steps: ['broken-2', 'broken-1'] } });
  });

  it('unwinds at the end of an `await using` scope', async () => {
    const ran: string[] = [];
    {
      await using stack = new CleanupStack();
      stack.push('undo', () => void ran.push('undo'));
      expect(ran).toEqual([]);
    }
    expect(ran).toEqual(['undo']);
  });

  it('is idempotent: a second unwind does nothing', async () => {
    let count = 0;
    const stack = new CleanupStack();
    stack.push('once', () => void count++);
    await Promise.all([stack.unwind(), stack.unwind()]);
    await stack.unwind();
    expect(count).toBe(1);
  });

  it('tells a later action whether an earlier one failed (a lab keeps its record then)', async () => {
    const seen: boolean[] = [];
    const clean = new CleanupStack();
    clean.push('last', () => void seen.push(clean.failed));
    clean.push('first', () => undefined);
    await clean.unwind();
    const broken = new CleanupStack();
    broken.push('last', () => void seen.push(broken.failed));
    broken.push('first', () => {
      throw new Error('boom');
    });
    await expect(broken.unwind()).rejects.toThrow('boom');
    expect(seen).toEqual([false, true]);
  });
});
