#!/usr/bin/env node
// The CLI entry. Node 24 runs the TypeScript sources directly (type stripping), so there is no build step.
import { enableCompileCache } from 'node:module';
import { lstatSync, mkdirSync } from 'node:fs';
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

const { main } = await import('../sim/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
