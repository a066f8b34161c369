/**
 * Contract tests: drive the simulator through a realistic sequence with the typed client and check
 * EVERY response of OVHcloud's API (not /lab, not the token route) against the published OpenAPI
 * schemas, in strict mode (non-nullable declared fields must be present, as in all the published
 * examples). A failure lists each mismatch as `METHOD path status (schema): pointer rule (got value)`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, DEV_CREDENTIALS, type Simulator } from '../simulator.ts';
import { createClient, type VrackServicesClient } from '../../client/client.ts';
import { injectFetch } from '../../client/inject-fetch.ts';
import { isApiError } from '../../client/api-error.ts';
import { createContractValidator } from './contract-validator.ts';
import { contractCheckingFetch, type ContractCheckingFetch } from './contract-checking-fetch.ts';

// 2025-10 is the OpenAPI profile: nothing undeclared may appear either. 2024-04 carries the beta
// `displayName` in currentState/targetSpec on purpose (the guide "Exposing a managed service"), so undeclared fields are allowed there.
const validators = {
  '2025-10': createContractValidator({ requireNonNullable: true, forbidUnknownProperties: true }),
  '2024-04': createContractValidator({ requireNonNullable: true }),
};

describe.each(['2025-10', '2024-04'] as const)('simulator responses match the OpenAPI schemas (profile %s)', (profile) => {
  let sim: Simulator;
  let client: VrackServicesClient;
  let checking: ContractCheckingFetch;
  let vrackSn: string;
  let vrsId: string;
  let storage: { serviceName: string; urn: string };
  let shareId: string;

  beforeAll(async () => {
    sim = await createSimulator({ profile, timings: 'fast' });
    checking = contractCheckingFetch(injectFetch(sim.app), validators[profile]);
    client = createClient({ endpoint: 'http://localhost', clientId: DEV_CREDENTIALS.oauth2ClientId, clientSecret: DEV_CREDENTIALS.oauth2ClientSecret, fetch: checking.fetch });
    vrackSn = (await client.lab.createVrack()).serviceName;
    vrsId = (await client.lab.createVrackServices({ region: 'eu-west-lim' })).id;
    storage = await client.lab.createStorageNetApp({ region: 'eu-west-lim', name: 'efs-contract' });
  });
  afterAll(async () => {
    await sim?.close();
  });

  const noViolations = () => expect(checking.violations).toEqual([]);

  it('lists and reads vRack Services (paginated), references and eligible services', async () => {
    await client.waitForReady(vrsId, { timeoutMs: 10_000, intervalMs: 20 });
    const all = await client.listVrackServices();
    expect(all.map((v) => v.id)).toContain(vrsId);
    await client.listVrackServicesPage({ size: 1 });
    const vrs = await client.getVrackServices(vrsId);
    expect(vrs.resourceStatus).toBe('READY');
    expect(await client.listRegions()).not.toHaveLength(0);
    expect(await client.listCompatibleManagedServiceTypes()).toContain('storageNetApp');
    const eligible = await client.listEligibleManagedServices(vrsId);
    expect(eligible.flatMap((e) => e.managedServiceURNs)).toContain(storage.urn);
    noViolations();
  });

  it('PUT a subnet with an EFS endpoint, tasks, and READY with an allocated IP', async () => {
    const put = await client.modify(vrsId, (spec) => {
      spec.subnets = [{ cidr: '10.120.0.0/24', displayName: 'contract', vlan: 20, serviceRange: { cidr: '10.120.0.0/29' }, serviceEndpoints: [{ managedServiceURN: storage.urn }] }];
    });
    expect(put.currentTasks?.length).toBeGreaterThan(0);
    const tasks = await client.listTasks(vrsId);
    expect(tasks.length).toBeGreaterThan(0);
    await client.getTask(vrsId, tasks[0]!.id);
    const ready = await client.waitForReady(vrsId, { timeoutMs: 10_000, intervalMs: 20 });
    expect(ready.currentState.subnets[0]?.serviceEndpoints[0]?.endpoints[0]?.ip).toBe('10.120.0.1');
    noViolations();
  });

  it('v1: allowed services, association with its task, listing, dissociation', async () => {
    expect((await client.allowedServices(vrackSn)).vrackServices).toContain(vrsId);
    await client.listVracks();
    await client.call('GET', `/1.0/vrack/${vrackSn}`);
    const task = await client.associateVrackServices(vrackSn, vrsId, { timeoutMs: 10_000, intervalMs: 20 });
    expect(task.function).toBe('addVrackServices');
    expect(await client.listVrackServicesOfVrack(vrackSn)).toEqual([vrsId]);
    expect(await client.getVrackServicesOfVrack(vrackSn, vrsId)).toEqual({ vrack: vrackSn, vrackServices: vrsId });
    await client.listVrackTasks(vrackSn);
    const vrs = await client.waitForReady(vrsId, { timeoutMs: 10_000, intervalMs: 20 });
    expect(vrs.currentState.vrackId).toBe(vrackSn);
    expect(vrs.currentState.productStatus).toBe('ACTIVE');
    noViolations();
  });

  it('storage NetApp: service, shares, ACLs and access paths', async () => {
    expect((await client.storage.list()).map((s) => s.id)).toContain(storage.serviceName);
    await client.storage.get(storage.serviceName);
    const share = await client.storage.createShare(storage.serviceName, { protocol: 'NFS', size: 100, name: 'data', description: 'contract share' });
    shareId = share.id;
    await client.storage.listShares(storage.serviceName);
    await client.storage.getShare(storage.serviceName, shareId);
    const rule = await client.storage.createAcl(storage.serviceName, shareId, { accessLevel: 'rw', accessTo: '10.120.0.0/24' });
    expect(await client.storage.listAcl(storage.serviceName, shareId)).toHaveLength(1);
    await client.storage.getAcl(storage.serviceName, shareId, rule.id);
    const paths = await client.storage.listAccessPaths(storage.serviceName, shareId);
    expect(paths.length).toBeGreaterThan(0);
    await client.storage.getAccessPath(storage.serviceName, shareId, paths[0]!.id);
    await client.storage.deleteAcl(storage.serviceName, shareId, rule.id);
    await client.storage.deleteShare(storage.serviceName, shareId);
    noViolations();
  });

  // PUT /storage/netapp/{serviceName}/share/{shareId} (NetAppShareUpdate) is a published operation.
  it('storage NetApp: a share can be renamed (PUT share)', async () => {
    const share = await client.storage.createShare(storage.serviceName, { protocol: 'NFS', size: 10, name: 'to-rename' });
    const updated = await client.storage.updateShare(storage.serviceName, share.id, { name: 'renamed', description: 'after PUT' });
    expect(updated).toMatchObject({ id: share.id, name: 'renamed', description: 'after PUT' });
    await client.storage.deleteShare(storage.serviceName, share.id);
    noViolations();
  });

  it('error responses: checksum mismatch, unknown resource, unknown task, unknown vRack task', async () => {
    const codes: [number, string][] = [];
    const expectError = async (p: Promise<unknown>) => {
      const err = await p.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isApiError(err)).toBe(true);
      if (isApiError(err)) codes.push([err.status, err.errorClass]);
    };
    await expectError(client.updateVrackServices(vrsId, { checksum: '0'.repeat(32), targetSpec: { subnets: [] } }));
    await expectError(client.getVrackServices('vrs-zzz-zzz-zzz-zzz'));
    await expectError(client.getTask(vrsId, '00000000-0000-4000-8000-000000000000'));
    await expectError(client.call('GET', `/1.0/vrack/${vrackSn}/task/999999`));
    expect(codes).toEqual([
      [412, 'Client::PreconditionFailed::ChecksumMismatch'],
      [404, 'Client::NotFound::VrackServicesNotFound'],
      [400, 'Client::BadRequest::VrackServicesNotFound'],
      [404, expect.any(String)],
    ]);
    noViolations();
  });

  it('dissociation brings productStatus back to DRAFT', async () => {
    await client.dissociateVrackServices(vrackSn, vrsId, { timeoutMs: 10_000, intervalMs: 20 });
    const vrs = await client.waitForReady(vrsId, { timeoutMs: 10_000, intervalMs: 20 });
    expect(vrs.currentState.vrackId).toBeNull();
    expect(vrs.currentState.productStatus).toBe('DRAFT');
    noViolations();
  });

  it('covered every v2 route and the v1 routes the lab uses', () => {
    const templates = new Set(checking.checked.map((c) => `${c.method} ${c.template}`));
    for (const t of [
      'GET /v2/vrackServices/resource',
      'GET /v2/vrackServices/resource/{vrackServicesId}',
      'PUT /v2/vrackServices/resource/{vrackServicesId}',
      'GET /v2/vrackServices/resource/{vrackServicesId}/task',
      'GET /v2/vrackServices/resource/{vrackServicesId}/task/{taskId}',
      'GET /v2/vrackServices/resource/{vrackServicesId}/eligibleManagedService',
      'GET /v2/vrackServices/reference/region',
      'GET /v2/vrackServices/reference/compatibleManagedServiceType',
      'POST /1.0/vrack/{serviceName}/vrackServices',
      'DELETE /1.0/vrack/{serviceName}/vrackServices/{vrackServices}',
      'GET /1.0/vrack/{serviceName}/task/{taskId}',
      'GET /1.0/vrack/{serviceName}/allowedServices',
      'POST /1.0/storage/netapp/{serviceName}/share/{shareId}/acl',
      'GET /1.0/storage/netapp/{serviceName}/share/{shareId}/accessPath/{accessPathId}',
    ]) {
      expect(templates).toContain(t);
    }
  });
});

describe('simulator error and failure payloads match the OpenAPI schemas and error catalogue (profile 2025-10)', () => {
  let sim: Simulator;
  let client: VrackServicesClient;
  let checking: ContractCheckingFetch;
  let vrsId: string;
  let urn: string;

  beforeAll(async () => {
    sim = await createSimulator({ profile: '2025-10', timings: 'fast' });
    checking = contractCheckingFetch(injectFetch(sim.app), validators['2025-10']);
    client = createClient({ endpoint: 'http://localhost', clientId: DEV_CREDENTIALS.oauth2ClientId, clientSecret: DEV_CREDENTIALS.oauth2ClientSecret, fetch: checking.fetch });
    vrsId = (await client.lab.createVrackServices({ region: 'eu-west-rbx' })).id;
    urn = (await client.lab.createStorageNetApp({ region: 'eu-west-rbx' })).urn;
    await client.waitForReady(vrsId, { timeoutMs: 10_000, intervalMs: 20 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  const subnet = (cidr: string, range: string) => ({ cidr, vlan: 30, serviceRange: { cidr: range }, serviceEndpoints: [] as { managedServiceURN: string }[] });
  const classOf = (p: Promise<unknown>) =>
    p.then(
      () => 'no error',
      (e: unknown) => (isApiError(e) ? `${e.status} ${e.errorClass}` : String(e)),
    );

  it('PUT validation errors are catalogue classes with their published statuses', async () => {
    const { checksum } = await client.getVrackServices(vrsId);
    const put = (targetSpec: unknown, sum = checksum) => classOf(client.updateVrackServices(vrsId, { checksum: sum, targetSpec: targetSpec as never }));
    // Some of these bodies are invalid on purpose: only the answers are checked here.
    checking.checkRequests = false;
    expect(await put({ subnets: [] }, 'not-md5')).toBe('400 Client::BadRequest::ChecksumBadFormat');
    expect(await put({ subnets: [subnet('10.120.0.0/16', '10.120.0.0/29')] })).toBe('400 Client::BadRequest::SubnetCIDRPrefixLengthIncorrect');
    expect(await put({ subnets: [subnet('10.120.0.0/24', '10.120.0.0/30')] })).toBe('400 Client::BadRequest::ServiceRangeCIDRPrefixLengthOutOfRange');
    expect(await put({ subnets: [subnet('10.120.0.0/24', '10.121.0.0/29')] })).toBe('400 Client::BadRequest::ServiceRangeCIDRNotInSubnetCIDR');
    expect(await put({ subnets: [{ ...subnet('10.120.0.0/24', '10.120.0.0/29'), vlan: 4095 }] })).toBe('400 Client::BadRequest::SubnetVLANOutOfRange');
    expect(await put({ subnets: [{ ...subnet('10.120.0.0/24', '10.120.0.0/29'), serviceEndpoints: [{ managedServiceURN: 'not-a-urn' }] }] })).toBe(
      '400 Client::BadRequest::ManagedServiceURNBadFormat',
    );
    expect(await put({ subnets: [{ ...subnet('10.120.0.0/24', '10.120.0.0/29'), remainingIps: 3 }] })).toBe('400 Client::BadRequest::InvalidJSON');
    checking.checkRequests = true;
    expect(checking.violations).toEqual([]);
  });

  it('a failed task: ERROR payloads, waitForReady fails at once with the task errors, recover', async () => {
    await client.lab.injectFaults({ failNextTasks: 1 });
    await client.modify(vrsId, (spec) => {
      spec.subnets = [{ ...subnet('10.120.0.0/24', '10.120.0.0/29'), serviceEndpoints: [{ managedServiceURN: urn }] }];
    });
    const err = await client.waitForReady(vrsId, { timeoutMs: 10_000, intervalMs: 20 }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(new RegExp(`^vRack Services ${vrsId} did not become READY: resourceStatus is ERROR \\(task [0-9a-f-]{36} VrackServicesUpdate: .+\\)$`));
    const vrs = await client.getVrackServices(vrsId);
    expect(vrs.resourceStatus).toBe('ERROR');
    expect(vrs.currentState.subnets).toEqual([]);
    const failed = (await client.listTasks(vrsId)).filter((t) => t.status === 'ERROR');
    expect(failed.length).toBe(1);
    expect(failed[0]!.errors?.length).toBeGreaterThan(0);
    // Modifications are refused in ERROR until support acts.
    expect(await classOf(client.modify(vrsId, (spec) => spec))).toMatch(/^4\d\d /);
    await client.lab.recover(vrsId);
    expect((await client.waitForReady(vrsId, { timeoutMs: 10_000, intervalMs: 20 })).resourceStatus).toBe('READY');
    expect(checking.violations).toEqual([]);
  });

  it('v2 cursor pagination: pages of one, every item once, a bad cursor is 400 "invalid cursor"', async () => {
    for (const region of ['eu-west-gra', 'eu-west-sbg']) await client.lab.createVrackServices({ region });
    const first = await client.listVrackServicesPage({ size: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toBeDefined();
    const ids: string[] = [];
    for await (const v of client.paginate<{ id: string }>('/v2/vrackServices/resource', { size: 1 })) ids.push(v.id);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    expect((await client.listVrackServices()).map((v) => v.id).sort()).toEqual([...ids].sort());
    const bad = await client.listVrackServicesPage({ cursor: 'not-a-cursor' }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ status: 400, apiMessage: expect.stringMatching(/invalid cursor/i) });
    expect(checking.violations).toEqual([]);
  });

  it('waitForReady rides out injected 5xx answers (they may heal), which are still valid error bodies', async () => {
    await client.lab.injectFaults({ routeErrors: [{ method: 'GET', path: `/v2/vrackServices/resource/${vrsId}`, status: 503, count: 2 }] });
    const direct = await classOf(client.getVrackServices(vrsId));
    expect(direct).toBe('503 Server::InternalServerError');
    expect((await client.waitForReady(vrsId, { timeoutMs: 10_000, intervalMs: 20 })).resourceStatus).toBe('READY');
    expect(checking.violations).toEqual([]);
  });

  it('PUT while a task is pending: 423 VrackServicesLocked, UPDATING payloads', async () => {
    await client.lab.setTimings({ taskPendingMs: 600_000 });
    try {
      const first = await client.modify(vrsId, (spec) => {
        spec.subnets = [subnet('10.120.0.0/24', '10.120.0.0/29')];
      });
      expect(first.resourceStatus).toBe('UPDATING');
      expect(await classOf(client.updateVrackServices(vrsId, { checksum: first.checksum, targetSpec: { subnets: [] } }))).toBe('423 Client::Locked::VrackServicesLocked');
      const vrs = await client.getVrackServices(vrsId);
      expect(vrs.currentTasks?.map((t) => t.status)).toEqual(['PENDING']);
      await client.listTasks(vrsId);
    } finally {
      await client.lab.setTimings('fast');
    }
    expect(checking.violations).toEqual([]);
  });

  it('lab.deliverStorage (POST /lab/storage): the shares and ACLs it delivers are what the v1 API then shows', async () => {
    const out = await client.lab.deliverStorage({ region: 'eu-west-gra', name: 'efs-delivered', shares: [{ name: 'data', size: 10, acls: [{ accessTo: '10.9.0.0/24', accessLevel: 'ro' }] }] });
    const [share] = await client.storage.listShares(out.serviceName);
    expect(share?.id).toBe(out.shares[0]?.id);
    expect((await client.storage.listAcl(out.serviceName, share!.id)).map((a) => `${a.accessTo} ${a.accessLevel}`)).toEqual(['10.9.0.0/24 ro']);
    expect(checking.violations).toEqual([]);
  });
});
