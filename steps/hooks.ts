// Lifecycle: gc of crashed runs once per worker; per scenario a profile from tags, the API session
// on demand, diagnostics attached on failure, then teardown (unless @keep): a passed scenario's lab
// stays with the worker for the next one (steps/support/kept-lab.ts), torn down at the end of the run.
import { After, AfterAll, Before, BeforeAll, Status, setDefaultTimeout, type ITestCaseHookParameter } from '@cucumber/cucumber';
import { HarnessError, PROFILE_NAMES, collectGarbage, describeError } from '../sim/index.ts';
import type { VrackLabWorld } from './world.ts';
import { drainKeptLab, labPool, reportLabReuse } from './support/kept-lab.ts';

// API steps wait for asynchronous tasks; lab steps for containers. Each wait has its own, shorter bound.
setDefaultTimeout(90_000);

BeforeAll({ timeout: 120_000 }, async function () {
  // Labs of live processes (other workers, a `vracklab up`) are kept: gc only takes what crashed runs left.
  if (process.env.VRACKLAB_SKIP_GC !== '1') await collectGarbage().catch(() => {});
});

Before({ tags: '@simulator-only' }, function (this: VrackLabWorld) {
  if (this.parameters.realApi) return 'skipped';
  return undefined;
});

Before({ tags: '@lab' }, function (this: VrackLabWorld) {
  if (this.parameters.driver === 'none') return 'skipped';
  return undefined;
});

Before({ tags: '@fresh' }, function (this: VrackLabWorld) {
  this.freshLab = true;
});

AfterAll({ timeout: 180_000 }, async function () {
  await drainKeptLab();
  await reportLabReuse();
});

// A `@profile-…` tag (on a scenario or on one Examples table of an outline) picks the simulator's
// profile. Against the real API only the real API's own profile can run (cucumber.js filters the
// others out by tag; this guard holds if a run is started with other tags).
Before(function (this: VrackLabWorld, { pickle }: ITestCaseHookParameter) {
  const tagged = PROFILE_NAMES.filter((p) => pickle.tags.some((t) => t.name === `@profile-${p}`));
  if (tagged.length > 1) throw new HarnessError('PROFILE_TAGS', `scenario "${pickle.name}" carries several profile tags (${tagged.join(', ')}): keep one`);
  const wanted = tagged[0];
  if (!wanted) return undefined;
  if (this.parameters.realApi && wanted !== this.profile) return 'skipped';
  this.profile = wanted;
  return undefined;
});

// An API refusal that no step asserted fails the scenario: it passed, but maybe for the wrong reason.
After({ name: 'unchecked API refusals' }, function (this: VrackLabWorld, { result }: ITestCaseHookParameter) {
  if (result?.status !== Status.PASSED) return;
  const unchecked = this.refusalsNobodyChecked();
  if (unchecked.length === 0) return;
  throw new HarnessError(
    'UNCHECKED_REFUSAL',
    `the API refused ${unchecked.length === 1 ? 'a call' : `${unchecked.length} calls`} and no step asserted it: ${unchecked.join('; ')}. ` +
      'Assert the refusal with a Then step, or use a set-up step that requires success.',
  );
});

After({ timeout: 180_000 }, async function (this: VrackLabWorld, { result, pickle }: ITestCaseHookParameter) {
  if (result?.status === Status.FAILED) {
    await this.attachDiagnostics().catch((err: unknown) => this.log(`diagnostics failed: ${describeError(err)}`));
  }
  await this.attachTimelines().catch((err: unknown) => this.log(`timelines failed: ${describeError(err)}`));
  if (pickle.tags.some((t) => t.name === '@keep') && this.lab) {
    labPool.forget(this.lab);
    this.log(`@keep: lab ${this.lab.name} (run ${this.lab.runId}) left up; remove it with vracklab gc`);
    return;
  }
  this.labReusable = result?.status === Status.PASSED;
  await this.cleanup.unwind();
});
