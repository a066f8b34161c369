// When steps that change a vRack Services through the API; refusals are kept for Then steps.
import { When } from '@cucumber/cucumber';
import { attempt, editSubnet, removeEndpoints, removeSubnet } from '../sim/index.ts';
import type { VrackLabWorld } from './world.ts';
import { addEndpoints, addSubnet, updateSpec } from './support/api-actions.ts';
import { stepExamples } from './support/step-doc.ts';

const example = stepExamples('api-change');

When('I add to {string} a subnet {cidr} with service range {cidr} and VLAN {vlan}', example('I add to "vrs1" a subnet 10.120.0.0/24 with service range 10.120.0.0/29 and VLAN none'), async function (this: VrackLabWorld, alias: string, cidr: string, range: string, vlan: number | null) {
  await addSubnet(this, alias, { cidr, serviceRange: range, vlan });
});

When('I immediately add to {string} a subnet {cidr} with service range {cidr} and VLAN {vlan}', example('I immediately add to "vrs1" a subnet 10.121.0.0/24 with service range 10.121.0.0/29 and VLAN none'), async function (this: VrackLabWorld, alias: string, cidr: string, range: string, vlan: number | null) {
  await addSubnet(this, alias, { cidr, serviceRange: range, vlan });
});

When(
  'I add to {string} a subnet {cidr} with service range {cidr}, VLAN {vlan} and display name {string}',
  example('I add to "vrs1" a subnet 10.120.0.0/24 with service range 10.120.0.0/29, VLAN none and display name "bad/name"'),
  async function (this: VrackLabWorld, alias: string, cidr: string, range: string, vlan: number | null, displayName: string) {
    await addSubnet(this, alias, { cidr, serviceRange: range, vlan, displayName });
  },
);

When('I add a Service Endpoint for {string} to the subnet {cidr} of {string}', example('I add a Service Endpoint for "efs-lim" to the subnet 10.120.0.0/16 of "vrs-lim"'), async function (this: VrackLabWorld, storage: string, cidr: string, alias: string) {
  await addEndpoints(this, alias, cidr, [this.names.urn(storage)]);
});

When('I add two Service Endpoints for {string} to the subnet {cidr} of {string}', example('I add two Service Endpoints for "efs1" to the subnet 10.120.0.0/24 of "vrs1"'), async function (this: VrackLabWorld, storage: string, cidr: string, alias: string) {
  await addEndpoints(this, alias, cidr, [this.names.urn(storage), this.names.urn(storage)]);
});

When('I add a Service Endpoint with URN {string} to the subnet {cidr} of {string}', example('I add a Service Endpoint with URN "urn:v1:eu:resource:storageNetApp:no-such-efs" to the subnet 10.120.0.0/24 of "vrs"'), async function (this: VrackLabWorld, urn: string, cidr: string, alias: string) {
  await addEndpoints(this, alias, cidr, [urn]);
});

When('I add Service Endpoints for the {int} {string} services to the subnet {cidr} of {string}', example('I add Service Endpoints for the 4 "bulk" services to the subnet 10.120.0.0/24 of "vrs1"'), async function (this: VrackLabWorld, count: number, prefix: string, cidr: string, alias: string) {
  await addEndpoints(this, alias, cidr, Array.from({ length: count }, (_, i) => this.names.urn(`${prefix}-${i + 1}`)));
});

When('I remove every Service Endpoint from {string}', example('I remove every Service Endpoint from "vrs-lim"'), async function (this: VrackLabWorld, alias: string) {
  await updateSpec(this, alias, `remove every endpoint of ${alias}`, (spec) => removeEndpoints(spec), { mustSucceed: true });
});

When('I delete the subnet {cidr} of {string}', example('I delete the subnet 10.120.0.0/16 of "vrs-lim"'), async function (this: VrackLabWorld, cidr: string, alias: string) {
  await updateSpec(this, alias, `delete subnet ${cidr} of ${alias}`, (spec) => removeSubnet(spec, cidr), { mustSucceed: true });
});

When('I try to delete the subnet {cidr} of {string}', example('I try to delete the subnet 10.120.0.0/24 of "vrs1"'), async function (this: VrackLabWorld, cidr: string, alias: string) {
  await updateSpec(this, alias, `delete subnet ${cidr} of ${alias}`, (spec) => removeSubnet(spec, cidr));
});

When('I rename the subnet {cidr} of {string} to {string}', example('I rename the subnet 10.120.0.0/16 of "vrs-lim" to "storage-net"'), async function (this: VrackLabWorld, cidr: string, alias: string, name: string) {
  await updateSpec(this, alias, `rename subnet ${cidr}`, (spec) => editSubnet(spec, cidr, (s) => (s.displayName = name)), { mustSucceed: true });
});

When('I rename {string} to {string}', example('I rename "vrs-lim" to "My_vRackServices_updated"'), async function (this: VrackLabWorld, alias: string, name: string) {
  await updateSpec(this, alias, `rename ${alias}`, (spec) => ({ ...spec, displayName: name }), { mustSucceed: true });
});

