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
