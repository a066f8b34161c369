// Labs: bring a lab file (a reference lab or the user's own) up for the scenario (the worker's kept one, reset and proven clean, or a new one), expose its EFS, change ACLs.
import { Given, Then, When } from '@cucumber/cucumber';
import { HarnessError, expectTrue, invalidInput, startLab, type Timings } from '../sim/index.ts';
import { scenarioLabFile } from '../sim/lab/scenario-lab-file.ts';
import type { VrackLabWorld } from './world.ts';
import { addEndpoints, addSubnet, updateSpec, waitReady } from './support/api-actions.ts';
import { labPool, labReuse } from './support/kept-lab.ts';
import { stepExamples } from './support/step-doc.ts';

const example = stepExamples('lab');

/**
 * Scenario timings: long enough that a disruptive change is a visible cut on a 50 ms prober, short
 * enough that the suite stays within its time budget. Labs started by users keep the file's timings.
 */
export const SCENARIO_TIMINGS: Partial<Timings> = { deliveryMs: 200, taskPendingMs: 200, taskRunningMs: 600, disruptiveCutMs: 1000, vrackTaskMs: 200 };

Given('the lab {string} is up', example('the lab "labs/shop.lab.yml" is up', { timeout: 300_000 }), async function (this: VrackLabWorld, name: string) {
  // A reference lab's short name, or the path of the user's own lab file inside the project.
  // The profile's driver, checked against the registry by the fabric (an unknown one lists the registered).
  const file = scenarioLabFile(name);
  const { vlanMode } = this.parameters;
  const build = () => startLab({ file }, { driver: this.parameters.driver, timings: SCENARIO_TIMINGS, register: 'run', apiPort: 0, ...(vlanMode ? { vlanMode } : {}) });
  // A worker keeps its lab between scenarios (steps/support/kept-lab.ts): reset and proven clean, else rebuilt.
  const key = JSON.stringify({ file, driver: this.parameters.driver, vlanMode, timings: SCENARIO_TIMINGS });
  const lab = await labPool.acquire(key, build, { fresh: this.freshLab || !labReuse });
  this.cleanup.push(`lab ${name}`, () => labPool.release(lab, { reusable: this.labReusable }));
  this.log(`lab ${name} (run ${lab.runId}): ${labPool.lastAcquired ?? 'built'}`);
  this.lab = lab;
  // A forced mode is what the run is about (the dot1q VM layer): the fabric must really have used it.
  if (vlanMode && vlanMode !== 'auto') expectTrue('VLAN mode of the lab', lab.fabric.vlanMode === vlanMode, vlanMode, lab.fabric.vlanMode);
  // The lab's own client: it carries the credentials generated for this lab (the dev ones are refused).
  this.useSession({ client: lab.client, simulator: lab.simulator, baseUrl: lab.apiUrl, close: async () => {} });
  for (const v of lab.model.vracks) this.names.set('vrack', v, lab.ids[v] ?? v);
  for (const v of lab.model.vrackServices) this.names.set('vrackServices', v.name, lab.ids[v.name]!);
  for (const s of lab.model.storageNetApp) this.names.set('storage', s.name, lab.ids[s.name]!, lab.urns[s.name]!);
});

async function expose(world: VrackLabWorld, storage: string, alias: string, cidr: string, range: string, vlan: number | null): Promise<void> {
  await addSubnet(world, alias, { cidr, serviceRange: range, vlan, managedServiceURNs: [world.names.urn(storage)] });
}

When(
  'I expose the EFS {string} on {string} through subnet {cidr} with service range {cidr} and VLAN {vlan}',
  example('I expose the EFS "efs-lim" on "vrs-lim" through subnet 10.120.0.0/16 with service range 10.120.0.0/29 and VLAN none'),
  async function (this: VrackLabWorld, storage: string, alias: string, cidr: string, range: string, vlan: number | null) {
    await expose(this, storage, alias, cidr, range, vlan);
  },
);

When(
  'I expose the EFS {string} and {string} on {string} through subnet {cidr} with service range {cidr} and VLAN {vlan}',
  example('I expose the EFS "efs-lim" and "efs-second" on "vrs-lim" through subnet 10.120.0.0/16 with service range 10.120.0.0/29 and VLAN none'),
  async function (this: VrackLabWorld, first: string, second: string, alias: string, cidr: string, range: string, vlan: number | null) {
    // One request creates the subnet with both endpoints (the guide: "one or more").
    await addSubnet(this, alias, { cidr, serviceRange: range, vlan, managedServiceURNs: [this.names.urn(first), this.names.urn(second)] }, { mustSucceed: true });
  },
);

/** Set-up form: the exposure must be accepted and applied before the scenario goes on. */
async function exposed(world: VrackLabWorld, storage: string, alias: string, cidr: string, range: string, vlan: number | null): Promise<void> {
  await expose(world, storage, alias, cidr, range, vlan);
  world.lastValue();
  await waitReady(world, alias, 60_000);
}

Given(
  'the EFS {string} exposed on {string} through subnet {cidr} with service range {cidr} and VLAN {vlan}',
  example('the EFS "efs-lim" exposed on "vrs-lim" through subnet 10.120.0.0/16 with service range 10.120.0.0/29 and VLAN none'),
  function (this: VrackLabWorld, storage: string, alias: string, cidr: string, range: string, vlan: number | null) {
    return exposed(this, storage, alias, cidr, range, vlan);
  },
);

