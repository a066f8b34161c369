// vRack ⇄ vRack Services association, through the v1 vRack API as the real one does it.
import { Given, Then, When } from '@cucumber/cucumber';
import { attempt, expectContains, expectTrue } from '../sim/index.ts';
import type { VrackLabWorld } from './world.ts';
import { pollIntervalMs } from './support/api-actions.ts';

async function associate(world: VrackLabWorld, alias: string, vrack: string): Promise<void> {
  const client = await world.client();
  await client.associateVrackServices(world.names.id('vrack', vrack), world.vrsId(alias), { wait: true, timeoutMs: 60_000, intervalMs: await pollIntervalMs(world) });
}

Given('{string} is associated to the vRack {string}', async function (this: VrackLabWorld, alias: string, vrack: string) {
  await associate(this, alias, vrack);
});

When('I associate {string} to the vRack {string}', async function (this: VrackLabWorld, alias: string, vrack: string) {
  await associate(this, alias, vrack);
});

When('I try to associate {string} to the vRack {string}', async function (this: VrackLabWorld, alias: string, vrack: string) {
  const client = await this.client();
  const intervalMs = await pollIntervalMs(this);
  this.last = await attempt(`associate ${alias} to ${vrack}`, () =>
    client.associateVrackServices(this.names.id('vrack', vrack), this.vrsId(alias), { wait: true, timeoutMs: 60_000, intervalMs }),
  );
});

When('I dissociate {string} from the vRack {string}', async function (this: VrackLabWorld, alias: string, vrack: string) {
  const client = await this.client();
  await client.dissociateVrackServices(this.names.id('vrack', vrack), this.vrsId(alias), { wait: true, timeoutMs: 60_000, intervalMs: await pollIntervalMs(this) });
});

Then('the vRack {string} lists {string} among its vRack Services', async function (this: VrackLabWorld, vrack: string, alias: string) {
  const client = await this.client();
  const listed = await client.listVrackServicesOfVrack(this.names.id('vrack', vrack));
  expectTrue(`vRack Services of ${vrack}`, listed.includes(this.vrsId(alias)), `a list containing ${this.vrsId(alias)}`, JSON.stringify(listed));
});

Then('the association is refused with a message containing {string}', function (this: VrackLabWorld, text: string) {
  expectContains('association refusal', this.lastError().apiMessage, text);
});
