/**
 * Persistence of the simulator state (`--state FILE`). Every write is atomic (temp file, fsync,
 * rename, fsync of the directory) so a `kill -9` leaves either the old or the new document, never
 * half of one. Writes are coalesced: callers await `flush()` and share the next write. A file that
 * exists but cannot be read as a state document is refused, never silently replaced.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../core/atomic-file.ts';
import { HarnessError } from '../core/errors.ts';
import type { SimState } from './model.ts';

export interface StateStore {
  readonly path: string | undefined;
  /** Writes the current state (taken from the getter at write time); resolves when it is on disk. */
  flush(): Promise<void>;
}

export async function loadState(path: string): Promise<SimState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new HarnessError('STATE_UNREADABLE', `cannot read simulator state: ${(err as Error).message} (file ${path})`, { cause: err, details: { path } });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new HarnessError('STATE_CORRUPT', `cannot load simulator state: the file is not valid JSON, refusing to overwrite it (file ${path}; move it away or fix it)`, {
      cause: err,
      details: { path },
    });
  }
  const d = doc as Partial<SimState> | null;
  const arrays = ['vracks', 'vrackServices', 'tasks', 'vrackTasks', 'storage'] as const;
  if (!d || typeof d !== 'object' || d.version !== 1 || arrays.some((k) => !Array.isArray(d[k])) || typeof d.nextVrackTaskId !== 'number') {
    throw new HarnessError('STATE_CORRUPT', `cannot load simulator state: not a vracklab state document (version 1 with ${arrays.join(', ')}), refusing to overwrite it (file ${path})`, {
      details: { path },
    });
  }
  return d as SimState;
}

export function createStateStore(path: string | undefined, getState: () => SimState): StateStore {
  let writing: Promise<void> | undefined;
  let pending: Promise<void> | undefined;
  const writeOnce = async () => {
    if (!path) return;
    await writeFileAtomic(path, JSON.stringify(getState()));
  };
  return {
    path,
    flush() {
      if (!path) return Promise.resolve();
      if (!writing) {
        writing = writeOnce().finally(() => {
          writing = undefined;
        });
        return writing;
      }
      // A write is under way with older data: queue exactly one more that all later callers share.
      if (!pending) {
        pending = writing
          .catch(() => {})
          .then(() => {
            pending = undefined;
            writing = writeOnce().finally(() => {
              writing = undefined;
            });
            return writing;
          });
      }
      return pending;
    },
  };
}
