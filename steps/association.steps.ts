// vRack ⇄ vRack Services association, through the v1 vRack API as the real one does it.
import { Given, Then, When } from '@cucumber/cucumber';
import { attempt, expectContains, expectEqual, expectTrue, type TargetSpec } from '../sim/index.ts';
import type { VrackLabWorld } from './world.ts';
import { pollIntervalMs, updateSpec } from './support/api-actions.ts';
import { stepExamples } from './support/step-doc.ts';

const example = stepExamples('association');

async function associate(world: VrackLabWorld, alias: string, vrack: string): Promise<void> {
  const client = await world.client();
  await client.associateVrackServices(world.names.id('vrack', vrack), world.vrsId(alias), { wait: true, timeoutMs: 60_000, intervalMs: await pollIntervalMs(world) });
}

Given('{string} is associated to the vRack {string}', example('"vrs-a" is associated to the vRack "pn-xyzzz"'), async function (this: VrackLabWorld, alias: string, vrack: string) {
  await associate(this, alias, vrack);
});

When('I associate {string} to the vRack {string}', example('I associate "vrs-lim" to the vRack "pn-xyzzz"'), async function (this: VrackLabWorld, alias: string, vrack: string) {
  await associate(this, alias, vrack);
});

async function tryAssociate(world: VrackLabWorld, alias: string, vrack: string): Promise<void> {
  const client = await world.client();
  const intervalMs = await pollIntervalMs(world);
  world.last = await attempt(`associate ${alias} to ${vrack}`, () =>
    client.associateVrackServices(world.names.id('vrack', vrack), world.vrsId(alias), { wait: true, timeoutMs: 60_000, intervalMs }),
  );
}

When('I try to associate {string} to the vRack {string}', example('I try to associate "vrs-lim-2" to the vRack "pn-multi"'), async function (this: VrackLabWorld, alias: string, vrack: string) {
  await tryAssociate(this, alias, vrack);
});

When('I dissociate {string} from the vRack {string}', example('I dissociate "vrs-lim" from the vRack "pn-xyzzz"'), async function (this: VrackLabWorld, alias: string, vrack: string) {
  const client = await this.client();
  await client.dissociateVrackServices(this.names.id('vrack', vrack), this.vrsId(alias), { wait: true, timeoutMs: 60_000, intervalMs: await pollIntervalMs(this) });
});

Then('the vRack {string} lists {string} among its vRack Services', example('the vRack "pn-multi" lists "vrs-lim" among its vRack Services'), async function (this: VrackLabWorld, vrack: string, alias: string) {
  const client = await this.client();
  const listed = await client.listVrackServicesOfVrack(this.names.id('vrack', vrack));
  expectTrue(`vRack Services of ${vrack}`, listed.includes(this.vrsId(alias)), `a list containing ${this.vrsId(alias)}`, JSON.stringify(listed));
});

Then('the association is refused with a message containing {string}', example('the association is refused with a message containing "LIM"'), function (this: VrackLabWorld, text: string) {
  // The v1 vRack API refuses with a plain 400 Client::BadRequest; status and class first, then the text.
  const err = this.lastError();
  expectEqual('association refusal', 'HTTP 400 Client::BadRequest', `HTTP ${err.status} ${err.errorClass}`, err.apiMessage);
  expectContains('association refusal', err.apiMessage, text);
});

When('I associate the first {int} of them to the vRack {string}', example('I associate the first 20 of them to the vRack "pn-xyzzz"'), async function (this: VrackLabWorld, count: number, vrack: string) {
  // One after the other, as a user would: each waits for its vRack task.
  for (let i = 1; i <= count; i++) await associate(this, `bulk-vrs-${i}`, vrack);
});

When(/^I try to associate the (\d+)(?:st|nd|rd|th) of them to the vRack "([^"]+)"$/, example('I try to associate the 21st of them to the vRack "pn-xyzzz"'), async function (this: VrackLabWorld, nth: string, vrack: string) {
  await tryAssociate(this, `bulk-vrs-${nth}`, vrack);
});

Then('the vRack {string} lists {int} vRack Services', example('the vRack "pn-xyzzz" lists 20 vRack Services'), async function (this: VrackLabWorld, vrack: string, count: number) {
  const listed = await (await this.client()).listVrackServicesOfVrack(this.names.id('vrack', vrack));
  expectEqual(`number of vRack Services in ${vrack}`, count, listed.length, JSON.stringify(listed));
});

When('I try to put {string} in the vRack {string} through its target spec', example('I try to put "vrs1" in the vRack "pn-xyzzz" through its target spec'), async function (this: VrackLabWorld, alias: string, vrack: string) {
  const vrackId = this.names.id('vrack', vrack);
  await updateSpec(this, alias, `put ${alias} in ${vrack} through targetSpec.vrackId`, (spec) => ({ ...spec, vrackId }) as TargetSpec);
});

Then('{string} is in no vRack', example('"vrs1" is in no vRack'), async function (this: VrackLabWorld, alias: string) {
  const vrs = await (await this.client()).getVrackServices(this.vrsId(alias));
  expectEqual(`currentState.vrackId of ${alias}`, null, vrs.currentState.vrackId);
});
