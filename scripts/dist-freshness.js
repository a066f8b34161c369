// Whether dist/ matches the sources: no input of the build is newer than the stamp scripts/build.ts
// writes when a build starts. Plain JavaScript on purpose: bin/vracklab.js asks this on every call
// from a checkout, and importing a first .ts file would load Node's type stripper (~0.2 s).
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** Directories whose files (and the directories themselves: a deleted file changes them) feed dist/. */
export const INPUT_DIRS = ['sim', 'steps'];
/** Single files that feed dist/. */
export const INPUT_FILES = ['topologies/lab.schema.json', 'topologies/exercise.schema.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.ts', 'scripts/dist-freshness.js', 'package.json'];
/** The stamp, relative to the root. */
export const STAMP = 'dist/.build-stamp';

/** @param {string} path @returns {number} the newest mtime under path (tests excluded: they are not built), 0 when absent */
function newestMtime(path) {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return path.endsWith('.test.ts') ? 0 : st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** @param {string} [root] the checkout @returns {boolean} true when dist/ was built after the last change to any of its inputs */
export function distIsFresh(root = ROOT) {
  const stamp = statSync(join(root, STAMP), { throwIfNoEntry: false });
  if (!stamp) return false;
  const inputs = [...INPUT_DIRS, ...INPUT_FILES].map((p) => newestMtime(join(root, p)));
  return Math.max(...inputs) <= stamp.mtimeMs;
}
