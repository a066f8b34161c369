// Simulator.restore (a reused lab between scenarios): the state, the fabric, the knobs and the
// journal go back to the checkpoint; endpoints live in both stay attached untouched.
import { afterEach, describe, expect, it } from 'vitest';
import { endpointKey } from './recording-data-plane.ts';
import { startTestSim, subnet, type TestSim } from './test-support.ts';

let t: TestSim;
afterEach(async () => t?.close());

describe('Simulator.restore', () => {
  it('detaches what a scenario attached, re-attaches what it removed, and keeps what never changed', async () => {
    t = await startTestSim();
    const { id } = await t.readyVrs();
    const [kept, moved] = [await t.efs(), await t.efs()];
    expect((await t.apply(id, { subnets: [subnet('10.1.0.0/24', '10.1.0.0/29', [kept, moved])] })).status).toBe(200);
    const before = [...t.dp.live.keys()].sort();
    const checkpoint = t.sim.checkpoint();

    // The "scenario": swap one endpoint for another storage's, inject a fault, slow the API, shrink a limit.
    const extra = await t.efs();
    expect((await t.apply(id, { subnets: [subnet('10.1.0.0/24', '10.1.0.0/29', [kept, extra])] })).status).toBe(200);
    expect([...t.dp.live.keys()].sort()).not.toEqual(before);
    t.sim.admin.injectFaults({ failNextTasks: 2 });
    t.sim.admin.setTimings({ taskRunningMs: 999 });
    t.sim.admin.setLimits({ subnetsPerVrackServices: 2 });
    t.dp.calls.length = 0;

    await t.sim.restore(checkpoint);

    expect([...t.dp.live.keys()].sort()).toEqual(before);
    // Only the differences moved: the kept endpoint was never detached.
    const touched = t.dp.calls.filter((c) => c.op !== 'syncStorage').map((c) => `${c.op} ${'endpoint' in c ? endpointKey(c.endpoint) : ''}`);
    expect(touched.some((c) => c.includes(kept))).toBe(false);
    expect(touched.filter((c) => c.startsWith('detach'))).toHaveLength(1);
    expect(touched.filter((c) => c.startsWith('attach'))).toHaveLength(1);
    expect(t.sim.checkpoint()).toEqual(checkpoint);
    expect(t.sim.admin.faults()).toEqual({ failNextTasks: 0, latencyMs: 0, routeErrors: [] });
    expect(t.sim.journal.list()).toEqual([]);
  });

  it('re-exports every storage service from its restored shares and ACLs', async () => {
    t = await startTestSim();
    const { serviceName, shares } = await t.sim.admin.deliverStorage({ region: 'eu-west-lim', shares: [{ name: 'a', acls: [{ accessTo: '10.0.0.0/8', accessLevel: 'rw' }] }] });
    const checkpoint = t.sim.checkpoint();
    const acl = await t.req('GET', `/1.0/storage/netapp/${serviceName}/share/${shares[0]!.id}/acl`);
    for (const { id: ruleId } of acl.json as { id: string }[]) expect((await t.req('DELETE', `/1.0/storage/netapp/${serviceName}/share/${shares[0]!.id}/acl/${ruleId}`)).status).toBeLessThan(300);
    t.dp.calls.length = 0;

    await t.sim.restore(checkpoint);

    const synced = t.dp.calls.filter((c) => c.op === 'syncStorage');
    expect(synced).toHaveLength(1);
    expect(synced[0]!.op === 'syncStorage' && synced[0]!.service.shares[0]!.acls.map((a) => a.accessTo)).toEqual(['10.0.0.0/8']);
  });

  it('ends a task the scenario left in flight: the restored state has only the checkpoint tasks', async () => {
    t = await startTestSim({ timings: { deliveryMs: 5, taskPendingMs: 60_000, taskRunningMs: 60_000, disruptiveCutMs: 5, vrackTaskMs: 5 } });
    const { id } = await t.readyVrs();
    const checkpoint = t.sim.checkpoint();
    const efs = await t.efs();
    const cur = await t.req('GET', `/v2/vrackServices/resource/${id}`);
    expect((await t.req('PUT', `/v2/vrackServices/resource/${id}`, { checksum: cur.json.checksum, targetSpec: { subnets: [subnet('10.1.0.0/24', '10.1.0.0/29', [efs])] } })).status).toBe(200);
    expect(t.sim.views().tasks.length).toBeGreaterThan(checkpoint.state.tasks.length);

    await t.sim.restore(checkpoint);

    expect(t.sim.views().tasks).toHaveLength(checkpoint.state.tasks.length);
    expect((await t.req('GET', `/v2/vrackServices/resource/${id}`)).json.resourceStatus).toBe('READY');
  });
});
