// Cursor pagination and authentication, exercised through the client as any user's code would.
import { Then, When } from '@cucumber/cucumber';
import { attempt, createClient, DEV_CREDENTIALS, expectEqual, expectTrue, HarnessError, type Page, type VrackServicesWithIAM } from '../sim/index.ts';
import type { VrackLabWorld } from './world.ts';
import { recordWire, type WireRecorder } from './support/wire-recorder.ts';
import { stepExamples } from './support/step-doc.ts';

const example = stepExamples('pagination-auth');

const pagesOf = new WeakMap<VrackLabWorld, Page<VrackServicesWithIAM>[]>();

When('I list vRack Services {int} per page', example('I list vRack Services 3 per page'), async function (this: VrackLabWorld, size: number) {
  const client = await this.client();
  const pages: Page<VrackServicesWithIAM>[] = [];
  let cursor: string | undefined;
  // Bounded: a broken server that never ends its cursor chain fails the scenario instead of looping.
  for (let i = 0; i < 100; i++) {
    const page = await client.listVrackServicesPage({ size, cursor });
    pages.push(page);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  pagesOf.set(this, pages);
});

When('I list vRack Services with the cursor {string}', example('I list vRack Services with the cursor "garbage"'), async function (this: VrackLabWorld, cursor: string) {
  const client = await this.client();
  this.last = await attempt(`list with cursor ${cursor}`, () => client.listVrackServicesPage({ cursor }));
});

function pages(world: VrackLabWorld): Page<VrackServicesWithIAM>[] {
  const p = pagesOf.get(world);
  if (!p) throw new HarnessError('NO_LISTING', 'no paginated listing was made in this scenario');
  return p;
}

Then('I get pages of {int}, {int} and {int} items', example('I get pages of 3, 3 and 1 items'), function (this: VrackLabWorld, a: number, b: number, c: number) {
  expectEqual('page sizes', [a, b, c], pages(this).map((p) => p.items.length));
});

Then('every vRack Services appears exactly once', example('every vRack Services appears exactly once'), async function (this: VrackLabWorld) {
  const listed = pages(this).flatMap((p) => p.items.map((v) => v.id)).sort();
  const all = (await (await this.client()).listVrackServices()).map((v) => v.id).sort();
  expectEqual('vRack Services across pages', all, listed);
});

Then('the last page has no next cursor', example('the last page has no next cursor'), function (this: VrackLabWorld) {
  expectEqual('next cursor of the last page', undefined, pages(this).at(-1)?.nextCursor);
});

const wireOf = new WeakMap<VrackLabWorld, WireRecorder>();

When('I authenticate with OAuth2 client {string} and secret {string}', example('I authenticate with OAuth2 client "vracklab" and secret "vracklab-secret"'), async function (this: VrackLabWorld, clientId: string, clientSecret: string) {
  const session = await this.api();
  const wire = recordWire();
  wireOf.set(this, wire);
  this.adHocClient = createClient({ endpoint: session.baseUrl, clientId, clientSecret, fetch: wire.fetch });
});

Then('the token endpoint issued a bearer token and every API call carried it', example('the token endpoint issued a bearer token and every API call carried it'), function (this: VrackLabWorld) {
  const wire = wireOf.get(this);
  if (!wire) throw new HarnessError('NO_OAUTH2_CLIENT', 'no OAuth2 client was made in this scenario: authenticate with OAuth2 first');
  const issued = wire.exchanges.flatMap((e) => (e.issuedToken ? [e.issuedToken] : []));
  const calls = wire.exchanges.filter((e) => !e.url.endsWith('/oauth2/token'));
  expectEqual('tokens issued by the token endpoint', 1, issued.length, JSON.stringify(wire.exchanges.map((e) => `${e.method} ${e.url} ${e.status}`)));
  const auth = calls.map((e) => `${e.method} ${new URL(e.url).pathname}: ${e.authorization === `Bearer ${issued[0]}` ? 'the issued bearer token' : (e.authorization ?? 'no Authorization')}`);
  expectTrue('API calls of the OAuth2 client', calls.length > 0 && calls.every((e) => e.authorization === `Bearer ${issued[0]}` && e.status < 400), 'at least one call, each answered and carrying the issued bearer token', auth.join('; ') || 'no call');
});

When('I call the API signing with application secret {string}', example('I call the API signing with application secret "wrong-secret"'), async function (this: VrackLabWorld, secret: string) {
  const session = await this.api();
  const client = createClient({ endpoint: session.baseUrl, applicationKey: DEV_CREDENTIALS.applicationKey, applicationSecret: secret, consumerKey: DEV_CREDENTIALS.consumerKey });
  this.last = await attempt('signed call with a wrong secret', () => client.listVrackServices());
});

When('I call the API without credentials', example('I call the API without credentials'), async function (this: VrackLabWorld) {
  const session = await this.api();
  const client = createClient({ endpoint: session.baseUrl });
  this.last = await attempt('call without credentials', () => client.listVrackServices());
});

Then('I can list vRack Services', example('I can list vRack Services'), async function (this: VrackLabWorld) {
  const client = this.adHocClient ?? (await this.client());
  const listed = await client.listVrackServices();
  expectEqual('listing is an array', true, Array.isArray(listed));
});
