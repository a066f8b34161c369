// What a change left in the current state, read back through the API: the seamless scenarios prove
// the change happened, not only that nothing was lost meanwhile.
import { Then } from '@cucumber/cucumber';
import { expectEqual, expectTrue } from '../sim/index.ts';
import type { VrackLabWorld } from './world.ts';

async function currentState(world: VrackLabWorld, alias: string) {
  return (await (await world.client()).getVrackServices(world.vrsId(alias))).currentState;
}

Then('the current state of {string} shows the display name {string}', async function (this: VrackLabWorld, alias: string, name: string) {
  expectEqual(`display name of ${alias} (current state)`, name, (await currentState(this, alias)).displayName ?? null);
});

Then('the current state of {string} has the subnet {cidr} named {string}', async function (this: VrackLabWorld, alias: string, cidr: string, name: string) {
  const subnets = (await currentState(this, alias)).subnets;
  const subnet = subnets.find((s) => s.cidr === cidr);
  expectTrue(`subnet ${cidr} of ${alias} (current state)`, subnet !== undefined, 'present', subnets.map((s) => s.cidr).join(', ') || 'no subnet');
  expectEqual(`display name of subnet ${cidr} of ${alias} (current state)`, name, subnet!.displayName ?? null);
});

Then('the current state of {string} has the subnet {cidr} on VLAN {vlan}', async function (this: VrackLabWorld, alias: string, cidr: string, vlan: number | null) {
  const subnets = (await currentState(this, alias)).subnets;
  const subnet = subnets.find((s) => s.cidr === cidr);
  expectTrue(`subnet ${cidr} of ${alias} (current state)`, subnet !== undefined, 'present', subnets.map((s) => s.cidr).join(', ') || 'no subnet');
  expectEqual(`VLAN of subnet ${cidr} of ${alias} (current state)`, vlan, subnet!.vlan);
});

Then('the current state of {string} has no subnet {cidr}', async function (this: VrackLabWorld, alias: string, cidr: string) {
  const subnets = (await currentState(this, alias)).subnets.map((s) => s.cidr);
  expectTrue(`subnet ${cidr} of ${alias} (current state)`, !subnets.includes(cidr), 'absent', `present among ${subnets.join(', ')}`);
});
