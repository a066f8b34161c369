import { describe, expect, it } from 'vitest';
import type { StepCatalogue } from './step-catalogue.ts';
import { renderStepsMarkdown, renderStepsText } from './step-docs.ts';

const catalogue: StepCatalogue = {
  steps: [
    { area: 'lab', keyword: 'Given', pattern: 'the lab {string} is up', example: 'Given the lab "labs/shop.lab.yml" is up', uri: 'steps/lab.steps.ts', line: 3 },
    { area: 'reachability', keyword: 'Then', pattern: '{host} can ping {ip}', example: 'Then till can ping 10.42.0.16', uri: 'steps/reachability.steps.ts', line: 9 },
    { area: 'reachability', keyword: 'Then', pattern: '/^a `quoted` (\\d+)$/', example: 'Then a `quoted` 3', uri: 'steps/reachability.steps.ts', line: 12 },
  ],
  parameterTypes: [{ name: 'vlan', regexps: ['none|\\d+'] }],
  problems: [],
};

describe('renderStepsText', () => {
  it('prints each area heading, then each step and its example', () => {
    expect(renderStepsText(catalogue).split('\n').slice(0, 4)).toEqual([
      'Labs — Bring a lab file up for the scenario, expose its EFS through the API, change ACLs.',
      '  Given the lab {string} is up',
      '      e.g. Given the lab "labs/shop.lab.yml" is up',
      '',
    ]);
    expect(renderStepsText(catalogue)).toMatch(/^3 steps\. Parameter types: \{vlan\}/m);
  });
});

describe('renderStepsMarkdown', () => {
  const md = renderStepsMarkdown(catalogue);

  it('has one section per area, in the areas\' order, saying how to regenerate it', () => {
    expect(md.indexOf('## Labs')).toBeLessThan(md.indexOf('## Reachability'));
    expect(md).toContain('run `node bin/vracklab.js steps --markdown > docs/steps.md`');
  });

  it('keeps table cells and code spans intact', () => {
    expect(md).toContain('| `{vlan}` | `none\\|\\d+` |');
    expect(md).toContain('- `` Then /^a `quoted` (\\d+)$/ ``');
  });
});
