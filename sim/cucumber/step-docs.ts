/**
 * The step catalogue as people read it: plain text for the terminal (`vracklab steps`) and the
 * Markdown of docs/steps.md (`vracklab steps --markdown`). Nothing here depends on where or when it
 * runs, so the unit test can compare docs/steps.md with a fresh rendering and fail on drift.
 */
import { STEP_AREAS, type StepArea } from './step-areas.ts';
import type { CatalogueStep, StepCatalogue } from './step-catalogue.ts';

/** The command that regenerates docs/steps.md (quoted by the drift test's message). */
export const REGENERATE_STEPS_DOC = 'node bin/vracklab.js steps --markdown > docs/steps.md';

function byArea(catalogue: StepCatalogue): [StepArea, CatalogueStep[]][] {
  const groups = new Map<StepArea, CatalogueStep[]>();
  for (const s of catalogue.steps) groups.set(s.area, [...(groups.get(s.area) ?? []), s]);
  return [...groups];
}

export function renderStepsText(catalogue: StepCatalogue): string {
  const out: string[] = [];
  for (const [area, steps] of byArea(catalogue)) {
    out.push(`${STEP_AREAS[area].title} — ${STEP_AREAS[area].about}`);
    for (const s of steps) out.push(`  ${s.keyword} ${s.pattern}`, `      e.g. ${s.example}`);
    out.push('');
  }
  out.push(`${catalogue.steps.length} steps. Parameter types: ${catalogue.parameterTypes.map((p) => `{${p.name}}`).join(' ')}, and Cucumber's {string} {int} {word}.`);
  return out.join('\n') + '\n';
}

/** A Markdown code span that holds any text (a backtick inside gets a longer fence). */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${text}${fence.length > 1 ? ' ' : ''}${fence}`;
}

export function renderStepsMarkdown(catalogue: StepCatalogue): string {
  const out = [
    '# Steps',
    '',
    `<!-- Generated from the step definitions by \`vracklab steps --markdown\`: do not edit by hand, run \`${REGENERATE_STEPS_DOC}\`. -->`,
    '',
    `Every step of vracklab's step library (${catalogue.steps.length} steps), grouped by area, each with an example line.`,
    'Names in quotes and hosts are those of your own lab file or of your earlier steps: nothing here assumes a reference lab.',
    'How to write your own features with them: [features/README.md](../features/README.md).',
    '',
    '## Parameter types',
    '',
    '| type | matches |',
    '|---|---|',
    ...catalogue.parameterTypes.map((p) => `| ${code(`{${p.name}}`)} | ${code(p.regexps.join(' or ')).replaceAll('|', '\\|')} |`),
    '',
    "Cucumber's own `{string}` (in double quotes), `{int}` and `{word}` are used too.",
    '',
  ];
  for (const [area, steps] of byArea(catalogue)) {
    out.push(`## ${STEP_AREAS[area].title}`, '', STEP_AREAS[area].about, '');
    for (const s of steps) out.push(`- ${code(`${s.keyword} ${s.pattern}`)}`, `  <br>e.g. ${code(s.example)}`);
    out.push('');
  }
  return out.join('\n');
}
