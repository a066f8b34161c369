/**
 * Writes a file so that a reader (or a crash, even `kill -9` or a power cut) sees either the old
 * content or the new one, never a half-written file: temp file in the same directory, fsync,
 * rename, fsync of the directory.
 */
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

let sequence = 0;

export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  // The pid keeps two processes, and the sequence two overlapping calls in one process, off each other's temp file.
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${++sequence}.tmp`);
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
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
