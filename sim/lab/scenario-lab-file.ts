/**
 * The lab file a scenario names (`Given the lab "…" is up`): a reference lab by its short name
 * (`vrack-services`), or the user's own lab file by its path (`labs/shop.lab.yml`). A path is
 * checked before anything reads it: a `.lab.yml` file inside the project the run started in
 * (the working directory), written with plain path characters and no `..`, and, when it exists,
 * not a symbolic link out of the project either.
 */
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { invalidInput } from '../core/errors.ts';
import { referenceLabFile } from './reference-lab.ts';

const PATH_RULE = 'a reference lab name, or the path of a .lab.yml file inside the project (letters, digits, . _ - and /, no ..)';
const PATH_CHARS = /^[A-Za-z0-9._/-]+$/;

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/** The file to load for `nameOrPath`, relative to `cwd` for a path; throws INVALID_INPUT naming the rule. */
export function scenarioLabFile(nameOrPath: string, cwd: string = process.cwd()): string {
  if (!nameOrPath.includes('/') && !nameOrPath.endsWith('.lab.yml')) return referenceLabFile(nameOrPath);
  const refuse = (why: string) => invalidInput('lab file', nameOrPath, `${why}; expected ${PATH_RULE}`);
  if (!PATH_CHARS.test(nameOrPath)) throw refuse('unexpected characters');
  if (!nameOrPath.endsWith('.lab.yml')) throw refuse('not a .lab.yml file');
  if (nameOrPath.split('/').includes('..')) throw refuse('a ".." segment');
  const root = resolve(cwd);
  const file = resolve(root, nameOrPath);
  if (!inside(root, file)) throw refuse(`outside the project ${root}`);
  if (existsSync(file) && !inside(realpathSync(root), realpathSync(file))) throw refuse(`a link to a file outside the project ${root}`);
  return relative(root, file);
}
