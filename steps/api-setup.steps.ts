// Given steps of the control plane: what an order or a support ticket would deliver.
import { Given } from '@cucumber/cucumber';
import type { VrackLabWorld } from './world.ts';
import { deliverVrackServices, deliverStorage, deliverVrack, addSubnet, addEndpoints, waitReady } from './support/api-actions.ts';
import { stepExamples } from './support/step-doc.ts';

const example = stepExamples('api-setup');

Given('a vRack {string}', example('a vRack "pn-xyzzz"'), async function (this: VrackLabWorld, alias: string) {
  await deliverVrack(this, alias);
});

Given('a delivered vRack Services {string} in region {string}', example('a delivered vRack Services "vrs-lim-2" in region "LIM"'), async function (this: VrackLabWorld, alias: string, region: string) {
  await deliverVrackServices(this, alias, region, { waitReady: true });
});

Given('{int} delivered vRack Services in region {string}', example('20 delivered vRack Services in region "LIM"'), async function (this: VrackLabWorld, count: number, region: string) {
  // Delivered concurrently, as a batch order would be; each is READY before the step ends.
  await Promise.all(Array.from({ length: count }, (_, i) => deliverVrackServices(this, `bulk-vrs-${i + 1}`, region, { waitReady: true })));
});

Given('a vRack Services {string} in region {string} that is still being delivered', example('a vRack Services "vrs-new" in region "GRA" that is still being delivered'), async function (this: VrackLabWorld, alias: string, region: string) {
  await (await this.simulator('a slow delivery')).admin.setTimings({ deliveryMs: 60_000 });
  await deliverVrackServices(this, alias, region, { waitReady: false });
});

Given('an Enterprise File Storage {string} in region {string}', example('an Enterprise File Storage "efs-1" in region "LIM"'), async function (this: VrackLabWorld, alias: string, region: string) {
  await deliverStorage(this, alias, region);
});

Given('{int} Enterprise File Storages {string} in region {string}', example('4 Enterprise File Storages "bulk" in region "LIM"'), async function (this: VrackLabWorld, count: number, prefix: string, region: string) {
  for (let i = 1; i <= count; i++) await deliverStorage(this, `${prefix}-${i}`, region);
});

Given('{string} has a subnet {cidr} with service range {cidr} and VLAN {vlan}', example('"vrs-lim" has a subnet 10.121.0.0/16 with service range 10.121.0.0/29 and VLAN 200'), async function (this: VrackLabWorld, alias: string, cidr: string, range: string, vlan: number | null) {
  await addSubnet(this, alias, { cidr, serviceRange: range, vlan }, { mustSucceed: true });
  await waitReady(this, alias, 60_000);
});

Given('{string} exposes {string} on the subnet {cidr}', example('"vrs-lim" exposes "efs-second" on the subnet 10.120.0.0/16'), async function (this: VrackLabWorld, alias: string, storage: string, cidr: string) {
  await addEndpoints(this, alias, cidr, [this.names.urn(storage)], { mustSucceed: true });
  await waitReady(this, alias, 60_000);
});

Given('the subnet limit per vRack Services is {int}', example('the subnet limit per vRack Services is 5'), async function (this: VrackLabWorld, limit: number) {
  await (await this.simulator('changing a limit')).admin.setLimits({ subnetsPerVrackServices: limit });
});

Given('tasks take {duration}', example('tasks take 3 seconds'), async function (this: VrackLabWorld, ms: number) {
  await (await this.simulator('changing task timings')).admin.setTimings({ taskRunningMs: ms });
});

Given('the next {int} task(s) fail(s)', example('the next 1 task fails'), async function (this: VrackLabWorld, count: number) {
  await (await this.simulator('injecting task failures')).admin.injectFaults({ failNextTasks: count });
});

Given('the service range rule of the product definition', example('the service range rule of the product definition'), async function (this: VrackLabWorld) {
  // The product definition: /(subnet prefix + 1) to /29, instead of the guide's /27 to /29 (docs/api-simulator.md).
  await (await this.simulator('choosing the service range rule')).admin.setLimits({ serviceRangeRule: 'product-definition' });
});

Given('the lab allows {int} vRack Services per account and {int} per region on one vRack', example('the lab allows 25 vRack Services per account and 5 per region on one vRack'), async function (this: VrackLabWorld, perAccount: number, perRegion: number) {
  await (await this.simulator('changing limits')).admin.setLimits({ vrackServicesPerAccount: perAccount, vrackServicesPerRegionPerVrack: perRegion });
});

Given('{int} delivered vRack Services spread over the regions', example('21 delivered vRack Services spread over the regions'), async function (this: VrackLabWorld, count: number) {
  // Round robin over the regions the API lists, so each region holds as few as possible.
  const regions = (await (await this.client()).listRegions()).map((r) => r.name);
  await Promise.all(Array.from({ length: count }, (_, i) => deliverVrackServices(this, `bulk-vrs-${i + 1}`, regions[i % regions.length]!, { waitReady: true })));
});
