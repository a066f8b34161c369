/**
 * The reconciler end to end through the API, with the recording data plane: what reaches the
 * fabric, in which order, and only while associated.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../core/wait.ts';
import { startTestSim, subnet } from './test-support.ts';
import type { TestSim } from './test-support.ts';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim({ profile: '2024-04' });
});
afterEach(() => t.close());

const ops = (t: TestSim) => t.dp.calls.filter((c) => c.op !== 'syncStorage').map((c) => ('endpoint' in c ? `${c.op} ${c.endpoint.ip} vlan=${c.endpoint.vlan}` : 'sync'));

describe('reconciler → DataPlane', () => {
  it('the guide\'s complete example: adding an EFS endpoint attaches it at 10.120.0.1, ACTIVE, reserved 5 / used 1 / remaining 2', async () => {
    const { id, vrack } = await t.readyVrs({ displayName: 'My_vRackServices' });
    const efs = await t.efs();
    expect((await t.apply(id, { displayName: 'My_vRackServices', subnets: [subnet('10.120.0.0/16', '10.120.0.0/29', [], null)] })).status).toBe(200);
    t.dp.clear();
    expect((await t.apply(id, { displayName: 'My_vRackServices_updated', subnets: [subnet('10.120.0.0/16', '10.120.0.0/29', [efs], null)] })).status).toBe(200);
    const g = (await t.req('GET', `/v2/vrackServices/resource/${id}`)).json;
    expect(g.resourceStatus).toBe('READY');
    expect(g.currentState.productStatus).toBe('ACTIVE');
    expect(g.currentState.displayName).toBe('My_vRackServices_updated');
    expect(g.currentState.subnets[0].serviceRange).toEqual({ cidr: '10.120.0.0/29', reservedIps: 5, usedIps: 1, remainingIps: 2 });
    expect(g.currentState.subnets[0].serviceEndpoints).toEqual([{ endpoints: [{ description: 'Nominal', ip: '10.120.0.1' }], managedServiceURN: efs }]);
    expect(t.dp.calls.filter((c) => c.op === 'attach').map((c) => 'endpoint' in c && c.endpoint)).toEqual([
      { vrackServicesId: id, managedServiceURN: efs, vrackId: vrack, vlan: null, subnetCidr: '10.120.0.0/16', ip: '10.120.0.1', description: 'Nominal' },
    ]);
  });

  it('a seamless change (new endpoint + display names) never detaches the existing endpoint', async () => {
    const { id } = await t.readyVrs();
    const [a, b] = [await t.efs(), await t.efs()];
    await t.apply(id, { displayName: null, subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [a])] });
    t.dp.clear();
    await t.apply(id, { displayName: 'renamed', subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [a, b], 2, 'db')] });
    expect(ops(t)).toEqual(['attach 10.0.0.2 vlan=2']);
    expect(t.dp.calls.some((c) => c.op === 'detach')).toBe(false);
  });

  it('a disruptive change (VLAN) detaches, re-elects and re-attaches, in that order, with the cut in between', async () => {
    const { id } = await t.readyVrs();
    const [a, b] = [await t.efs(), await t.efs()];
    await t.apply(id, { displayName: null, subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [a, b])] });
    t.dp.clear();
    await t.apply(id, { displayName: null, subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [a, b], 7)] });
    expect(ops(t)).toEqual(['detach 10.0.0.1 vlan=2', 'detach 10.0.0.2 vlan=2', 'attach 10.0.0.1 vlan=7', 'attach 10.0.0.2 vlan=7']);
    // The cut sits between the last detach and the first attach (journal order, not wall-clock claims).
    const dpEvents = t.sim.journal.list({ kind: 'dataplane' }).map((e) => e.name).filter((n) => n !== 'syncStorage').slice(-6);
    expect(dpEvents).toEqual(['detach', 'detach', 'cut-start', 'cut-end', 'attach', 'attach']);
  });

  it('deleting an endpoint re-elects the survivors: detach both, attach the survivor at the lowest IP', async () => {
    const { id } = await t.readyVrs();
    const [a, b] = [await t.efs(), await t.efs()];
    await t.apply(id, { displayName: null, subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [a, b])] });
    t.dp.clear();
    await t.apply(id, { displayName: null, subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [b])] });
    expect(ops(t)).toEqual(['detach 10.0.0.1 vlan=2', 'detach 10.0.0.2 vlan=2', 'attach 10.0.0.1 vlan=2']);
    const g = (await t.req('GET', `/v2/vrackServices/resource/${id}`)).json;
    expect(g.currentState.subnets[0].serviceEndpoints).toEqual([{ endpoints: [{ description: 'Nominal', ip: '10.0.0.1' }], managedServiceURN: b }]);
  });

  it('without a vRack nothing reaches the data plane; association attaches all, dissociation detaches all', async () => {
    const { id, vrack } = await t.readyVrs({ associate: false });
    const a = await t.efs();
    await t.apply(id, { displayName: null, subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [a])] });
    expect(ops(t)).toEqual([]);
    expect((await t.req('GET', `/v2/vrackServices/resource/${id}`)).json.currentState.productStatus).toBe('DRAFT');
    await t.sim.admin.associate(vrack, id);
    expect(ops(t)).toEqual(['attach 10.0.0.1 vlan=2']);
    expect((await t.req('GET', `/v2/vrackServices/resource/${id}`)).json.currentState).toMatchObject({ productStatus: 'ACTIVE', vrackId: vrack });
    await t.sim.admin.dissociate(vrack, id);
    expect(ops(t)).toEqual(['attach 10.0.0.1 vlan=2', 'detach 10.0.0.1 vlan=2']);
    expect((await t.req('GET', `/v2/vrackServices/resource/${id}`)).json.currentState).toMatchObject({ productStatus: 'DRAFT', vrackId: null });
  });

  it('suspension detaches and shows SUSPENDED; resume re-attaches', async () => {
    const { id } = await t.readyVrs();
    const a = await t.efs();
    await t.apply(id, { displayName: null, subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [a])] });
    t.dp.clear();
    await t.sim.admin.suspend(id);
    expect((await t.req('GET', `/v2/vrackServices/resource/${id}`)).json.currentState.productStatus).toBe('SUSPENDED');
    await t.sim.admin.resume(id);
    expect(ops(t)).toEqual(['detach 10.0.0.1 vlan=2', 'attach 10.0.0.1 vlan=2']);
  });

  it('an injected fault ends the task in ERROR: currentState unchanged, targetSpec keeps the failed spec, PUT refused until recovered', async () => {
    const { id } = await t.readyVrs();
    const a = await t.efs();
    t.sim.admin.injectFaults({ failNextTasks: 1 });
    const put = await t.req('PUT', `/v2/vrackServices/resource/${id}`, {
      checksum: (await t.req('GET', `/v2/vrackServices/resource/${id}`)).json.checksum,
      targetSpec: { displayName: null, subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [a])] },
    });
    expect(put.status).toBe(200);
    const taskId = put.json.currentTasks[0].id;
    const g = await waitFor(async () => {
      const json = (await t.req('GET', `/v2/vrackServices/resource/${id}`)).json;
      return json.resourceStatus === 'ERROR' ? json : undefined;
    }, { what: `${id} to end in ERROR`, timeoutMs: 5000, intervalMs: 5 });
    expect(g.currentState.subnets).toEqual([]);
    expect(g.targetSpec.subnets).toHaveLength(1);
    expect(g.currentTasks).toEqual([expect.objectContaining({ id: taskId, status: 'ERROR' })]);
    const task = (await t.req('GET', `/v2/vrackServices/resource/${id}/task/${taskId}`)).json;
    expect(task.status).toBe('ERROR');
    expect(task.errors[0].message).toContain('injected fault');
    expect(ops(t)).toEqual([]);
    expect((await t.req('PUT', `/v2/vrackServices/resource/${id}`, { checksum: g.checksum, targetSpec: { displayName: null, subnets: [] } })).status).toBe(423);
    await t.sim.admin.recover(id);
    const after = (await t.req('GET', `/v2/vrackServices/resource/${id}`)).json;
    expect(after).toMatchObject({ resourceStatus: 'READY', currentTasks: [], checksum: 'd41d8cd98f00b204e9800998ecf8427e' });
    // Recovery is history, not rewriting it: the task that failed still reads ERROR, with its errors.
    const history = (await t.req('GET', `/v2/vrackServices/resource/${id}/task/${taskId}`)).json;
    expect(history).toMatchObject({ id: taskId, status: 'ERROR', finishedAt: task.finishedAt });
    expect(history.errors).toEqual(task.errors);
    expect(history.errors[0].message).toContain('injected fault');
    expect(history).not.toHaveProperty('recoveredAt');
  });

  it('a data-plane failure ends the task in ERROR with its message', async () => {
    const { id } = await t.readyVrs();
    const a = await t.efs();
    t.dp.failNext('bridge vanished');
    await t.apply(id, { displayName: null, subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [a])] });
    const g = (await t.req('GET', `/v2/vrackServices/resource/${id}`)).json;
    expect(g.resourceStatus).toBe('ERROR');
    const task = (await t.req('GET', `/v2/vrackServices/resource/${id}/task/${g.currentTasks[0].id}`)).json;
    expect(task.errors).toEqual([{ message: 'bridge vanished' }]);
  });

  it('share and ACL changes on the EFS call syncStorage with the full share/ACL view', async () => {
    const { serviceName } = await t.sim.admin.createStorageNetApp({ region: 'eu-west-lim', shares: [{ name: 'seed', size: 10 }] });
    // Delivery itself hands the data plane the initial export view, before createStorageNetApp returns.
    const first = t.dp.calls.find((c) => c.op === 'syncStorage');
    expect(first && 'service' in first ? first.service.shares.map((s) => s.name) : []).toEqual(['seed']);
    t.dp.clear();
    const share = await t.req('POST', `/1.0/storage/netapp/${serviceName}/share`, { protocol: 'NFS', size: 100, name: 'data' });
    expect(share.status).toBe(200);
    const acl = await t.req('POST', `/1.0/storage/netapp/${serviceName}/share/${share.json.id}/acl`, { accessTo: '10.0.0.0/24', accessLevel: 'rw' });
    expect(acl.status).toBe(200);
    const syncs = t.dp.calls.filter((c) => c.op === 'syncStorage');
    expect(syncs).toHaveLength(2);
    const last = syncs[1] && 'service' in syncs[1] ? syncs[1].service : undefined;
    expect(last?.shares.slice(1)).toEqual([{ id: share.json.id, name: 'data', protocol: 'NFS', sizeGiB: 100, exportPath: `/share_${share.json.id}`, acls: [{ id: acl.json.id, accessTo: '10.0.0.0/24', accessLevel: 'rw' }] }]);
    const paths = await t.req('GET', `/1.0/storage/netapp/${serviceName}/share/${share.json.id}/accessPath`);
    expect(paths.json[0].path).toBe(`/share_${share.json.id}`);
    expect((await t.req('DELETE', `/1.0/storage/netapp/${serviceName}/share/${share.json.id}/acl/${acl.json.id}`)).status).toBe(200);
    expect(t.dp.calls.filter((c) => c.op === 'syncStorage')).toHaveLength(3);
  });
});

describe('association failures', () => {
  it('a data-plane failure during association cancels the v1 task and leaves the vRack Services unassociated', async () => {
    const { id, vrack } = await t.readyVrs({ associate: false });
    const a = await t.efs();
    await t.apply(id, { displayName: null, subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [a])] });
    t.dp.failNext('port is down');
    await t.sim.admin.associate(vrack, id);
    const g = (await t.req('GET', `/v2/vrackServices/resource/${id}`)).json;
    expect(g.currentState.vrackId).toBeNull();
    expect((await t.req('GET', `/1.0/vrack/${vrack}/vrackServices`)).json).toEqual([]);
    expect(t.sim.journal.list({ kind: 'vrack-task' }).map((e) => e.name)).toContain('doing->cancelled');
    expect(t.dp.live.size).toBe(0);
  });
});

describe('task history', () => {
  it('keeps the newest finished tasks only, so state and task lists stay bounded', async () => {
    const { TASK_HISTORY } = await import('./engine.ts');
    const { id } = await t.readyVrs({ associate: false });
    t.sim.admin.setTimings({ taskPendingMs: 0, taskRunningMs: 0 });
    let first: string | undefined;
    for (let i = 0; i < TASK_HISTORY + 3; i++) {
      const r = await t.apply(id, { displayName: null, subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [], 2 + i)] });
      first ??= r.json.currentTasks[0].id;
    }
    const list = await t.req('GET', `/v2/vrackServices/resource/${id}/task`, undefined, { 'x-pagination-size': '1000' });
    expect(list.json.length).toBeLessThanOrEqual(TASK_HISTORY + 1);
    expect(list.json.length).toBeGreaterThanOrEqual(TASK_HISTORY);
    expect(list.json.some((x: { id: string }) => x.id === first)).toBe(false);
  });
});
