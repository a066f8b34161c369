/**
 * The complete example of the guide "Exposing a managed service" (2024-04), walked over real HTTP on 127.0.0.1
 * with the typed client: GET the checksum → PUT a new displayName and an EFS Service Endpoint in
 * subnet 10.120.0.0/16 (service range 10.120.0.0/29, untagged) → poll until READY → the endpoint got
 * 10.120.0.1 with 2 IPs remaining → associate the vRack → productStatus ACTIVE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, DEV_CREDENTIALS, type Simulator } from '../simulator.ts';
import { createClient, type VrackServicesClient } from '../../client/client.ts';
import type { VrackServices } from '../../client/types.ts';

describe('the guide\'s complete example over HTTP (profile 2024-04)', () => {
  let sim: Simulator;
  let client: VrackServicesClient;
  let vrackSn: string;
  let vrsId: string;
  let efsUrn: string;
  let put: VrackServices;
  let firstChecksum: string;

  beforeAll(async () => {
    sim = await createSimulator({ profile: '2024-04', timings: 'fast' });
    const url = await sim.listen({ host: '127.0.0.1', port: 0 });
    client = createClient({ endpoint: url, clientId: DEV_CREDENTIALS.oauth2ClientId, clientSecret: DEV_CREDENTIALS.oauth2ClientSecret, timeoutMs: 10_000 });
    vrackSn = (await client.lab.createVrack()).serviceName;
    vrsId = (await client.lab.createVrackServices({ region: 'LIM', displayName: 'My_vRackServices' })).id;
    efsUrn = (await client.lab.createStorageNetApp({ region: 'LIM', name: 'efs-seed' })).urn;
    await client.waitForReady(vrsId, { timeoutMs: 10_000, intervalMs: 20 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('step 1: GET gives the checksum and the targetSpec (region LIM, beta displayName)', async () => {
    const vrs = await client.getVrackServices(vrsId);
    expect(vrs.resourceStatus).toBe('READY');
    expect(vrs.currentState.region).toBe('LIM');
    expect(vrs.targetSpec.displayName).toBe('My_vRackServices');
    expect(vrs.checksum).toMatch(/^[0-9a-f]{32}$/);
    firstChecksum = vrs.checksum;
  });

  it('step 2: PUT with the checksum → new targetSpec and checksum, UPDATING, a PENDING task, currentState unchanged', async () => {
    put = await client.updateVrackServices(vrsId, {
      checksum: firstChecksum,
      targetSpec: {
        displayName: 'My_vRackServices_updated',
        subnets: [{ cidr: '10.120.0.0/16', displayName: null, serviceEndpoints: [{ managedServiceURN: efsUrn }], serviceRange: { cidr: '10.120.0.0/29' }, vlan: null }],
      },
    });
    expect(put.checksum).not.toBe(firstChecksum);
    expect(put.resourceStatus).toBe('UPDATING');
    expect(put.currentTasks).toEqual([{ id: expect.any(String), link: `/v2/vrackServices/resource/${vrsId}`, status: 'PENDING', type: 'VrackServicesUpdate' }]);
    expect(put.targetSpec.displayName).toBe('My_vRackServices_updated');
    expect(put.targetSpec.subnets[0]?.serviceEndpoints).toEqual([{ managedServiceURN: efsUrn }]);
    expect(put.currentState.subnets).toEqual([]);
    expect(put.currentState.displayName).toBe('My_vRackServices');
  });

  it('step 3: polled until READY, the endpoint has 10.120.0.1 (Nominal) and 2 IPs remain', async () => {
    const vrs = await client.waitForReady(vrsId, { timeoutMs: 10_000, intervalMs: 20 });
    expect(vrs.checksum).toBe(put.checksum);
    expect(vrs.currentTasks).toEqual([]);
    expect(vrs.currentState.displayName).toBe('My_vRackServices_updated');
    expect(vrs.currentState.subnets).toEqual([
      {
        cidr: '10.120.0.0/16',
        displayName: null,
        serviceEndpoints: [{ endpoints: [{ description: 'Nominal', ip: '10.120.0.1' }], managedServiceURN: efsUrn }],
        serviceRange: { cidr: '10.120.0.0/29', remainingIps: 2, reservedIps: 5, usedIps: 1 },
        vlan: null,
      },
    ]);
    // Not associated to a vRack yet: the endpoint is not reachable from anywhere.
    expect(vrs.currentState.productStatus).toBe('DRAFT');
  });

  it('step 4: associating the vRack (v1 task polled to completion) makes it ACTIVE', async () => {
    const task = await client.associateVrackServices(vrackSn, vrsId, { timeoutMs: 10_000, intervalMs: 20 });
    expect(task).toMatchObject({ function: 'addVrackServices', targetDomain: vrsId });
    expect(await client.listVrackServicesOfVrack(vrackSn)).toEqual([vrsId]);
    const vrs = await client.waitForReady(vrsId, { timeoutMs: 10_000, intervalMs: 20 });
    expect(vrs.currentState.vrackId).toBe(vrackSn);
    expect(vrs.currentState.productStatus).toBe('ACTIVE');
  });

  it('a stale checksum is refused with 412 ChecksumMismatch and the query id', async () => {
    const err = await client.updateVrackServices(vrsId, { checksum: firstChecksum, targetSpec: { subnets: [] } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 412, errorClass: 'Client::PreconditionFailed::ChecksumMismatch', queryId: expect.stringMatching(/\S/) });
  });
});
