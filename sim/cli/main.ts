/**
 * `vracklab` — one thin front over the same library the Gherkin steps use. Each command group lives
 * in its own file under commands/ and registers itself on the program.
 */
import { Command, CommanderError } from 'commander';
import { isHarnessError, describeError } from '../cli-api.ts';
import { registerApiServeCommand } from './commands/api-serve.ts';
import { registerApiClientCommands } from './commands/api-client.ts';
import { registerLabCommands } from './commands/lab.ts';
import { registerImagesCommands } from './commands/images.ts';
import { registerDoctorCommand } from './commands/doctor.ts';
import { registerGraphCommand } from './commands/graph.ts';
import { registerExportCommand } from './commands/export.ts';
import { registerStepsCommand } from './commands/steps.ts';
import { registerInitCommand } from './commands/init.ts';
import { registerTestCommand } from './commands/test.ts';

export function buildProgram(): Command {
  const program = new Command('vracklab')
    .description('Network test lab for OVHcloud vRack Services')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const api = program.command('api').description('the vRack Services API: serve the simulator, or call an API');
  registerApiServeCommand(api);
  registerApiClientCommands(api);
  registerLabCommands(program);
  registerImagesCommands(program);
  registerDoctorCommand(program);
  registerGraphCommand(program);
  registerExportCommand(program);
  registerStepsCommand(program);
  registerInitCommand(program);
  registerTestCommand(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (isHarnessError(err)) {
      process.stderr.write(`vracklab: ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`vracklab: ${describeError(err)}\n${err instanceof Error && err.stack ? err.stack + '\n' : ''}`);
    return 1;
  }
}
