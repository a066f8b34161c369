import { describe, expect, it } from 'vitest';
import { formatCommand, realExec, recordingExec, shellQuote } from './exec.ts';

describe('exec', () => {
  it('quotes arguments that need it', () => {
    expect(formatCommand('ip', ['link', 'add', 'a b', "it's"])).toBe(`ip link add 'a b' 'it'\\''s'`);
  });

  it('shellQuote makes one word a real shell reads back exactly', async () => {
    const tricky = `it's "a" $HOME \`x\` \\ *`;
    expect(shellQuote('plain')).toBe(`'plain'`);
    const r = await realExec('sh', ['-c', `printf %s ${shellQuote(tricky)}`]);
    expect(r.stdout).toBe(tricky);
  });

  it('runs a real command, feeding stdin', async () => {
    const r = await realExec('cat', [], { input: 'hello' });
    expect(r.stdout).toBe('hello');
    expect(r.exitCode).toBe(0);
  });

  it('throws naming the command, exit code and stderr', async () => {
    await expect(realExec('sh', ['-c', 'echo nope >&2; exit 3'])).rejects.toThrow(/command failed: exit code 3 \(sh -c 'echo nope >&2; exit 3'\): nope/);
  });

  it('says a command timed out, in the message and as details.timedOut (not only as exit code 124)', async () => {
    const err = await realExec('sleep', ['5'], { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'EXEC_FAILED', details: { timedOut: true, isCanceled: false, exitCode: 124 } });
    expect((err as Error).message).toMatch(/^command failed: timed out after 100 ms \(sleep 5\)/);
  });

  it('a command that exits by itself is not timed out (the control)', async () => {
    const err = await realExec('sh', ['-c', 'exit 3'], { timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ details: { timedOut: false, isCanceled: false, exitCode: 3 } });
  });

  it('kills a command when its AbortSignal fires (execa cancelSignal)', async () => {
    const abort = new AbortController();
    const running = realExec('sleep', ['5'], { signal: abort.signal }).catch((e: unknown) => e);
    abort.abort(new Error('Ctrl-C'));
    const err = await running;
    expect(err).toMatchObject({ code: 'EXEC_FAILED', details: { isCanceled: true, timedOut: false, exitCode: 130 } });
    expect((err as Error).message).toMatch(/^command failed: canceled \(sleep 5\)/);
  });

  it('returns failures when allowed', async () => {
    const r = await realExec('sh', ['-c', 'exit 4'], { allowFailure: true });
    expect(r.exitCode).toBe(4);
  });

  it('records calls in the fake', async () => {
    const exec = recordingExec((c) => (c.args[0] === 'fail' ? { exitCode: 2, stderr: 'bad' } : { stdout: 'ok' }));
    expect((await exec('ip', ['link'])).stdout).toBe('ok');
    await expect(exec('ip', ['fail'])).rejects.toThrow(/exit code 2/);
    expect(exec.calls.map((c) => c.args[0])).toEqual(['link', 'fail']);
  });
});
