import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../core/exec.ts';
import type { HostExecOptions, LabHost } from '../../fabric/host.ts';
import { classifyNfsFailure, nfsList, nfsRead, nfsUrl, nfsWrite, parseNfsLs } from './nfs-client.ts';

/** A host that records argv and answers with a canned result. */
function fakeHost(answer: Partial<ExecResult>) {
  const calls: { argv: readonly string[]; options?: HostExecOptions }[] = [];
  const host: LabHost = {
    name: 'client',
    pid: 1,
    async exec(argv, options) {
      calls.push({ argv, ...(options ? { options } : {}) });
      return { command: argv.join(' '), exitCode: 0, stdout: '', stderr: '', durationMs: 1, ...answer };
    },
    spawn() {
      throw new Error('not used');
    },
  };
  return { host, calls };
}

describe('nfsUrl', () => {
  it('joins export path and file and adds the version', () => {
    expect(nfsUrl('10.0.0.1', '/share_1/', '/dir/f.txt', 4)).toBe('nfs://10.0.0.1/share_1/dir/f.txt?version=4');
    expect(nfsUrl('10.0.0.1', '/share_1', '', 3)).toBe('nfs://10.0.0.1/share_1?version=3');
    expect(nfsUrl('fd00::1', '/s', 'f', 4)).toBe('nfs://[fd00::1]/s/f?version=4');
  });
  it('refuses a bad version or a relative export path', () => {
    expect(() => nfsUrl('10.0.0.1', '/s', 'f', 2 as 3)).toThrow(/invalid NFS version: must be 3 or 4 .*valid: 3, 4/);
    expect(() => nfsUrl('10.0.0.1', 's', 'f', 3)).toThrow(/invalid NFS export path/);
  });
});

describe('classifyNfsFailure', () => {
  it.each([
    [10, 'Failed to mount nfs share : mount_cb: RPC error: Mount failed with error MNT3ERR_ACCES(13) Permission denied(13)', 'denied'],
    [10, 'Failed to mount nfs share : mount_cb: NFS4: (path /share_a1) failed with NFS4ERR_NOENT(-2)', 'denied'],
    [1, 'Failed to open file /share/x: NFS3ERR_NOENT', 'not-found'],
    [124, '', 'timeout'],
    [1, 'Failed to mount nfs share : nfs_service failed', 'failed'],
  ] as const)('exit %i %j → %s', (code, stderr, reason) => expect(classifyNfsFailure(code, stderr)).toBe(reason));
});

describe('parseNfsLs', () => {
  it('parses entries and skips . and ..', () => {
    const out = ['drwxr-xr-x  2     0     0         4096 .', '-rw-r--r--  1     0     0            6 hello.txt', 'drwxr-xr-x  2  1000  1000         4096 my dir'].join('\n');
    expect(parseNfsLs(out)).toEqual([
      { name: 'hello.txt', mode: '-rw-r--r--', isDirectory: false, uid: 0, gid: 0, size: 6 },
      { name: 'my dir', mode: 'drwxr-xr-x', isDirectory: true, uid: 1000, gid: 1000, size: 4096 },
    ]);
  });
});

describe('nfs operations', () => {
  it('reads with nfs-cat under a timeout and returns the exact content, final newline included', async () => {
    const { host, calls } = fakeHost({ stdout: 'hello\n#vracklab-eof' });
    expect(await nfsRead(host, '10.0.0.1', '/share_1', 'hello.txt', { version: 3, timeoutMs: 2_000 })).toBe('hello\n');
    expect(calls[0]?.argv).toEqual(['sh', '-c', `timeout "$1" nfs-cat "$2" || exit $?; printf '%s' '#vracklab-eof'`, 'nfs', '2.000', 'nfs://10.0.0.1/share_1/hello.txt?version=3']);
  });

  it('refuses a read whose output was cut short', async () => {
    const { host } = fakeHost({ stdout: 'hel' });
    await expect(nfsRead(host, '10.0.0.1', '/share_1', 'hello.txt', { version: 4 })).rejects.toThrow(/NFS read failed: the output ended early/);
  });

  it('writes the content through standard input', async () => {
    const { host, calls } = fakeHost({});
    await nfsWrite(host, '10.0.0.1', '/share_1', 'w.txt', 'data', { version: 4 });
    expect(calls[0]?.options?.input).toBe('data');
    expect(calls[0]?.argv.at(-1)).toBe('nfs://10.0.0.1/share_1/w.txt?version=4');
  });

  it('lists entries', async () => {
    const { host } = fakeHost({ stdout: '-rw-r--r--  1     0     0            6 a.txt' });
    expect((await nfsList(host, '10.0.0.1', '/share_1', { version: 4 })).map((e) => e.name)).toEqual(['a.txt']);
  });

  it('fails with the tool stderr, the URL and a reason', async () => {
    const stderr = 'Failed to mount nfs share : mount_cb: RPC error: Mount failed with error MNT3ERR_ACCES(13) Permission denied(13)';
    const { host } = fakeHost({ exitCode: 10, stderr });
    const err = await nfsRead(host, '10.0.0.1', '/share_1', 'f', { version: 3 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NFS_FAILED', details: { reason: 'denied', exitCode: 10 } });
    expect(String((err as Error).message)).toBe(`NFS read failed: denied, exit code 10 (nfs://10.0.0.1/share_1/f?version=3 from host client): ${stderr}`);
  });

  it('reports a timeout in the words of the bound', async () => {
    const { host } = fakeHost({ exitCode: 124 });
    await expect(nfsList(host, '10.0.0.1', '/s', { version: 4, timeoutMs: 300 })).rejects.toThrow(/NFS list failed: no answer within 300 ms/);
  });
});
