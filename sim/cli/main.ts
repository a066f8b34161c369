/**
 * `vracklab` — one thin front over the same library the Gherkin steps use. Each command group lives
 * in its own file under commands/ and registers itself on the program. Only the group a call names
 * is loaded (a CLI call pays Node's start plus the modules it uses: `vracklab status` does not load
 * the simulator, the fabric or the web page); help and unknown commands load every group.
 */
import { Command, CommanderError } from 'commander';
import { isHarnessError, describeError } from '../core/errors.ts';

type Register = (program: Command) => void;

/** Each top-level command → how to load the group that registers it. */
const GROUPS: Record<string, () => Promise<Register>> = {
  api: async () => {
    const [{ registerApiServeCommand }, { registerApiClientCommands }] = await Promise.all([import('./commands/api-serve.ts'), import('./commands/api-client.ts')]);
    return (program) => {
      const api = program.command('api').description('the vRack Services API: serve the simulator, or call an API');
      registerApiServeCommand(api);
      registerApiClientCommands(api);
    };
  },
  lab: async () => (await import('./commands/lab.ts')).registerLabCommands,
  images: async () => (await import('./commands/images.ts')).registerImagesCommands,
  doctor: async () => (await import('./commands/doctor.ts')).registerDoctorCommand,
  graph: async () => (await import('./commands/graph.ts')).registerGraphCommand,
  export: async () => (await import('./commands/export.ts')).registerExportCommand,
  steps: async () => (await import('./commands/steps.ts')).registerStepsCommand,
  init: async () => (await import('./commands/init.ts')).registerInitCommand,
  test: async () => (await import('./commands/test.ts')).registerTestCommand,
};
/** The commands registerLabCommands adds. */
const LAB_COMMANDS = ['up', 'down', 'status', 'exec', 'routes', 'gc'];

function groupOf(command: string | undefined): string | undefined {
  if (command === undefined) return undefined;
  if (LAB_COMMANDS.includes(command)) return 'lab';
  return Object.hasOwn(GROUPS, command) ? command : undefined;
}

/** The program with the groups `argv` needs: the named command's, or all of them (help, an unknown or no command). */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('vracklab')
    .description('Network test lab for OVHcloud vRack Services')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const group = groupOf(argv[0]);
  const wantsHelp = argv.includes('--help') || argv.includes('-h') || argv[0] === 'help';
  // Help lists the registered drivers in `up --driver`: load them first.
  if (group === undefined || wantsHelp) await import('../fabric/drivers.ts');
  const names = group === undefined ? Object.keys(GROUPS) : [group];
  const registers = await Promise.all(names.map((n) => GROUPS[n]!()));
  for (const register of registers) register(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await (await buildProgram(argv)).parseAsync([...argv], { from: 'user' });
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
