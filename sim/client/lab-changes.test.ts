// Waits on a simulator follow its changes: with a one-minute polling interval, waitForReady still
// returns as soon as the PUT's task is done (it woke on the task's events, not on its interval).
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, DEV_CREDENTIALS, type Simulator } from '../api/simulator.ts';
import { subnet } from '../api/test-support.ts';
import { createClient } from './client.ts';
import { injectFetch } from './inject-fetch.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const MINUTE = 60_000;

describe('waiting on a simulator', () => {
  it("waitForReady wakes on the task's events, not on its interval", async () => {
    sim = await createSimulator({ profile: '2025-10', timings: { deliveryMs: 0, taskPendingMs: 20, taskRunningMs: 20, disruptiveCutMs: 0, vrackTaskMs: 0 } });
    const client = createClient({ endpoint: 'http://localhost', clientId: DEV_CREDENTIALS.oauth2ClientId, clientSecret: DEV_CREDENTIALS.oauth2ClientSecret, fetch: injectFetch(sim.app) });
    const urn = (await client.lab.createStorageNetApp({ region: 'eu-west-lim' })).urn;
    const { id } = await sim.admin.seedVrackServices({ region: 'eu-west-lim' });
    const current = await client.getVrackServices(id);
    await client.updateVrackServices(id, { checksum: current.checksum, targetSpec: { ...current.targetSpec, subnets: [subnet('10.1.0.0/24', '10.1.0.0/29', [urn], 10)] } });

    const ready = await client.waitForReady(id, { timeoutMs: MINUTE, intervalMs: MINUTE });
    expect(ready.resourceStatus).toBe('READY');
    expect(ready.currentState.subnets).toHaveLength(1);
  });

  it('a long poll of /lab/events answers with the change that woke it', async () => {
    sim = await createSimulator({ profile: '2025-10' });
    const client = createClient({ endpoint: 'http://localhost', clientId: DEV_CREDENTIALS.oauth2ClientId, clientSecret: DEV_CREDENTIALS.oauth2ClientSecret, fetch: injectFetch(sim.app) });
    const [last] = (await client.lab.events()).slice(-1) as { seq: number }[];
    const poll = client.call<{ name: string }[]>('GET', '/lab/events', { query: { since: String(last?.seq ?? 0), waitMs: '30000' } });
    await sim.admin.createVrack({ serviceName: 'pn-woke' });
    expect((await poll).map((e) => e.name)).toContain('vrack-created');
  });

  it('refuses a waitMs out of bounds or without since', async () => {
    sim = await createSimulator({ profile: '2025-10' });
    const client = createClient({ endpoint: 'http://localhost', clientId: DEV_CREDENTIALS.oauth2ClientId, clientSecret: DEV_CREDENTIALS.oauth2ClientSecret, fetch: injectFetch(sim.app) });
    await expect(client.call('GET', '/lab/events', { query: { since: '0', waitMs: '30001' } })).rejects.toMatchObject({ status: 400 });
    await expect(client.call('GET', '/lab/events', { query: { waitMs: '10' } })).rejects.toMatchObject({ status: 400 });
  });
});
