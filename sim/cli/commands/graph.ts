/**
 * `vracklab graph FILE [--format mermaid|dot]`: prints a lab's topology as a Mermaid flowchart
 * (renders in GitHub/GitLab Markdown) or Graphviz DOT. Loading is the same as for `lab up`, so an
 * invalid file prints the same file:line:column errors.
 */
import type { Command } from 'commander';
import { invalidInput, loadLab, renderDot, renderMermaid, type ResolvedLab } from '../../cli-api.ts';

const RENDERERS: Record<string, (lab: ResolvedLab) => string> = { mermaid: renderMermaid, dot: renderDot };

export function renderGraph(lab: ResolvedLab, format: string): string {
  const render = RENDERERS[format];
  if (!render) throw invalidInput('graph format', format, 'unknown output format', Object.keys(RENDERERS));
  return render(lab);
}

export function registerGraphCommand(program: Command): void {
  program
    .command('graph')
    .description('print a lab file as a diagram (Mermaid flowchart or Graphviz DOT)')
    .argument('<file>', 'a lab file, e.g. topologies/mks-private-networks.lab.yml')
    .option('-f, --format <format>', `output format: ${Object.keys(RENDERERS).join(' | ')}`, 'mermaid')
    .action(async (file: string, options: { format: string }) => {
      // Check the format before reading the file so a typo fails fast.
      if (!RENDERERS[options.format]) throw invalidInput('graph format', options.format, 'unknown output format', Object.keys(RENDERERS));
      const lab = await loadLab(file);
      process.stdout.write(renderGraph(lab, options.format));
    });
}
