/**
 * The temp name is random, but if someone guesses it (here: the randomness is pinned) and plants a
 * symlink there, O_EXCL|O_NOFOLLOW must refuse to open it instead of writing through it.
 */
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Crypto from 'node:crypto';

vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof Crypto>();
  return { ...real, randomBytes: (n: number) => Buffer.alloc(n, 0xab) };
});
const { writeFileAtomic } = await import('./atomic-file.ts');

describe('writeFileAtomic with a guessed temp name', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vracklab-atomic-guess-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuses to open a planted symlink and leaves its target alone', async () => {
    const victim = join(dir, 'victim');
    await writeFile(victim, 'precious');
    await symlink(victim, join(dir, `.state.json.${'ab'.repeat(8)}.tmp`));
    await expect(writeFileAtomic(join(dir, 'state.json'), 'new state')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(victim, 'utf8')).toBe('precious');
  });
});
