// Security scenarios over the API (issue 8): hostile share names, route-fault patterns, over-long
// URLs and anonymous floods. Thin: the checks live in sim/ (raw-request, flood, runApiCommand).
import { Given, Then, When } from '@cucumber/cucumber';
import { attempt, expectContains, expectEqual, expectTrue, floodAnonymous, isOvhErrorBody, rawRequest, runApiCommand, DEV_CREDENTIALS, type RawAnswer } from '../sim/index.ts';
import type { VrackLabWorld } from './world.ts';
import { stepExamples } from './support/step-doc.ts';

const example = stepExamples('security');

const rawOf = new WeakMap<VrackLabWorld, RawAnswer>();
const cliOf = new WeakMap<VrackLabWorld, { code: number; out: string; err: string }>();

When('I create on {string} a share named:', example('I create on "efs-1" a share named:'), async function (this: VrackLabWorld, storage: string, name: string) {
  const client = await this.client();
  this.last = await attempt('create a share', () => client.storage.createShare(this.names.id('storage', storage), { protocol: 'NFS', size: 10, name }));
});

Given('{string} has a share named {string}', example('"efs-1" has a share named "data"'), async function (this: VrackLabWorld, storage: string, name: string) {
  await (await this.client()).storage.createShare(this.names.id('storage', storage), { protocol: 'NFS', size: 10, name });
});

When('I rename the share {string} of {string} to:', example('I rename the share "data" of "efs-1" to:'), async function (this: VrackLabWorld, share: string, storage: string, name: string) {
  const client = await this.client();
  const sn = this.names.id('storage', storage);
  const found = (await client.storage.listShares(sn)).find((s) => s.name === share);
  this.last = await attempt('rename a share', () => client.storage.updateShare(sn, found?.id ?? share, { name }));
});

Then('the shares of {string} are named exactly {string}', example('the shares of "efs-1" are named exactly "data"'), async function (this: VrackLabWorld, storage: string, names: string) {
  const shares = await (await this.client()).storage.listShares(this.names.id('storage', storage));
  expectEqual(`share names of ${storage}`, names.split(', '), shares.map((s) => s.name));
});

When('I run "vracklab api post" to create on {string} a share named:', example('I run "vracklab api post" to create on "efs-1" a share named:'), async function (this: VrackLabWorld, storage: string, name: string) {
  const body = JSON.stringify({ protocol: 'NFS', size: 10, name });
  const argv = ['post', `/1.0/storage/netapp/${this.names.id('storage', storage)}/share`, '--endpoint', (await this.api()).baseUrl, '--data', body];
  cliOf.set(this, await runApiCommand(argv, { OVH_CLIENT_ID: DEV_CREDENTIALS.oauth2ClientId, OVH_CLIENT_SECRET: DEV_CREDENTIALS.oauth2ClientSecret }));
});

Then('the command exits with code {int} and its error output contains {string}', example('the command exits with code 1 and its error output contains "HTTP 400 Client::BadRequest: Invalid name"'), function (this: VrackLabWorld, code: number, text: string) {
  const run = cliOf.get(this);
  expectEqual(`exit code (stderr: ${run?.err})`, code, run?.code);
  expectContains('error output', run?.err ?? '', text);
});

When('I inject a route fault with the path {string}', example('I inject a route fault with the path "^/(a|a)*$"'), async function (this: VrackLabWorld, path: string) {
  const client = await this.client();
  this.last = await attempt('inject a route fault', () => client.lab.injectFaults({ routeErrors: [{ path, status: 503 }] }));
});

When('an anonymous client requests {string}', example('an anonymous client requests "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"'), async function (this: VrackLabWorld, path: string) {
  rawOf.set(this, await rawRequest((await this.api()).baseUrl, path));
});

When('an anonymous client requests a URL of {int} characters', example('an anonymous client requests a URL of 20000 characters'), async function (this: VrackLabWorld, length: number) {
  rawOf.set(this, await rawRequest((await this.api()).baseUrl, `/v2/vrackServices/resource?pad=${'x'.repeat(length - 31)}`));
});

When('an anonymous client requests a path with a segment of {int} characters', example('an anonymous client requests a path with a segment of 200 characters'), async function (this: VrackLabWorld, length: number) {
  rawOf.set(this, await rawRequest((await this.api()).baseUrl, `/v2/vrackServices/resource/${'a'.repeat(length)}`));
});

Then('the answer is HTTP {int} with OVH\'s error body of class {string}', example(`the answer is HTTP 414 with OVH's error body of class "Client::RequestURITooLong"`), function (this: VrackLabWorld, status: number, errorClass: string) {
  const answer = rawOf.get(this);
  expectEqual('status', status, answer?.status);
  expectTrue('error body', isOvhErrorBody(answer?.body), 'exactly {class, message}', JSON.stringify(answer?.body).slice(0, 200));
  expectEqual('error class', errorClass, (answer?.body as { class: string }).class);
});

Then('the API time endpoint answers within {duration}', example('the API time endpoint answers within 1 s'), async function (this: VrackLabWorld, ms: number) {
  const t0 = Date.now();
  const answer = await rawRequest((await this.api()).baseUrl, '/1.0/auth/time', { timeoutMs: ms });
  expectEqual('status of /1.0/auth/time', 200, answer.status);
  const took = Date.now() - t0;
  expectTrue('answer time of /1.0/auth/time', took <= ms, `at most ${ms} ms`, `${took} ms`);
});

Then('the vRack Services list answers 200', example('the vRack Services list answers 200'), async function (this: VrackLabWorld) {
  const list = await (await this.client()).listVrackServices();
  expectTrue('vRack Services list', Array.isArray(list), 'an array', JSON.stringify(list).slice(0, 200));
});

When('{int} anonymous requests with URLs of {int} characters are sent', example('300 anonymous requests with URLs of 15000 characters are sent', { timeout: 120_000 }), async function (this: VrackLabWorld, count: number, length: number) {
  const { statuses } = await floodAnonymous((await this.api()).baseUrl, count, length);
  expectEqual('statuses of the anonymous requests', { 401: count }, statuses);
});

Then('the journal counts {int} unauthenticated requests and records none of them', example('the journal counts 300 unauthenticated requests and records none of them'), async function (this: VrackLabWorld, count: number) {
  const sim = await this.simulator('reading the journal');
  expectEqual('unauthenticated requests counted', count, sim.journal.counts().unauthenticated);
  const flood = sim.journal.list().filter((e) => `${e.name} ${String(e.data.url ?? '')}`.includes('/aaaaaaaaaa'));
  expectEqual('journal events of the anonymous requests', 0, flood.length);
});

Then('a page of GET \\/lab\\/events is smaller than {int} KB', example('a page of GET /lab/events is smaller than 512 KB'), async function (this: VrackLabWorld, kb: number) {
  const events = await (await this.client()).lab.events();
  const bytes = Buffer.byteLength(JSON.stringify(events));
  expectTrue('size of a GET /lab/events page', bytes < kb * 1024, `under ${kb} KB`, `${bytes} bytes`);
});

Then('the request is accepted', example('the request is accepted'), function (this: VrackLabWorld) {
  this.lastValue();
});
