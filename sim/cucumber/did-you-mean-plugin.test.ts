import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Envelope } from '@cucumber/messages';
import { describe, expect, it } from 'vitest';
import { suggestionLines, undefinedStepCollector } from './did-you-mean-plugin.ts';
import type { StepCatalogue } from './step-catalogue.ts';

const catalogue: StepCatalogue = {
  steps: [{ area: 'assertions', keyword: 'Then', pattern: 'the request is accepted', example: 'Then the request is accepted', uri: 'steps/x.ts', line: 1 }],
  parameterTypes: [],
  problems: [],
};

describe('undefinedStepCollector', () => {
  it('keeps the steps no definition matched, once per text, with their file and line', () => {
    const collector = undefinedStepCollector();
    const envelopes = [
      { gherkinDocument: { uri: 'f.feature', comments: [], feature: { children: [{ scenario: { steps: [{ id: 'a1', location: { line: 3 } }, { id: 'a2', location: { line: 4 } }] } }] } } },
      { pickle: { id: 'p', uri: 'f.feature', steps: [{ id: 's1', text: 'the request is acepted', type: 'Outcome', astNodeIds: ['a1'] }, { id: 's2', text: 'the request is accepted', type: 'Outcome', astNodeIds: ['a2'] }] } },
      { testCase: { id: 't', pickleId: 'p', testSteps: [{ id: 'x1', pickleStepId: 's1', stepDefinitionIds: [] }, { id: 'x2', pickleStepId: 's2', stepDefinitionIds: ['d'] }] } },
      { testCase: { id: 't2', pickleId: 'p', testSteps: [{ id: 'x3', pickleStepId: 's1', stepDefinitionIds: [] }] } },
    ] as unknown as Envelope[];
    for (const e of envelopes) collector.onMessage(e);
    expect(collector.steps()).toEqual([{ text: 'the request is acepted', keyword: 'Then', where: 'f.feature:3' }]);
  });
});

describe('suggestionLines', () => {
  it('names the closest step and its example', () => {
    expect(suggestionLines([{ text: 'the request is acepted', keyword: 'Then', where: 'f.feature:3' }], catalogue)).toEqual([
      'Undefined step: Then the request is acepted (f.feature:3)',
      '  did you mean: Then the request is accepted',
      '         e.g.: Then the request is accepted',
    ]);
  });

  it('points at the catalogue when nothing comes close', () => {
    expect(suggestionLines([{ text: 'a unicorn crosses the datacenter floor', keyword: 'Given', where: 'f.feature:9' }], catalogue)[1]).toMatch(/no existing step comes close: .*docs\/steps\.md/);
  });
});

describe("the project's cucumber.js", () => {
  it('loads the plugin in every profile', async () => {
    const profiles: unknown = await import(pathToFileURL(resolve('cucumber.js')).href);
    for (const [name, profile] of Object.entries(profiles as Record<string, { plugin?: string[] }>)) {
      expect(profile.plugin, `profile ${name}`).toContain('./sim/cucumber/did-you-mean-plugin.ts');
    }
    expect(existsSync('sim/cucumber/did-you-mean-plugin.ts')).toBe(true);
  });
});
