// Then steps on API outcomes and resource state. Every failure says expected vs measured.
import { Then } from '@cucumber/cucumber';
import { HarnessError, expectContains, expectEqual, expectTrue, waitFor, type VrackServices } from '../sim/index.ts';
import type { VrackLabWorld } from './world.ts';
import { waitReady } from './support/api-actions.ts';
import { stepExamples } from './support/step-doc.ts';

const example = stepExamples('assertions');

Then('the request is refused with HTTP {int} and class {string}', example('the request is refused with HTTP 400 and class "Client::BadRequest"'), function (this: VrackLabWorld, status: number, errorClass: string) {
  const err = this.lastError();
  expectEqual(`refusal of "${this.last!.what}"`, `HTTP ${status} ${errorClass}`, `HTTP ${err.status} ${err.errorClass}`, err.apiMessage);
});

Then('the request is refused with HTTP {int}', example('the request is refused with HTTP 401'), function (this: VrackLabWorld, status: number) {
  const err = this.lastError();
  expectEqual(`HTTP status of "${this.last!.what}"`, status, err.status, err.toLine());
});

Then('the request is refused with HTTP {int} and the message {string}', example('the request is refused with HTTP 400 and the message "invalid cursor"'), function (this: VrackLabWorld, status: number, message: string) {
  const err = this.lastError();
  expectEqual(`refusal of "${this.last!.what}"`, `HTTP ${status}: ${message}`, `HTTP ${err.status}: ${err.apiMessage}`);
});

Then('the error message contains {string}', example('the error message contains "regular expressions are not accepted"'), function (this: VrackLabWorld, text: string) {
  expectContains('error message', this.lastError().apiMessage, text);
});

Then('the request is accepted with a new checksum', example('the request is accepted with a new checksum'), function (this: VrackLabWorld) {
  // The checksum that PUT returned against the one it was sent with: nothing earlier counts.
  const value = this.lastValue<VrackServices>();
  const sent = this.sentChecksums.get(this.last!);
  if (sent === undefined) throw new HarnessError('NOT_A_PUT', `the last call (${this.last!.what}) did not PUT a target spec, so it has no checksum to compare`);
  expectTrue(`checksum returned by "${this.last!.what}"`, /^[0-9a-f]{32}$/.test(value.checksum) && value.checksum !== sent, `an MD5 other than the one sent (${sent})`, value.checksum);
});

Then('the target spec of {string} is unchanged', example('the target spec of "vrs1" is unchanged'), async function (this: VrackLabWorld, alias: string) {
  const vrs = await (await this.client()).getVrackServices(this.vrsId(alias));
  expectEqual(`target spec of ${alias}`, this.specBefore, vrs.targetSpec);
});

Then('{string} becomes READY within {duration}', example('"vrs-lim" becomes READY within 60 seconds'), async function (this: VrackLabWorld, alias: string, ms: number) {
  await waitReady(this, alias, ms);
});

Then('{string} ends in resource status {string} within {duration}', example('"vrs1" ends in resource status "ERROR" within 30 seconds'), async function (this: VrackLabWorld, alias: string, status: string, ms: number) {
  const client = await this.client();
  let seen = '';
  await waitFor(async () => ((seen = (await client.getVrackServices(this.vrsId(alias))).resourceStatus) === status), {
    what: `${alias} to reach resource status ${status}`,
    timeoutMs: ms,
    intervalMs: 100,
    describe: () => `resource status ${seen}`,
  });
});

Then('{string} has resource status {string}', example('"vrs1" has resource status "READY"'), async function (this: VrackLabWorld, alias: string, status: string) {
  const vrs = await (await this.client()).getVrackServices(this.vrsId(alias));
  expectEqual(`resource status of ${alias}`, status, vrs.resourceStatus);
});

