// What a change left in the current state, read back through the API: the seamless scenarios prove
// the change happened, not only that nothing was lost meanwhile.
import { Then } from '@cucumber/cucumber';
import { expectEqual, expectTrue } from '../sim/index.ts';
import type { VrackLabWorld } from './world.ts';
import { stepExamples } from './support/step-doc.ts';

const example = stepExamples('current-state');

async function currentState(world: VrackLabWorld, alias: string) {
  return (await (await world.client()).getVrackServices(world.vrsId(alias))).currentState;
}

Then('the current state of {string} shows the display name {string}', example('the current state of "vrs-lim" shows the display name "My_vRackServices_updated"'), async function (this: VrackLabWorld, alias: string, name: string) {
  expectEqual(`display name of ${alias} (current state)`, name, (await currentState(this, alias)).displayName ?? null);
});

Then('the current state of {string} has the subnet {cidr} named {string}', example('the current state of "vrs-lim" has the subnet 10.120.0.0/16 named "storage-net"'), async function (this: VrackLabWorld, alias: string, cidr: string, name: string) {
  const subnets = (await currentState(this, alias)).subnets;
  const subnet = subnets.find((s) => s.cidr === cidr);
  expectTrue(`subnet ${cidr} of ${alias} (current state)`, subnet !== undefined, 'present', subnets.map((s) => s.cidr).join(', ') || 'no subnet');
  expectEqual(`display name of subnet ${cidr} of ${alias} (current state)`, name, subnet!.displayName ?? null);
});

Then('the current state of {string} has the subnet {cidr} on VLAN {vlan}', example('the current state of "vrs-lim" has the subnet 10.121.0.0/16 on VLAN 200'), async function (this: VrackLabWorld, alias: string, cidr: string, vlan: number | null) {
  const subnets = (await currentState(this, alias)).subnets;
  const subnet = subnets.find((s) => s.cidr === cidr);
  expectTrue(`subnet ${cidr} of ${alias} (current state)`, subnet !== undefined, 'present', subnets.map((s) => s.cidr).join(', ') || 'no subnet');
  expectEqual(`VLAN of subnet ${cidr} of ${alias} (current state)`, vlan, subnet!.vlan);
});

Then('the current state of {string} has no subnet {cidr}', example('the current state of "vrs-lim" has no subnet 10.121.0.0/16'), async function (this: VrackLabWorld, alias: string, cidr: string) {
  const subnets = (await currentState(this, alias)).subnets.map((s) => s.cidr);
  expectTrue(`subnet ${cidr} of ${alias} (current state)`, !subnets.includes(cidr), 'absent', `present among ${subnets.join(', ')}`);
});
