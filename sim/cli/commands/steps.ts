/**
 * `vracklab steps [--markdown | --json]`: every step of the library with an example, grouped by
 * area, read from the step definitions as Cucumber loads them. `--markdown` is exactly
 * docs/steps.md. A step without an example (or with an ambiguous one) fails the command, so the
 * documentation cannot silently miss a step.
 */
import type { Command } from 'commander';
import { HarnessError } from '../../cli-api.ts';

export function registerStepsCommand(program: Command): void {
  program
    .command('steps')
    .description('print every Gherkin step of the library with an example, grouped by area')
    .option('--markdown', 'print the Markdown of docs/steps.md')
    .option('--json', 'print the catalogue as JSON (problems included, exit code 1 when there are some)')
    .action(async (options: { markdown?: boolean; json?: boolean }) => {
      // Loaded on demand: the Cucumber API and the step library are not needed by other commands.
      const { loadStepCatalogue } = await import('../../cucumber/step-catalogue.ts');
      const { renderStepsMarkdown, renderStepsText } = await import('../../cucumber/step-docs.ts');
      const catalogue = await loadStepCatalogue();
      if (options.json) {
        process.stdout.write(JSON.stringify(catalogue, null, 2) + '\n');
        if (catalogue.problems.length > 0) process.exitCode = 1;
        return;
      }
      if (catalogue.problems.length > 0) {
        throw new HarnessError('STEP_LIBRARY_INCOMPLETE', `the step library's documentation is incomplete:\n  ${catalogue.problems.join('\n  ')}`);
      }
      process.stdout.write(options.markdown ? renderStepsMarkdown(catalogue) : renderStepsText(catalogue));
    });
}