Then('the product status of {string} is {string}', example('the product status of "vrs-lim" is "DRAFT"'), async function (this: VrackLabWorld, alias: string, status: string) {
  const vrs = await (await this.client()).getVrackServices(this.vrsId(alias));
  expectEqual(`product status of ${alias}`, status, vrs.currentState.productStatus, `vrackId ${vrs.currentState.vrackId}, resource ${vrs.resourceStatus}`);
});

Then('the subnet {cidr} of {string} shows {int} used, {int} remaining and {int} reserved IPs', example('the subnet 10.120.0.0/16 of "vrs-lim" shows 1 used, 3 remaining and 4 reserved IPs'), async function (this: VrackLabWorld, cidr: string, alias: string, used: number, remaining: number, reserved: number) {
  const vrs = await (await this.client()).getVrackServices(this.vrsId(alias));
  const subnet = vrs.currentState.subnets.find((s) => s.cidr === cidr);
  const r = subnet?.serviceRange;
  expectEqual(`IP accounting of subnet ${cidr}`, { used, remaining, reserved }, r ? { used: r.usedIps, remaining: r.remainingIps, reserved: r.reservedIps } : 'no such subnet');
});

Then('the endpoint of {string} on {string} has IP {ip} described {string}', example('the endpoint of "efs-lim" on "vrs-lim" has IP 10.120.0.8 described "Nominal"'), async function (this: VrackLabWorld, storage: string, alias: string, ip: string, description: string) {
  const vrs = await (await this.client()).getVrackServices(this.vrsId(alias));
  const urn = this.names.urn(storage);
  const endpoints = vrs.currentState.subnets.flatMap((s) => s.serviceEndpoints).filter((e) => e.managedServiceURN === urn).flatMap((e) => e.endpoints);
  expectEqual(`endpoints of ${storage}`, [{ description, ip }], endpoints);
});

Then('the eligible managed services of {string} include {string}', example('the eligible managed services of "vrs1" include "efs1"'), async function (this: VrackLabWorld, alias: string, storage: string) {
  const eligible = await (await this.client()).listEligibleManagedServices(this.vrsId(alias));
  const urns = eligible.flatMap((e) => e.managedServiceURNs);
  expectTrue(`eligible managed services of ${alias}`, urns.includes(this.names.urn(storage)), `a list containing ${storage}`, JSON.stringify(urns));
});

Then('the eligible managed services of {string} do not include {string}', example('the eligible managed services of "vrs1" do not include "efs-gra"'), async function (this: VrackLabWorld, alias: string, storage: string) {
  const eligible = await (await this.client()).listEligibleManagedServices(this.vrsId(alias));
  const urns = eligible.flatMap((e) => e.managedServiceURNs);
  expectTrue(`eligible managed services of ${alias}`, !urns.includes(this.names.urn(storage)), `a list without ${storage}`, JSON.stringify(urns));
});

Then('exactly {int} update is accepted', example('exactly 1 update is accepted'), function (this: VrackLabWorld, count: number) {
  expectEqual('accepted parallel updates', count, this.batch.filter((o) => o.ok).length);
});

Then('the {int} others are refused with HTTP {int} or {int}', example('the 19 others are refused with HTTP 412 or 423'), function (this: VrackLabWorld, count: number, a: number, b: number) {
  this.refusalsChecked(this.batch);
  const refused = this.batch.filter((o) => !o.ok).map((o) => (o.ok ? 0 : o.error.status));
  expectEqual('refused parallel updates', count, refused.length);
  expectTrue('statuses of the refused updates', refused.every((s) => s === a || s === b), `only ${a} or ${b}`, JSON.stringify(refused));
});

Then('the response shows resource status {string} and a {string} task of type {string}', example('the response shows resource status "UPDATING" and a "PENDING" task of type "VrackServicesUpdate"'), function (this: VrackLabWorld, status: string, taskStatus: string, type: string) {
  const vrs = this.lastValue<VrackServices>();
  expectEqual('PUT response', { status, task: { status: taskStatus, type } }, { status: vrs.resourceStatus, task: { status: vrs.currentTasks?.[0]?.status, type: vrs.currentTasks?.[0]?.type } });
});

