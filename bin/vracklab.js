#!/usr/bin/env node
// The CLI entry. Node 24 runs the TypeScript sources directly (type stripping), so there is no build step.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `vracklab: Node ${process.versions.node} is too old: Node 24 or later is required ` +
      `(run scripts/setup.sh node, then put .tools/node/bin first on PATH, or use 'make')\n`,
  );
  process.exit(1);
}
const { main } = await import('../sim/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
