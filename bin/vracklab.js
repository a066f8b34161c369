#!/usr/bin/env node
// The CLI entry. It runs the compiled CLI (dist/), which starts about twice as fast as the
// TypeScript sources. An installed package has only dist/. In a checkout, dist/ is used while it
// is up to date (scripts/build.ts keeps a stamp, checked in milliseconds); after an edit the
// sources run directly (Node strips the types) rather than building on demand: a build takes
// 10-20 s, and a command must neither wait for it nor write dist/ behind a concurrent test run.
// VRACKLAB_FROM_SOURCES=1 forces the sources in a checkout.
import { existsSync } from 'node:fs';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `vracklab: Node ${process.versions.node} is too old: Node 24 or later is required ` +
      `(run scripts/setup.sh node, then put .tools/node/bin first on PATH, or use 'make')\n`,
  );
  process.exit(1);
}

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
