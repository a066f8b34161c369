// Lifecycle: gc of crashed runs once per worker; per scenario a profile from tags, the API session
// on demand, diagnostics attached on failure, then teardown (unless @keep).
import { After, Before, BeforeAll, Status, setDefaultTimeout, type ITestCaseHookParameter } from '@cucumber/cucumber';
import { collectGarbage, describeError } from '../sim/index.ts';
import type { VrackLabWorld } from './world.ts';

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

Before({ tags: '@profile-2025-10' }, function (this: VrackLabWorld) {
  this.profile = '2025-10';
});

After({ timeout: 180_000 }, async function (this: VrackLabWorld, { result, pickle }: ITestCaseHookParameter) {
  if (result?.status === Status.FAILED) {
    await this.attachDiagnostics().catch((err: unknown) => this.log(`diagnostics failed: ${describeError(err)}`));
  }
  await this.attachTimelines().catch((err: unknown) => this.log(`timelines failed: ${describeError(err)}`));
  if (pickle.tags.some((t) => t.name === '@keep') && this.lab) {
    this.log(`@keep: lab ${this.lab.name} (run ${this.lab.runId}) left up; remove it with vracklab gc`);
    return;
  }
  await this.cleanup.unwind();
});
