#!/usr/bin/env node
// The CLI entry. It runs the compiled CLI (dist/), which starts about twice as fast as the
// TypeScript sources. An installed package has only dist/. In a checkout, dist/ is used while it
// is up to date (scripts/build.ts keeps a stamp, checked in milliseconds); after an edit the
// sources run directly (Node strips the types) rather than building on demand: a build takes
// 10-20 s, and a command must neither wait for it nor write dist/ behind a concurrent test run.
// VRACKLAB_FROM_SOURCES=1 forces the sources in a checkout.
import { enableCompileCache } from 'node:module';
import { existsSync, lstatSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `vracklab: Node ${process.versions.node} is too old: Node 24 or later is required ` +
      `(run scripts/setup.sh node, then put .tools/node/bin first on PATH, or use 'make')\n`,
  );
  process.exit(1);
}

/**
 * Node's compile cache keeps the stripped TypeScript and V8's code between runs: a CLI call then
 * skips the type-stripping start-up (measured: `vracklab status` 0.45 s → 0.2 s). vracklab runs as
 * root and the cache holds code it will run, so it lives only in a directory that is ours and that
 * nobody else may write (never the shared /tmp); otherwise the CLI runs without it.
 */
function compileCacheDir() {
  const dir = process.env.VRACKLAB_COMPILE_CACHE ?? (process.getuid?.() === 0 ? '/var/cache/vracklab/node-compile-cache' : join(homedir(), '.cache', 'vracklab', 'node-compile-cache'));
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    const ours = st.isDirectory() && st.uid === process.getuid?.() && (st.mode & 0o022) === 0;
    return ours ? dir : undefined;
  } catch {
    return undefined;
  }
}
const cacheDir = compileCacheDir();
if (cacheDir) enableCompileCache(cacheDir);

async function entry() {
  const sources = new URL('../sim/cli/main.ts', import.meta.url);
  const compiled = '../dist/sim/cli/main.js';
  if (!existsSync(sources)) return import(compiled);
  if (process.env.VRACKLAB_FROM_SOURCES === '1') return import(sources.href);
  const { distIsFresh } = await import('../scripts/dist-freshness.js');
  return distIsFresh() ? import(compiled) : import(sources.href);
}

const { main } = await entry();
process.exitCode = await main(process.argv.slice(2));
