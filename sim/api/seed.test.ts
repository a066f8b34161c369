// What a lab delivers at start exists when the user arrives (seedVrackServices): READY, subnets
// current, in its vRack, endpoints on the fabric, without any of the simulator's delays; the user's
// own PUT afterwards still goes through its task's states at the simulator's pace.
import { afterEach, describe, expect, it } from 'vitest';
import type { JournalEvent } from './event-journal.ts';
import { startTestSim, subnet, type TestSim } from './test-support.ts';

/** Every delay an hour: a seed that waited on any of them would never resolve within the test. */
const HOUR = 3_600_000;
const ENDLESS = { deliveryMs: HOUR, taskPendingMs: HOUR, taskRunningMs: HOUR, disruptiveCutMs: HOUR, vrackTaskMs: HOUR };

let t: TestSim | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Resolves with the first journal event `match` accepts, recorded from now on. */
function nextEvent(sim: TestSim['sim'], match: (e: JournalEvent) => boolean): Promise<JournalEvent> {
  return new Promise((resolve) => {
    const off = sim.journal.subscribe((e) => {
      if (!match(e)) return;
      off();
      resolve(e);
    });
  });
}

describe('seedVrackServices', () => {
  it('is READY at once, with its subnet current, in its vRack and its endpoint attached, whatever the delays', async () => {
    t = await startTestSim({ timings: ENDLESS });
    const urn = await t.efs('eu-west-lim');
    const { serviceName: vrack } = await t.sim.admin.createVrack({ serviceName: 'pn-seeded' });

    const { id } = await t.sim.admin.seedVrackServices({ region: 'eu-west-lim', displayName: 'seeded', subnets: [subnet('10.1.0.0/24', '10.1.0.0/29', [urn], 10)], vrackId: vrack });

    const view = (await t.req('GET', `/v2/vrackServices/resource/${id}`)).json;
    expect(view.resourceStatus).toBe('READY');
    expect(view.currentTasks).toEqual([]);
    expect(view.currentState.vrackId).toBe(vrack);
    expect(view.currentState.subnets).toEqual([
      { cidr: '10.1.0.0/24', displayName: null, serviceRange: { cidr: '10.1.0.0/29', reservedIps: 5, usedIps: 1, remainingIps: 2 }, vlan: 10, serviceEndpoints: [{ managedServiceURN: urn, endpoints: [{ description: 'Nominal', ip: expect.stringMatching(/^10\.1\.0\.\d+$/) as unknown }] }] },
    ]);
    // The spec is the state: a PUT of it would change nothing.
    expect(view.targetSpec.subnets).toEqual([subnet('10.1.0.0/24', '10.1.0.0/29', [urn], 10)]);
    expect(t.dp.calls.filter((c) => c.op === 'attach').map((c) => ('endpoint' in c ? [c.endpoint.vrackServicesId, c.endpoint.vrackId, c.endpoint.vlan] : []))).toEqual([[id, vrack, 10]]);
    expect((await t.req('GET', `/1.0/vrack/${vrack}/vrackServices`)).json).toEqual([id]);
    expect((await t.req('GET', `/1.0/vrack/${vrack}/task`)).json).toEqual([]);
  });

  it('refuses what the API would refuse, and then stores nothing', async () => {
    t = await startTestSim({ timings: ENDLESS });
    const { serviceName: vrack } = await t.sim.admin.createVrack({ serviceName: 'pn-seeded' });
    const graUrn = await t.efs('eu-west-gra');
    await expect(t.sim.admin.seedVrackServices({ region: 'eu-west-lim', subnets: [subnet('10.1.0.0/24', '10.1.0.0/29', [graUrn])], vrackId: vrack })).rejects.toThrow(/eu-west-gra|region|eligible/i);
    await expect(t.sim.admin.seedVrackServices({ region: 'eu-west-lim', vrackId: 'pn-nowhere' })).rejects.toThrow(/pn-nowhere/);
    expect((await t.req('GET', '/v2/vrackServices/resource')).json).toEqual([]);
    expect((await t.req('GET', `/1.0/vrack/${vrack}/vrackServices`)).json).toEqual([]);
    expect(t.dp.calls.filter((c) => c.op === 'attach' || c.op === 'detach')).toEqual([]);
  });

  it("leaves the user's own PUT at the simulator's pace: UPDATING with a PENDING task, then RUNNING, then DONE", async () => {
    t = await startTestSim({ timings: { deliveryMs: HOUR, vrackTaskMs: HOUR, disruptiveCutMs: HOUR, taskPendingMs: 30, taskRunningMs: 30 } });
    const urn = await t.efs('eu-west-lim');
    const { serviceName: vrack } = await t.sim.admin.createVrack({ serviceName: 'pn-seeded' });
    const { id } = await t.sim.admin.seedVrackServices({ region: 'eu-west-lim', vrackId: vrack });

    const running = nextEvent(t.sim, (e) => e.name === 'PENDING->RUNNING');
    const done = nextEvent(t.sim, (e) => e.name === 'RUNNING->DONE');
    const cur = (await t.req('GET', `/v2/vrackServices/resource/${id}`)).json;
    const put = await t.req('PUT', `/v2/vrackServices/resource/${id}`, { checksum: cur.checksum, targetSpec: { ...cur.targetSpec, subnets: [subnet('10.1.0.0/24', '10.1.0.0/29', [urn], 10)] } });
    expect(put.status).toBe(200);
    expect(put.json.resourceStatus).toBe('UPDATING');
    expect(put.json.currentTasks.map((x: { status: string }) => x.status)).toEqual(['PENDING']);
    expect(t.dp.calls.filter((c) => c.op === 'attach')).toEqual([]); // nothing on the fabric before the task runs

    const [r, d] = await Promise.all([running, done]);
    expect(r.seq).toBeLessThan(d.seq);
    const after = (await t.req('GET', `/v2/vrackServices/resource/${id}`)).json;
    expect(after.resourceStatus).toBe('READY');
    expect(after.currentState.subnets[0].serviceEndpoints[0].managedServiceURN).toBe(urn);
  });
});
