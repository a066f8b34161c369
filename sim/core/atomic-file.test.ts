import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-file.ts';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vracklab-atomic-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a new file readable only by its owner', async () => {
    const path = join(dir, 'state.json');
    await writeFileAtomic(path, '{"a":1}');
    expect(await readFile(path, 'utf8')).toBe('{"a":1}');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('replaces an existing file whole', async () => {
    const path = join(dir, 'state.json');
    await writeFile(path, 'a much longer old content that must not leave a tail behind');
    await writeFileAtomic(path, 'new');
    expect(await readFile(path, 'utf8')).toBe('new');
  });

  it('leaves no temp file behind, also after overlapping writes', async () => {
    const path = join(dir, 'state.json');
    await Promise.all(['one', 'two', 'three'].map((t) => writeFileAtomic(path, t)));
    expect(await readdir(dir)).toEqual(['state.json']);
    expect(['one', 'two', 'three']).toContain(await readFile(path, 'utf8'));
  });

  it('creates the missing directories', async () => {
    const path = join(dir, 'a', 'b', 'state.json');
    await writeFileAtomic(path, 'x');
    expect(await readFile(path, 'utf8')).toBe('x');
  });

  it('fails when the target cannot be replaced, and removes its temp file', async () => {
    // A directory in the way makes the rename fail after the temp file was written.
    const path = join(dir, 'taken');
    await writeFile(join(dir, 'keep'), '');
    await mkdir(join(path, 'child'), { recursive: true });
    await expect(writeFileAtomic(path, 'x')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['keep', 'taken']);
  });

  it('never writes through a symlink planted at a temp name, and does not turn the target into that symlink', async () => {
    const path = join(dir, 'state.json');
    const victim = join(dir, 'victim');
    await writeFile(victim, 'precious');
    // Plant the names the old scheme predicted (pid + small sequence numbers).
    for (let seq = 0; seq < 50; seq++) await symlink(victim, join(dir, `.state.json.${process.pid}.${seq}.tmp`));
    await writeFileAtomic(path, 'new state');
    expect(await readFile(victim, 'utf8')).toBe('precious');
    expect((await lstat(path)).isSymbolicLink()).toBe(false);
    expect(await readFile(path, 'utf8')).toBe('new state');
  });

  it('removes its temp file when the write itself fails', async () => {
    // The seam stands in for a failing write or fsync (disk full, I/O error), which root cannot provoke portably.
    const path = join(dir, 'state.json');
    const handleFailure = writeFileAtomic(path, 'x', { beforeSync: () => Promise.reject(new Error('disk full')) });
    await expect(handleFailure).rejects.toThrow('disk full');
    expect(await readdir(dir)).toEqual([]);
  });
});
