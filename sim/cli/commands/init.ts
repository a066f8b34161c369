// `vracklab init [DIR]`: scaffolds a project of the user's own (sim/cli/scaffold/scaffold.ts).
import type { Command } from 'commander';
import { scaffoldProject } from '../user-project/scaffold.ts';

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('scaffold a project of your own: package.json, a Cucumber config, a sample lab and feature, README, CI workflows')
    .argument('[dir]', 'the project directory (created if missing)', '.')
    .option('--force', 'scaffold into a non-empty directory: add the missing files, keep every existing one')
    .option('--vracklab-spec <spec>', 'the vracklab dependency written into package.json (default: ^ this version; e.g. file:../vracklab-0.2.0.tgz)')
    .action((dir: string, opts: { force?: boolean; vracklabSpec?: string }) => {
      const r = scaffoldProject(dir, { force: Boolean(opts.force), ...(opts.vracklabSpec ? { vracklabSpec: opts.vracklabSpec } : {}) });
      for (const f of r.written) process.stdout.write(`created ${f}\n`);
      for (const f of r.kept) process.stdout.write(`kept    ${f} (yours: not overwritten)\n`);
      process.stdout.write(`\nnext: cd ${dir} && npm install && npx vracklab doctor && npx vracklab images build && npx vracklab test\n`);
    });
}
