// `vracklab test [cucumber args…]`: checks the machine as `vracklab doctor` does, then runs the
// user's features with cucumber-js and vracklab's preset (the project's cucumber config when it has
// one, the preset alone otherwise). Every argument goes to cucumber-js unchanged (--shard 1/3, paths, --name…).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { HarnessError, doctorReport } from '../../cli-api.ts';
import { machineProblems } from '../user-project/machine-check.ts';

/** The file names cucumber-js looks for in the working directory. */
const CUCUMBER_CONFIG_FILES = ['cucumber.js', 'cucumber.cjs', 'cucumber.mjs', 'cucumber.json', 'cucumber.yaml', 'cucumber.yml'];

/** The preset module beside this one: steps/ sits three levels up in the sources and in dist/ alike. */
function presetFile(): string {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return fileURLToPath(new URL(`../../../steps/cucumber-preset${ext}`, import.meta.url));
}

/** cucumber-js's arguments: the user's, plus `--config <preset>` when no config of theirs is there. */
export function cucumberArgs(userArgs: readonly string[], cwd: string): string[] {
  const ownConfig = userArgs.some((a) => a === '-c' || a === '--config' || a.startsWith('--config=')) || CUCUMBER_CONFIG_FILES.some((f) => existsSync(join(cwd, f)));
  return ownConfig ? [...userArgs] : ['--config', presetFile(), ...userArgs];
}

function cucumberBin(): string {
  const manifest = createRequire(import.meta.url).resolve('@cucumber/cucumber/package.json');
  return join(dirname(manifest), 'bin/cucumber.js');
}

async function checkMachine(): Promise<void> {
  const driver = process.env.VRACKLAB_DRIVER ?? 'docker';
  const problems = machineProblems(await doctorReport(), driver);
  if (problems.length > 0) {
    throw new HarnessError('MACHINE_NOT_READY', `this machine cannot run the labs yet:\n${problems.map((p) => `  - ${p}`).join('\n')}`, { details: { driver, problems } });
  }
}

export function registerTestCommand(program: Command): void {
  program
    .command('test')
    .description('check the machine (as `vracklab doctor`), then run your features with cucumber-js and the vracklab preset; VRACKLAB_SKIP_MACHINE_CHECK=1 skips the check')
    .argument('[cucumber-args...]', 'passed to cucumber-js as they are, e.g. --shard 1/3, features/x.feature, --name "…"')
    .allowUnknownOption()
    .helpOption(false)
    .action(async (args: string[]) => {
      if (process.env.VRACKLAB_SKIP_MACHINE_CHECK !== '1') await checkMachine();
      const child = spawn(process.execPath, [cucumberBin(), ...cucumberArgs(args, process.cwd())], { stdio: 'inherit' });
      const code = await new Promise<number>((done) => {
        child.on('exit', (c, signal) => done(c ?? (signal ? 128 : 1)));
        child.on('error', () => done(1));
      });
      process.exitCode = code;
    });
}
