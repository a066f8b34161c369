/**
 * `vracklab export FILE --format containerlab [-o OUT] [--run-id ID]`: writes a lab as a containerlab
 * topology a user deploys alone (`containerlab deploy -t OUT`): nothing to create first, nothing
 * left on the machine's network stack (sim/fabric/containerlab/render.ts). Loading is the same as
 * for `lab up`, so an invalid file prints the same file:line:column errors.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { invalidInput } from '../../core/errors.ts';
import { assertRunId } from '../../core/run-id.ts';
import { renderContainerlab } from '../../fabric/containerlab/render.ts';
import { loadLab } from '../../topology/load.ts';
import type { ResolvedLab } from '../../topology/model.ts';

const EXPORTERS: Record<string, (lab: ResolvedLab, runId?: string) => string> = {
  containerlab: (lab, runId) => renderContainerlab(lab, runId ? { runId } : {}),
};

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write a lab file in another tool\'s format (containerlab: a .clab.yml to deploy with `containerlab deploy -t`)')
    .argument('<file>', 'a lab file, e.g. topologies/vrack-services.lab.yml')
    .requiredOption('-f, --format <format>', `output format: ${Object.keys(EXPORTERS).join(' | ')}`)
    .option('-o, --output <file>', 'write here instead of standard output')
    .option('--run-id <id>', 'label the nodes with this run id (6 lowercase letters or digits) and put it in the lab name; `vracklab gc` then reaps the lab once no vracklab process holds the run')
    .action(async (file: string, options: { format: string; output?: string; runId?: string }) => {
      // Check the options before reading the file so a typo fails fast.
      const exporter = EXPORTERS[options.format];
      if (!exporter) throw invalidInput('export format', options.format, 'unknown output format', Object.keys(EXPORTERS));
      if (options.runId !== undefined) assertRunId(options.runId);
      const text = exporter(await loadLab(file), options.runId);
      if (options.output === undefined) {
        process.stdout.write(text);
        return;
      }
      await writeFile(options.output, text);
      process.stderr.write(`wrote ${options.output}: deploy it with \`containerlab deploy -t ${options.output}\`, remove it with \`containerlab destroy -t ${options.output} --cleanup\`\n`);
    });
}