When('I change the service range of the subnet {cidr} of {string} to {cidr}', example('I change the service range of the subnet 10.120.0.0/16 of "vrs-lim" to 10.120.0.8/29'), async function (this: VrackLabWorld, cidr: string, alias: string, range: string) {
  await updateSpec(this, alias, `change service range of ${cidr}`, (spec) => editSubnet(spec, cidr, (s) => (s.serviceRange = { cidr: range })), { mustSucceed: true });
});

When('I change the VLAN of the subnet {cidr} of {string} to {int}', example('I change the VLAN of the subnet 10.120.0.0/16 of "vrs-lim" to 100'), async function (this: VrackLabWorld, cidr: string, alias: string, vlan: number) {
  await updateSpec(this, alias, `change VLAN of ${cidr}`, (spec) => editSubnet(spec, cidr, (s) => (s.vlan = vlan)), { mustSucceed: true });
});

When('I change the subnet {cidr} of {string} to {cidr} with service range {cidr}', example('I change the subnet 10.120.0.0/16 of "vrs-lim" to 10.120.0.0/20 with service range 10.120.0.0/29'), async function (this: VrackLabWorld, cidr: string, alias: string, next: string, range: string) {
  await updateSpec(this, alias, `change subnet ${cidr} to ${next}`, (spec) => editSubnet(spec, cidr, (s) => ((s.cidr = next), (s.serviceRange = { cidr: range }))), { mustSucceed: true });
});

When('I update {string} with the checksum it had before that change', example('I update "vrs1" with the checksum it had before that change'), async function (this: VrackLabWorld, alias: string) {
  const id = this.vrsId(alias);
  const seen = this.checksums.get(id) ?? [];
  const stale = seen.at(-2) ?? seen[0]!;
  const client = await this.client();
  const current = await client.getVrackServices(id);
  this.last = await attempt('update with a stale checksum', () => client.updateVrackServices(id, { checksum: stale, targetSpec: current.targetSpec }));
});

When('I update {string} with the checksum {string}', example('I update "vrs1" with the checksum "not-an-md5"'), async function (this: VrackLabWorld, alias: string, checksum: string) {
  const client = await this.client();
  const current = await client.getVrackServices(this.vrsId(alias));
  this.last = await attempt(`update with checksum ${checksum}`, () => client.updateVrackServices(current.id, { checksum, targetSpec: current.targetSpec }));
});

When('I update {string} with a subnet carrying the read-only field {string}', example('I update "vrs1" with a subnet carrying the read-only field "remainingIps"'), async function (this: VrackLabWorld, alias: string, field: string) {
  await updateSpec(this, alias, `update with read-only ${field}`, (spec) => ({
    ...spec,
    subnets: [{ cidr: '10.120.0.0/24', vlan: null, serviceEndpoints: [], serviceRange: { cidr: '10.120.0.0/29', [field]: 3 } as { cidr: string } }],
  }));
});

When('{int} clients update {string} at once with the same checksum', example('20 clients update "vrs1" at once with the same checksum'), async function (this: VrackLabWorld, count: number, alias: string) {
  const client = await this.client();
  const current = await client.getVrackServices(this.vrsId(alias));
  this.batch = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      attempt(`parallel update ${i + 1}`, () =>
        client.updateVrackServices(current.id, {
          checksum: current.checksum,
          targetSpec: { ...current.targetSpec, subnets: [{ cidr: `10.${100 + i}.0.0/24`, vlan: null, serviceEndpoints: [], serviceRange: { cidr: `10.${100 + i}.0.0/29` } }] },
        }),
      ),
    ),
  );
});

When('I get the task {string} of {string}', example('I get the task "00000000-0000-0000-0000-000000000000" of "vrs1"'), async function (this: VrackLabWorld, taskId: string, alias: string) {
  const client = await this.client();
  this.last = await attempt(`get task ${taskId}`, () => client.getTask(this.vrsId(alias), taskId));
});

When('the vRack Services {string} is suspended', example('the vRack Services "vrs-lim" is suspended'), async function (this: VrackLabWorld, alias: string) {
  await (await this.simulator('suspending')).admin.suspend(this.vrsId(alias));
});

When('support recovers {string} from its error', example('support recovers "vrs1" from its error'), async function (this: VrackLabWorld, alias: string) {
  await (await this.simulator('recovering from an ERROR (support)')).admin.recover(this.vrsId(alias));
});

When('the vRack Services {string} is resumed', example('the vRack Services "vrs-lim" is resumed'), async function (this: VrackLabWorld, alias: string) {
  await (await this.simulator('resuming')).admin.resume(this.vrsId(alias));
});

When('I order one more vRack Services in region {string}', example('I order one more vRack Services in region "LIM"'), async function (this: VrackLabWorld, region: string) {
  const client = await this.client();
  this.last = await attempt('order one more vRack Services', () => client.lab.createVrackServices({ region }));
});

