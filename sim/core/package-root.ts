/**
 * The directory of vracklab's own package.json: the checkout when the code runs from sources
 * (sim/…) or from a build in it (dist/sim/…), node_modules/vracklab once installed. Files that
 * sit beside the package rather than beside a module (the CLI entry, .tools/ in a checkout) are
 * found from here, so the same code works at every depth.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function isVracklabRoot(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'vracklab';
  } catch {
    return false;
  }
}

/** Walks up from `from` (a module URL) to the nearest directory whose package.json names vracklab. */
export function packageRootOf(from: string): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    if (isVracklabRoot(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no vracklab package.json above ${fileURLToPath(from)}`);
    dir = parent;
  }
}

let cached: string | undefined;

/** vracklab's package root (see the file comment). */
export function packageRoot(): string {
  cached ??= packageRootOf(import.meta.url);
  return cached;
}