Given(
  '{string} exposes {string} on a subnet {cidr} with service range {cidr} and VLAN {vlan}',
  example('"vrs1" exposes "efs1" on a subnet 10.120.0.0/24 with service range 10.120.0.0/29 and VLAN none'),
  function (this: VrackLabWorld, alias: string, storage: string, cidr: string, range: string, vlan: number | null) {
    return exposed(this, storage, alias, cidr, range, vlan);
  },
);

Given('an Enterprise File Storage {string} in region {string} on the lab', example('an Enterprise File Storage "efs-second" in region "LIM" on the lab', { timeout: 120_000 }), async function (this: VrackLabWorld, name: string, region: string) {
  const { serviceName, urn } = await this.requireLab().addStorage(name, region);
  this.names.set('storage', name, serviceName, urn);
});

// Changes a scenario is about, that must be accepted: a refusal fails the step, quoting the API.
When('I create on {string} the subnet {cidr} with service range {cidr} and VLAN {vlan}', example('I create on "vrs-lim" the subnet 10.121.0.0/16 with service range 10.121.0.0/29 and VLAN 200'), async function (this: VrackLabWorld, alias: string, cidr: string, range: string, vlan: number | null) {
  await addSubnet(this, alias, { cidr, serviceRange: range, vlan }, { mustSucceed: true });
});

When('I add a Service Endpoint for {string} to the subnet {cidr} of {string}, which must be accepted', example('I add a Service Endpoint for "efs-second" to the subnet 10.120.0.0/16 of "vrs-lim", which must be accepted'), async function (this: VrackLabWorld, storage: string, cidr: string, alias: string) {
  await addEndpoints(this, alias, cidr, [this.names.urn(storage)], { mustSucceed: true });
});

When('I remove the Service Endpoint of {string} from {string}', example('I remove the Service Endpoint of "efs-lim" from "vrs-lim"'), async function (this: VrackLabWorld, storage: string, alias: string) {
  const urn = this.names.urn(storage);
  await updateSpec(this, alias, `remove the endpoint of ${storage} from ${alias}`, (spec) => ({ ...spec, subnets: spec.subnets.map((s) => ({ ...s, serviceEndpoints: s.serviceEndpoints.filter((e) => e.managedServiceURN !== urn) })) }), { mustSucceed: true });
});

async function setOnlyAcl(world: VrackLabWorld, storage: string, accessTo: string, accessLevel: 'rw' | 'ro' = 'rw'): Promise<void> {
  const lab = world.requireLab();
  const serviceName = world.names.id('storage', storage);
  const [share] = await lab.client.storage.listShares(serviceName);
  if (!share) throw new HarnessError('NO_SHARE', `storage ${storage} (${serviceName}) has no share whose ACL could be changed`);
  for (const rule of await lab.client.storage.listAcl(serviceName, share.id)) await lab.client.storage.deleteAcl(serviceName, share.id, rule.id);
  await lab.client.storage.createAcl(serviceName, share.id, { accessTo, accessLevel });
}

When('the ACL of the share of {string} only allows {cidr}', example('the ACL of the share of "efs-lim" only allows 10.120.9.0/24'), async function (this: VrackLabWorld, storage: string, cidr: string) {
  await setOnlyAcl(this, storage, cidr);
});

When('the ACL of the share of {string} only allows {cidr}, read-only', example('the ACL of the share of "efs-lim" only allows 10.120.0.0/16, read-only'), async function (this: VrackLabWorld, storage: string, cidr: string) {
  await setOnlyAcl(this, storage, cidr, 'ro');
});

When('the ACL of the share of {string} allows {cidr} again', example('the ACL of the share of "efs-lim" allows 10.120.0.0/16 again'), async function (this: VrackLabWorld, storage: string, cidr: string) {
  await setOnlyAcl(this, storage, cidr);
});

/**
 * How much longer than the configured cut a disruptive change's outage may last: the detach and
 * attach themselves (nsenter), ARP, the first probe after the attach. Measured with a 1000 ms cut,
 * 3 runs per driver: outages and move gaps of 979–1234 ms, one at 1573 ms; 1000 ms leaves ~4× the
 * usual excess and ~1.7× the worst (docs/efs-and-probes.md, "Interruptions").
 */
export const RECOVERY_TOLERANCE_MS = recoveryTolerance(process.env.VRACKLAB_RECOVERY_TOLERANCE_MS);

/**
 * VRACKLAB_RECOVERY_TOLERANCE_MS overrides it for a machine of another speed: the dot1q VM layer
 * emulates its CPU (qemu TCG, ~10× slower, on a shared machine), where every `ip` command of a
 * detach and attach takes its time (measured there: a 1 s cut became an 8.2 s VLAN move).
 */
function recoveryTolerance(text: string | undefined): number {
  if (text === undefined) return 1000;
  const ms = Number(text);
  if (!/^\d+$/.test(text) || ms > 60_000) throw invalidInput('VRACKLAB_RECOVERY_TOLERANCE_MS', text, 'an integer number of milliseconds, 0–60000');
  return ms;
}

Then('no endpoint left the vRack during the change', example('no endpoint left the vRack during the change'), function (this: VrackLabWorld) {
  // The lab's own record of its data plane: a detach and re-attach quicker than one probe interval
  // (20–110 ms measured) could slip between two probes; the journal cannot miss it.
  const lab = this.requireLab();
  const detached = lab.simulator.journal.list({ kind: 'dataplane' }).filter((e) => e.name === 'detach');
  expectTrue('endpoints detached from the vRack in this scenario', detached.length === 0, 'none', detached.map((e) => `${String(e.data.ip)} at ${e.at}`).join(', '));
});
