/**
 * A throw-away copy of the checkout for one fault: the tracked files as they are in the working
 * tree (so a fault is planted into what you are looking at), node_modules and .tools symlinked
 * (read-only use; nothing planted there). Removing it never follows the symlinks.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { HarnessError } from '../../sim/core/errors.ts';
import { applyFault } from './fault.ts';
import type { Fault } from './fault.ts';

const SHARED_DIRS = ['node_modules', '.tools'];

export interface Workspace {
  dir: string;
  remove(): void;
}

export function trackedFiles(repo: string): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out.split('\0').filter((f) => f.length > 0);
}

export function createWorkspace(repo: string, label: string): Workspace {
  const dir = mkdtempSync(join(tmpdir(), `vracklab-mutant-${label}-`));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    for (const file of trackedFiles(repo)) {
      const from = join(repo, file);
      if (!existsSync(from)) continue; // deleted in the working tree, not yet committed
      const to = join(dir, file);
      mkdirSync(dirname(to), { recursive: true });
      cpSync(from, to, { verbatimSymlinks: true });
    }
    for (const shared of SHARED_DIRS) {
      const from = join(repo, shared);
      if (existsSync(from)) symlinkSync(realpathSync(from), join(dir, shared));
    }
  } catch (err) {
    remove();
    throw err;
  }
  return { dir, remove };
}

/** Plants `fault` in the copy; throws (FAULT_NOT_FOUND / FAULT_AMBIGUOUS / NO_SUCH_FILE) rather than change nothing. */
export function plantFault(dir: string, fault: Fault): void {
  const path = join(dir, fault.file);
  if (!existsSync(path)) throw new HarnessError('NO_SUCH_FILE', `fault ${fault.id} cannot be planted: ${fault.file} does not exist (the file moved? update scripts/mutants/catalogue.ts)`, { details: { id: fault.id, file: fault.file } });
  const before = readFileSync(path, 'utf8');
  const after = applyFault(before, fault);
  writeFileSync(path, after);
  // Read back: the copy must really carry the fault before anything is run against it.
  if (readFileSync(path, 'utf8') !== after) throw new HarnessError('FAULT_NOT_WRITTEN', `fault ${fault.id}: ${fault.file} in ${dir} does not hold the planted text after writing`);
}