Then('the task went through PENDING, RUNNING and DONE', example('the task went through PENDING, RUNNING and DONE'), async function (this: VrackLabWorld) {
  const vrs = this.lastValue<VrackServices>();
  const taskId = vrs.currentTasks?.[0]?.id;
  // Without an id every task event would match: the claim is about one task, so it must have one.
  if (!taskId) throw new HarnessError('NO_TASK', `the response to "${this.last!.what}" lists no current task (currentTasks ${JSON.stringify(vrs.currentTasks)})`);
  const session = await this.api();
  if (session.simulator) {
    const transitions = session.simulator.journal.list({ kind: 'task' }).filter((e) => e.data.taskId === taskId).map((e) => e.name);
    expectTrue(`transitions of task ${taskId}`, /PENDING.*RUNNING.*DONE/.test(transitions.join(' ')), 'PENDING → RUNNING → DONE', transitions.join(', ') || 'none');
    return;
  }
  // The real API keeps no journal: a DONE task that has a start and an end is the evidence it ran.
  const task = await session.client.getTask(vrs.id, taskId);
  expectEqual(`task ${taskId}`, { status: 'DONE', started: true, finished: true }, { status: task.status, started: Boolean(task.startedAt), finished: Boolean(task.finishedAt) });
});

Then('the task list of {string} contains that task', example('the task list of "vrs1" contains that task'), async function (this: VrackLabWorld, alias: string) {
  const taskId = this.lastValue<VrackServices>().currentTasks?.[0]?.id;
  const tasks = await (await this.client()).listTasks(this.vrsId(alias));
  const task = tasks.find((t) => t.id === taskId);
  expectEqual(`task ${taskId} in the task list`, 'DONE', task?.status ?? 'absent');
});

Then('the task of {string} shows an error message', example('the task of "vrs1" shows an error message'), async function (this: VrackLabWorld, alias: string) {
  const tasks = await (await this.client()).listTasks(this.vrsId(alias));
  const failed = tasks.filter((t) => t.status === 'ERROR');
  expectTrue('failed tasks', failed.length > 0 && (failed[0]!.errors?.length ?? 0) > 0, 'a task in ERROR with an error message', JSON.stringify(tasks.map((t) => ({ status: t.status, errors: t.errors }))));
});

Then('the current state of {string} has no subnet', example('the current state of "vrs1" has no subnet'), async function (this: VrackLabWorld, alias: string) {
  const vrs = await (await this.client()).getVrackServices(this.vrsId(alias));
  expectEqual(`current subnets of ${alias}`, [], vrs.currentState.subnets.map((s) => s.cidr));
});

Then('the target spec of {string} keeps the failed subnet {cidr}', example('the target spec of "vrs1" keeps the failed subnet 10.120.0.0/24'), async function (this: VrackLabWorld, alias: string, cidr: string) {
  const vrs = await (await this.client()).getVrackServices(this.vrsId(alias));
  expectEqual(`target subnets of ${alias}`, [cidr], vrs.targetSpec.subnets.map((s) => s.cidr));
});

Then('the order is refused with a message containing {string}', example(`the order is refused with a message containing "Limit of '20' vRack Services per account exceeded"`), function (this: VrackLabWorld, text: string) {
  // Status and class first: a message substring alone would also match an unrelated error.
  const err = this.lastError();
  expectEqual('order refusal', 'HTTP 400 Client::BadRequest', `HTTP ${err.status} ${err.errorClass}`, err.apiMessage);
  expectContains('order refusal', err.apiMessage, text);
});

Then('the reference regions include {string}', example('the reference regions include "LIM"'), async function (this: VrackLabWorld, region: string) {
  const regions = (await (await this.client()).listRegions()).map((r) => r.name);
  expectTrue('reference regions', regions.includes(region), `a list containing ${region}`, regions.join(', '));
});
