import { describe, expect, it } from 'vitest';
import { realExec, recordingExec } from '../core/exec.ts';
import type { Exec } from '../core/exec.ts';
import { ipBatch, parseShellBatch, shellBatch, shellBatchScript } from './batch-queue.ts';

describe('ipBatch: machine-side ip lines of concurrent callers', () => {
  it('shares one process between callers of the same tick, in submission order', async () => {
    const exec = recordingExec();
    await Promise.all([ipBatch(exec, ['link add a type bridge', 'link set dev a up']), ipBatch(exec, ['link add b type bridge'])]);
    expect(exec.calls.map((c) => [c.file, ...c.args, c.input])).toEqual([['ip', '-batch', '-', 'link add a type bridge\nlink set dev a up\nlink add b type bridge\n']]);
  });

  it('fails only the caller whose line failed, and runs the callers after it again (ip stopped there)', async () => {
    let call = 0;
    const exec = recordingExec(() => (++call === 1 ? { exitCode: 1, stderr: 'RTNETLINK answers: File exists\nCommand failed -:3' } : undefined));
    const results = await Promise.allSettled([ipBatch(exec, ['l1', 'l2']), ipBatch(exec, ['l3', 'l4']), ipBatch(exec, ['l5'])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/ip -batch -, line 1: l3\): RTNETLINK answers: File exists/);
    expect(exec.calls.map((c) => c.input)).toEqual(['l1\nl2\nl3\nl4\nl5\n', 'l5\n']);
  });

  it('fails every caller when ip names no line (it did not run at all)', async () => {
    const exec = recordingExec(() => ({ exitCode: 127, stderr: 'ip: not found' }));
    const results = await Promise.allSettled([ipBatch(exec, ['l1']), ipBatch(exec, ['l2'])]);
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual([expect.stringMatching(/exit code 127.*ip: not found/), expect.stringMatching(/ip: not found/)]);
  });
});

describe('shellBatch: independent commands of concurrent callers', () => {
  it('runs a command alone as itself', async () => {
    const exec = recordingExec(() => ({ stdout: '42' }));
    expect(await shellBatch(exec, { file: 'nsenter', args: ['-t', '7', '-n', 'ip', '-batch', '-'], input: 'link set dev lo up\n' })).toEqual({ exitCode: 0, output: '42' });
    expect(exec.calls).toEqual([{ file: 'nsenter', args: ['-t', '7', '-n', 'ip', '-batch', '-'], input: 'link set dev lo up\n' }]);
  });

  it('runs concurrent commands in one real sh, each with its own exit code, output and quoted input', async () => {
    let shells = 0;
    const counting: Exec = (file, args, o) => {
      if (file === 'sh') shells++;
      return realExec(file, args, o);
    };
    const results = await Promise.all([
      shellBatch(counting, { file: 'cat', args: [], input: "it's\n$(reboot)\n" }),
      shellBatch(counting, { file: 'sh', args: ['-c', 'echo oops >&2; exit 3'] }),
      shellBatch(counting, { file: 'echo', args: ['a b', ';', 'c'] }),
      // A line that would end the here-document early: fed by printf instead.
      shellBatch(counting, { file: 'cat', args: [], input: "VRACKLAB_INPUT_END\n'x'\n" }),
    ]);
    expect(shells).toBe(1);
    expect(results).toEqual([
      { exitCode: 0, output: "it's\n$(reboot)" },
      { exitCode: 3, output: 'oops' },
      { exitCode: 0, output: 'a b ; c' },
      { exitCode: 0, output: "VRACKLAB_INPUT_END\n'x'" },
    ]);
  });

  it('rejects the commands a cut-short batch never reached, naming them', async () => {
    const exec = recordingExec((c) => (c.file === 'sh' ? { exitCode: 137, stdout: 'x\n@@vracklab-fragment-end 0 0\n' } : undefined));
    const results = await Promise.allSettled([shellBatch(exec, { file: 'true', args: [] }), shellBatch(exec, { file: 'echo', args: ['second'] })]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: { exitCode: 0, output: 'x' } });
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/the shell batch ended before echo second ran \(exit code 137\)/);
  });

  it('parses marks only at line starts, and keeps each command’s output apart', () => {
    const script = shellBatchScript([{ file: 'echo', args: ['@@vracklab-fragment-end 0 9'] }]);
    expect(script).toBe("{ echo '@@vracklab-fragment-end 0 9'\n} 2>&1\necho \"@@vracklab-fragment-end 0 $?\"\n");
    expect(parseShellBatch('a\nb\n@@vracklab-fragment-end 0 0\n\n@@vracklab-fragment-end 1 2\n', 2)).toEqual([
      { exitCode: 0, output: 'a\nb' },
      { exitCode: 2, output: '' },
    ]);
  });
});
