/**
 * Cucumber plugin (cucumber.js `plugin:`): after a run with undefined steps, names for each the
 * closest existing step and its example, next to Cucumber's own snippet —
 *
 *     Undefined step: Given a deliverd vRack Services "vrs" in region "LIM" (features/x.feature:4)
 *       did you mean: Given a delivered vRack Services {string} in region {string}
 *              e.g.: Given a delivered vRack Services "vrs-lim" in region "LIM"
 *
 * It reads the run's messages (pickles, and test cases whose steps no definition matched), and
 * catalogues the run's own support code (the `paths:resolve` import paths) in a child process.
 * Undefined steps already fail a strict run; this only says what was probably meant.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Plugin } from '@cucumber/cucumber/api';
import type { Envelope, GherkinDocument } from '@cucumber/messages';
import { closestStep } from './closest-step.ts';
import type { StepCatalogue } from './step-catalogue.ts';

interface UndefinedStep {
  text: string;
  keyword: string;
  where: string;
}

const KEYWORD_OF_TYPE: Record<string, string> = { Context: 'Given', Action: 'When', Outcome: 'Then' };

/** Line of every step (by AST node id) of a feature file. */
function stepLines(doc: GherkinDocument): Map<string, number> {
  const lines = new Map<string, number>();
  const visit = (children: readonly { background?: { steps: readonly { id: string; location: { line: number } }[] }; scenario?: { steps: readonly { id: string; location: { line: number } }[] }; rule?: { children: readonly unknown[] } }[]) => {
    for (const c of children) {
      for (const s of [...(c.background?.steps ?? []), ...(c.scenario?.steps ?? [])]) lines.set(s.id, s.location.line);
      if (c.rule) visit(c.rule.children as typeof children);
    }
  };
  visit(doc.feature?.children ?? []);
  return lines;
}

/** Collects the undefined steps of a run from its messages, once per text. */
export function undefinedStepCollector(): { onMessage(envelope: Readonly<Envelope>): void; steps(): UndefinedStep[] } {
  const lines = new Map<string, number>();
  const pickleSteps = new Map<string, { text: string; keyword: string; uri: string; astNodeId: string }>();
  const found = new Map<string, UndefinedStep>();
  return {
    onMessage(envelope) {
      if (envelope.gherkinDocument) for (const [id, line] of stepLines(envelope.gherkinDocument)) lines.set(id, line);
      if (envelope.pickle) {
        for (const s of envelope.pickle.steps) pickleSteps.set(s.id, { text: s.text, keyword: KEYWORD_OF_TYPE[s.type ?? ''] ?? 'Given', uri: envelope.pickle.uri, astNodeId: s.astNodeIds[0] ?? '' });
      }
      for (const testStep of envelope.testCase?.testSteps ?? []) {
        const step = testStep.pickleStepId ? pickleSteps.get(testStep.pickleStepId) : undefined;
        if (!step || (testStep.stepDefinitionIds?.length ?? 0) > 0 || found.has(step.text)) continue;
        found.set(step.text, { text: step.text, keyword: step.keyword, where: `${step.uri}:${lines.get(step.astNodeId) ?? '?'}` });
      }
    },
    steps: () => [...found.values()],
  };
}

/** The lines the plugin prints for the undefined steps of a run, given the catalogue of its steps. */
export function suggestionLines(steps: readonly UndefinedStep[], catalogue: StepCatalogue): string[] {
  const out: string[] = [];
  for (const s of steps) {
    const closest = closestStep(s.text, catalogue.steps);
    out.push(`Undefined step: ${s.keyword} ${s.text} (${s.where})`);
    if (closest) out.push(`  did you mean: ${closest.keyword} ${closest.pattern}`, `         e.g.: ${closest.example}`);
    else out.push('  no existing step comes close: the steps and their examples are in docs/steps.md (vracklab steps)');
  }
  return out;
}

const CATALOGUE_SCRIPT = fileURLToPath(new URL(`./catalogue-json${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url));

const plugin: Plugin = {
  type: 'plugin',
  coordinator({ operation, on, environment }) {
    if (operation !== 'runCucumber') return undefined;
    let importPaths: string[] = [];
    const collector = undefinedStepCollector();
    on('paths:resolve', (paths) => void (importPaths = [...paths.importPaths]));
    on('message', (envelope) => collector.onMessage(envelope));
    return async () => {
      const steps = collector.steps();
      if (steps.length === 0) return;
      try {
        const { stdout } = await promisify(execFile)(process.execPath, [CATALOGUE_SCRIPT, environment.cwd, ...importPaths], { cwd: environment.cwd, maxBuffer: 16 * 1024 * 1024 });
        environment.stderr.write(`\n${suggestionLines(steps, JSON.parse(stdout) as StepCatalogue).join('\n')}\n`);
      } catch (err) {
        // A suggestion is a courtesy: the run has already failed on the undefined step itself.
        environment.stderr.write(`\n(no "did you mean" for ${steps.length} undefined step(s): the step catalogue could not be loaded: ${(err as Error).message})\n`);
      }
    };
  },
};

export default plugin;
