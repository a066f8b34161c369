import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { STEP_DOC_KEY } from './step-areas.ts';
import { catalogueOf, type LoadedStepDefinition, type StepCatalogue } from './step-catalogue.ts';
import { REGENERATE_STEPS_DOC, renderStepsMarkdown } from './step-docs.ts';

/** A definition matching exactly the texts given (Cucumber's matching is not what is under test here). */
function definition(pattern: string, example: string | undefined, matches: string[]): LoadedStepDefinition {
  return {
    keyword: 'Given',
    pattern,
    uri: 'steps/x.steps.ts',
    line: 1,
    options: example === undefined ? {} : { wrapperOptions: { [STEP_DOC_KEY]: { area: 'lab', example } } },
    matchesStepName: (text) => matches.includes(text),
  };
}

describe('catalogueOf', () => {
  it('lists a documented step with its keyword in the example', () => {
    const c = catalogueOf([definition('a lab {string}', 'a lab "x"', ['a lab "x"'])]);
    expect(c.problems).toEqual([]);
    expect(c.steps).toMatchObject([{ area: 'lab', pattern: 'a lab {string}', example: 'Given a lab "x"' }]);
  });

  it('reports a step without an example, naming where it is defined', () => {
    const c = catalogueOf([definition('a lab {string}', undefined, [])]);
    expect(c.problems).toEqual([expect.stringMatching(/^steps\/x\.steps\.ts:1 Given a lab \{string\}: no example/)]);
  });

  it('reports an example its own step does not match', () => {
    expect(catalogueOf([definition('a lab {string}', 'a lab x', [])]).problems).toEqual([expect.stringMatching(/does not match it/)]);
  });

  it('reports an example another step matches too', () => {
    const c = catalogueOf([definition('a lab {string}', 'a lab "x"', ['a lab "x"']), definition('a lab {word}', 'a lab y', ['a lab y', 'a lab "x"'])]);
    expect(c.problems).toEqual([expect.stringMatching(/its example "a lab "x"" also matches steps\/x\.steps\.ts:1 Given a lab \{word\}/)]);
  });
});

describe('the step library, as Cucumber loads it (vracklab steps --json)', () => {
  let catalogue: StepCatalogue;
  let exitCode: number;

  beforeAll(async () => {
    // Its own process: Cucumber's loadSupport registers the steps once per process.
    const run = await promisify(execFile)(process.execPath, ['bin/vracklab.js', 'steps', '--json'], { maxBuffer: 16 * 1024 * 1024 }).then(
      (r) => ({ ...r, code: 0 }),
      (err: { stdout: string; stderr: string; code: number }) => err,
    );
    catalogue = JSON.parse(run.stdout) as StepCatalogue;
    exitCode = run.code;
  }, 60_000);

  it('gives every step an example that matches it and no other step', () => {
    expect(catalogue.problems).toEqual([]);
    expect(exitCode).toBe(0);
    expect(catalogue.steps.length).toBeGreaterThan(100);
    for (const s of catalogue.steps) expect(s.example.startsWith(`${s.keyword} `), `${s.uri}:${s.line}`).toBe(true);
  });

  it('has not drifted from docs/steps.md', () => {
    const onDisk = readFileSync('docs/steps.md', 'utf8');
    const fresh = renderStepsMarkdown(catalogue);
    expect(onDisk === fresh, `docs/steps.md is out of date with the step definitions: regenerate it with \`${REGENERATE_STEPS_DOC}\``).toBe(true);
  });
});
