// A step's documentation, given beside its definition: `Given('…', example('…'), fn)`. The area is
// the step file's; the example is one line of Gherkin (without the keyword) that this step, and no
// other, matches. `vracklab steps` and docs/steps.md are generated from them; the unit test of the
// catalogue fails on a step without one (sim/cucumber/step-catalogue.ts).
import { STEP_DOC_KEY, type StepArea, type StepDoc } from '../../sim/cucumber/step-areas.ts';

/** Cucumber's step options (its IDefineStepOptions, which the package does not export by name). */
export interface StepOptions {
  timeout?: number;
  wrapperOptions?: Record<string, unknown>;
}

export function stepExamples(area: StepArea): (example: string, options?: StepOptions) => StepOptions {
  return (example, options = {}) => {
    const doc: StepDoc = { area, example };
    return { ...options, wrapperOptions: { ...options.wrapperOptions, [STEP_DOC_KEY]: doc } };
  };
}
