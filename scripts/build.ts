/**
 * The package build: `tsc -p tsconfig.build.json` (incremental) compiles sim/ and steps/ to dist/,
 * then the files the compiled code reads next to itself are copied in (the web page's client), and
 * the declarations' relative `.ts` specifiers become `.js` (tsc rewrites them in the JavaScript
 * only). A stamp records when dist/ last matched the sources: when no input is newer, the build is
 * skipped in milliseconds, which is what lets bin/vracklab.js, cucumber.js and `make` call it on
 * every run.
 *
 * Run: node scripts/build.ts [--clean]   (--clean: remove dist/ first; `npm pack` does)
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { STAMP as STAMP_PATH, distIsFresh } from './dist-freshness.js';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const STAMP = join(ROOT, STAMP_PATH);

/** Copied as they are: read at run time relative to the compiled module that serves them. */
const COPIED_DIRS = ['sim/web/client'];

export { distIsFresh };

/** Rewrites relative `.ts` specifiers of a declaration file to `.js`, as tsc does in the JavaScript. */
export function rewriteDeclarationSpecifiers(text: string): string {
  return text.replace(/((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+)\.ts(['"])/g, '$1$2.js$3');
}

function rewriteDeclarations(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) rewriteDeclarations(path);
    else if (entry.name.endsWith('.d.ts')) {
      const text = readFileSync(path, 'utf8');
      const rewritten = rewriteDeclarationSpecifiers(text);
      if (rewritten !== text) writeFileSync(path, rewritten);
    }
  }
}

/** Builds dist/ unless it is fresh; returns whether a build ran. */
export function ensureBuilt(opts: { clean?: boolean; quiet?: boolean } = {}): boolean {
  if (opts.clean) rmSync(DIST, { recursive: true, force: true });
  else if (distIsFresh()) return false;
  const started = Date.now();
  // The stamp's time is the build's start: a source edited while tsc runs makes the next call rebuild.
  const startedAt = new Date(started);
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  for (const dir of COPIED_DIRS) {
    cpSync(join(ROOT, dir), join(DIST, dir), { recursive: true, filter: (src) => !src.endsWith('.test.ts') });
  }
  rewriteDeclarations(DIST);
  writeFileSync(STAMP, 'dist/ matches the sources as of this file\'s mtime (scripts/build.ts)\n');
  utimesSync(STAMP, startedAt, startedAt);
  if (!opts.quiet) process.stderr.write(`build: dist/ rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return true;
}

if (import.meta.main) {
  const clean = process.argv.includes('--clean');
  if (!existsSync(join(ROOT, 'node_modules/typescript'))) {
    process.stderr.write('build: typescript is not installed (run `make setup-node`)\n');
    process.exit(1);
  }
  ensureBuilt({ clean });
}
