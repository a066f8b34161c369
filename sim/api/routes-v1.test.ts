/** v1 routes: vRack association and its tasks, allowedServices, storage netapp, the /v1 alias. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../core/wait.ts';
import { startTestSim } from './test-support.ts';
import type { TestSim } from './test-support.ts';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.close());

describe('v1 vRack ↔ vRack Services', () => {
  it('POST returns an addVrackServices task that answers 404 once done; the v2 resource then shows the vrackId', async () => {
    const { id, vrack } = await t.readyVrs({ associate: false });
    t.sim.admin.setTimings({ vrackTaskMs: 400 });
    const post = await t.req('POST', `/1.0/vrack/${vrack}/vrackServices`, { vrackServices: id });
    expect(post.status).toBe(200);
    expect(post.json).toEqual({
      function: 'addVrackServices',
      id: expect.any(Number),
      lastUpdate: expect.any(String),
      orderId: null,
      serviceName: vrack,
      // The task may already have moved to todo by the time the answer is serialised.
      status: expect.stringMatching(/^(init|todo)$/),
      targetDomain: id,
      todoDate: expect.any(String),
    });
    const taskId = post.json.id as number;
    expect((await t.req('GET', `/1.0/vrack/${vrack}/task`)).json).toEqual([taskId]);
    const pending = await t.req('GET', `/1.0/vrack/${vrack}/task/${taskId}`);
    expect(pending.status).toBe(200);
    expect(['init', 'todo', 'doing']).toContain(pending.json.status);
    // A second association while the first runs: conflict, as the manager expects (it retries on 409).
    expect((await t.req('POST', `/1.0/vrack/${vrack}/vrackServices`, { vrackServices: id })).status).toBe(409);
    // A finished v1 task answers 404, as the real API does.
    const r = await waitFor(async () => {
      const res = await t.req('GET', `/1.0/vrack/${vrack}/task/${taskId}`);
      return res.status === 404 ? res : undefined;
    }, { what: `vRack task ${taskId} to finish (404)`, timeoutMs: 5000, intervalMs: 20 });
    expect(r.json).toEqual({ class: 'Client::NotFound', message: `The requested object (taskId = ${taskId}) does not exist` });
    expect((await t.req('GET', `/1.0/vrack/${vrack}/vrackServices`)).json).toEqual([id]);
    expect((await t.req('GET', `/1.0/vrack/${vrack}/vrackServices/${id}`)).json).toEqual({ vrack, vrackServices: id });
    expect((await t.req('GET', `/v2/vrackServices/resource/${id}`)).json.currentState.vrackId).toBe(vrack);
  });

  it('refuses a second vRack Services of the same region in one vRack (§7.10)', async () => {
    const a = await t.readyVrs({ region: 'eu-west-gra' });
    const b = await t.readyVrs({ region: 'eu-west-gra', associate: false });
    const r = await t.req('POST', `/1.0/vrack/${a.vrack}/vrackServices`, { vrackServices: b.id });
    expect(r.status).toBe(400);
    expect(r.json.message).toBe(`vRack '${a.vrack}' already has vRack Services '${a.id}' in region 'eu-west-gra': only one vRack Services per region per vRack`);
  });

  it('DELETE dissociates with a removeVrackServices task; unknown ones are 404', async () => {
    const { id, vrack } = await t.readyVrs();
    const del = await t.req('DELETE', `/v1/vrack/${vrack}/vrackServices/${id}`);
    expect(del.status).toBe(200);
    expect(del.json.function).toBe('removeVrackServices');
    expect((await t.req('DELETE', `/1.0/vrack/${vrack}/vrackServices/vrs-nop-nop-nop-nop`)).status).toBe(404);
    expect((await t.req('GET', '/1.0/vrack/pn-00000')).json).toEqual({ class: 'Client::NotFound', message: 'The requested object (serviceName = pn-00000) does not exist' });
  });

  it('allowedServices lists unassociated vRack Services; other families are null when filtered', async () => {
    const free = await t.readyVrs({ associate: false, region: 'eu-west-sbg' });
    const used = await t.readyVrs({ region: 'eu-west-rbx' });
    const r = await t.req('GET', `/1.0/vrack/${used.vrack}/allowedServices?serviceFamily=vrackServices`);
    expect(r.json.vrackServices).toEqual([free.id]);
    expect(r.json.dedicatedServer).toBeNull();
    expect((await t.req('GET', `/1.0/vrack/${used.vrack}/allowedServices?serviceFamily=bogus`)).status).toBe(400);
    expect((await t.req('GET', '/1.0/vrack')).json).toEqual([free.vrack, used.vrack]);
  });
});

describe('v1 storage netapp', () => {
  it('lists services and shares, creates and deletes a share, validates input', async () => {
    const { serviceName, urn } = await t.sim.admin.createStorageNetApp({ region: 'eu-west-lim', name: 'efs1' });
    expect(urn).toBe(`urn:v1:eu:resource:storageNetApp:${serviceName}`);
    const list = await t.req('GET', '/1.0/storage/netapp');
    expect(list.json).toEqual([expect.objectContaining({ id: serviceName, name: 'efs1', region: 'eu-west-lim', status: 'running', iam: expect.objectContaining({ urn }) })]);
    const bad = await t.req('POST', `/1.0/storage/netapp/${serviceName}/share`, { protocol: 'SMB', size: 10 });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toBe("Invalid protocol 'SMB': valid protocols are NFS");
    const share = await t.req('POST', `/1.0/storage/netapp/${serviceName}/share`, { protocol: 'NFS', size: 10 });
    expect((await t.req('GET', `/1.0/storage/netapp/${serviceName}/share`)).json).toEqual([share.json]);
    const acl = await t.req('POST', `/1.0/storage/netapp/${serviceName}/share/${share.json.id}/acl`, { accessTo: 'not-an-ip', accessLevel: 'rw' });
    expect(acl.json.message).toBe("Invalid accessTo 'not-an-ip': expected an IPv4 address or CIDR block");
    const upd = await t.req('PUT', `/1.0/storage/netapp/${serviceName}/share/${share.json.id}`, { name: 'renamed', description: null });
    expect(upd.json).toMatchObject({ id: share.json.id, name: 'renamed', description: null });
    expect((await t.req('PUT', `/1.0/storage/netapp/${serviceName}/share/${share.json.id}`, { size: 5 })).json.message).toBe("Invalid field 'size': updatable share fields are name, description");
    const del = await t.req('DELETE', `/1.0/storage/netapp/${serviceName}/share/${share.json.id}`);
    expect(del.status).toBe(200);
    expect((await t.req('GET', `/1.0/storage/netapp/${serviceName}/share/${share.json.id}`)).status).toBe(404);
  });

  it('eligibleManagedService: same region, not attached elsewhere', async () => {
    const { id } = await t.readyVrs({ region: 'eu-west-lim' });
    const here = await t.efs('eu-west-lim');
    await t.efs('eu-west-gra');
    const r = await t.req('GET', `/v2/vrackServices/resource/${id}/eligibleManagedService`);
    expect(r.json).toEqual([{ managedServiceType: 'storageNetApp', managedServiceURNs: [here] }]);
    const other = await t.readyVrs({ region: 'eu-west-lim', associate: false });
    await t.apply(other.id, { subnets: [{ cidr: '10.0.0.0/24', serviceRange: { cidr: '10.0.0.0/29' }, serviceEndpoints: [{ managedServiceURN: here }], vlan: 2, displayName: null }] });
    expect((await t.req('GET', `/v2/vrackServices/resource/${id}/eligibleManagedService`)).json).toEqual([]);
  });
});
