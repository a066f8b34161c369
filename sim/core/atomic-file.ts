/**
 * Writes a file so that a reader (or a crash, even `kill -9` or a power cut) sees either the old
 * content or the new one, never a half-written file: temp file in the same directory, fsync,
 * rename, fsync of the directory.
 *
 * The temp file is created with O_CREAT|O_EXCL|O_NOFOLLOW under a random name: in a directory
 * another user can write to, a symlink planted at a predicted name must not redirect our write
 * (O_EXCL refuses an existing name, symlink or not). Any failure after the temp file exists
 * removes it.
 */
import { constants } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

export interface AtomicWriteOptions {
  /** Test seam: runs after the content is written, before fsync (to simulate a failing disk). */
  beforeSync?: () => Promise<void>;
}

const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

export async function writeFileAtomic(path: string, content: string, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  // Unpredictable, so nobody can plant it in advance; O_EXCL still refuses it if they guess.
  const tmp = join(dir, `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
  const handle = await open(tmp, CREATE_FLAGS, 0o600);
  try {
    try {
      await handle.writeFile(content, 'utf8');
      await options.beforeSync?.();
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await syncDirectory(dir);
}

/** The rename itself is durable only once the directory entry is on disk. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic there.
  } finally {
    await handle.close();
  }
}
