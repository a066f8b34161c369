/**
 * `vracklab/steps`: the Cucumber support code of vracklab in one import — the world, the hooks,
 * the parameter types and every step. A suite loads it through the `vracklab/cucumber` preset
 * (or `import: ['vracklab/steps']`-style paths of its own); the project's own suite loads the same
 * compiled file, so what we test is what users get. A new step file is added here (a unit test
 * fails when one is missing).
 */
import './world.ts';
import './parameter-types.ts';
import './hooks.ts';
import './api-assert.steps.ts';
import './api-change.steps.ts';
import './api-setup.steps.ts';
import './association.steps.ts';
import './current-state.steps.ts';
import './lab.steps.ts';
import './lab-nodes.steps.ts';
import './pagination-auth.steps.ts';
import './paths-after-fixes.steps.ts';
import './probe.steps.ts';
import './reachability.steps.ts';
import './routing.steps.ts';
import './security-api.steps.ts';
import './security-lab.steps.ts';
import './vrack-link.steps.ts';

/** The world every vracklab step runs in: a user's own steps declare `this: VrackLabWorld`. */
export { VrackLabWorld } from './world.ts';
export type { VrackLabWorldParameters } from './world.ts';
