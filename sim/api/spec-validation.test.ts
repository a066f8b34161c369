/**
 * Every PUT validation rule of reference §3/§7, through the real route, one test per error class
 * with the exact published message.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSim, subnet } from './test-support.ts';
import type { TestSim } from './test-support.ts';

let t: TestSim;
let id: string;
let checksum: string;
const put = (targetSpec: unknown, cs = checksum) => t.req('PUT', `/v2/vrackServices/resource/${id}`, { checksum: cs, targetSpec });
const expectError = async (targetSpec: unknown, status: number, cls: string, message: string) => {
  const r = await put(targetSpec);
  expect(r.json).toEqual({ class: cls, message });
  expect(r.status).toBe(status);
};

beforeEach(async () => {
  t = await startTestSim({ profile: '2025-10' });
  ({ id } = await t.readyVrs({ associate: false }));
  checksum = (await t.req('GET', `/v2/vrackServices/resource/${id}`)).json.checksum;
});
afterEach(() => t.close());

describe('PUT /v2/vrackServices/resource/{id} validation (exact classes and messages)', () => {
  it('VrackServicesNotFound (404)', async () => {
    const r = await t.req('PUT', '/v2/vrackServices/resource/vrs-aaa-bbb-ccc-ddd', { checksum, targetSpec: { subnets: [] } });
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ class: 'Client::NotFound::VrackServicesNotFound', message: "VrackServices 'vrs-aaa-bbb-ccc-ddd' not found" });
  });
  it('InvalidJSON on a body that is not JSON', async () => {
    const r = await t.req('PUT', `/v2/vrackServices/resource/${id}`, '{"checksum":');
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ class: 'Client::BadRequest::InvalidJSON', message: "The input that you provided isn't valid JSON or not well formatted" });
  });
  it('InvalidJSON naming a read-only field sent in targetSpec (§7.6)', async () => {
    const s = { ...subnet('10.0.0.0/24', '10.0.0.0/29'), serviceRange: { cidr: '10.0.0.0/29', remainingIps: 3 } };
    const r = await put({ subnets: [s] });
    expect(r.status).toBe(400);
    expect(r.json.class).toBe('Client::BadRequest::InvalidJSON');
    expect(r.json.message).toBe(
      "The input that you provided isn't valid JSON or not well formatted (field 'targetSpec.subnets[0].serviceRange.remainingIps' is unknown or read-only)",
    );
    expect(r.json.details).toEqual({ field: 'targetSpec.subnets[0].serviceRange.remainingIps' });
  });
  it('InvalidJSON naming a missing required field', async () => {
    const r = await put({ subnets: [{ cidr: '10.0.0.0/24', serviceRange: { cidr: '10.0.0.0/29' } }] });
    expect(r.json.message).toContain("field 'targetSpec.subnets[0].serviceEndpoints' is required");
  });
  it('ChecksumBadFormat', async () => {
    const r = await put({ subnets: [] }, 'not-an-md5');
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ class: 'Client::BadRequest::ChecksumBadFormat', message: "Invalid Checksum format: checksum 'not-an-md5' is not a valid MD5 hash" });
  });
  it('ChecksumMismatch (412)', async () => {
    const stale = '0123456789abcdef0123456789abcdef';
    const r = await put({ subnets: [] }, stale);
    expect(r.status).toBe(412);
    expect(r.json).toEqual({
      class: 'Client::PreconditionFailed::ChecksumMismatch',
      message: `Provided checksum '${stale}' does not match the current one '${checksum}'. Please check the last state of the vRackServices with \`GET /vrackServices/resource/{vrackServicesId}\` endpoint, it may have been updated`,
    });
  });
  it('VrackServicesLocked (423) while not READY', async () => {
    // Long enough that the task cannot finish between the two requests, whatever the machine load.
    t.sim.admin.setTimings({ taskPendingMs: 500 });
    const ok = await put({ subnets: [subnet('10.0.0.0/24', '10.0.0.0/29')] });
    expect(ok.status).toBe(200);
    expect(ok.json.resourceStatus).toBe('UPDATING');
    const r = await put({ subnets: [] }, ok.json.checksum);
    expect(r.status).toBe(423);
    expect(r.json).toEqual({ class: 'Client::Locked::VrackServicesLocked', message: `VrackServices '${id}' is already locked` });
  });
  it('SubnetLimitExceeded', () =>
    expectError({ subnets: [subnet('10.0.0.0/24', '10.0.0.0/29'), subnet('10.0.1.0/24', '10.0.1.0/29', [], 3)] }, 400, 'Client::BadRequest::SubnetLimitExceeded', "Limit of '1' Subnets exceeded"));
  it('SubnetDisplayNameBadFormat', () =>
    expectError(
      { subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [], 2, 'bad/name')] },
      400,
      'Client::BadRequest::SubnetDisplayNameBadFormat',
      'Invalid TargetSpec: invalid displayName, expected pattern ^[ a-zA-Z0-9-_.]{0,40}$',
    ));
  it('SubnetCIDRNotPrivateNetwork', () =>
    expectError({ subnets: [subnet('8.8.8.0/24', '8.8.8.0/29')] }, 400, 'Client::BadRequest::SubnetCIDRNotPrivateNetwork', "Invalid Subnet '8.8.8.0/24': CIDR must be a private network address (see RFC1918)"));
  it('SubnetCIDRNotNetworkIP', () =>
    expectError({ subnets: [subnet('10.0.0.7/24', '10.0.0.0/29')] }, 400, 'Client::BadRequest::SubnetCIDRNotNetworkIP', "Invalid Subnet '10.0.0.7/24': CIDR is not a base IP (network address)"));
  it('SubnetCIDRPrefixLengthIncorrect (/24 only in profile 2025-10)', () =>
    expectError({ subnets: [subnet('10.120.0.0/16', '10.120.0.0/29')] }, 400, 'Client::BadRequest::SubnetCIDRPrefixLengthIncorrect', "Invalid Subnet '10.120.0.0/16': CIDR prefix length must be 24"));
  it('SubnetCIDRPrefixLengthIncorrect follows a lab\'s prefix limits over the profile\'s', async () => {
    t.sim.admin.setLimits({ subnetPrefixMin: 20, subnetPrefixMax: 24 });
    await expectError({ subnets: [subnet('10.120.0.0/16', '10.120.0.0/29')] }, 400, 'Client::BadRequest::SubnetCIDRPrefixLengthIncorrect', "Invalid Subnet '10.120.0.0/16': CIDR prefix length must be between 20 and 24");
    expect((await put({ subnets: [subnet('10.120.0.0/20', '10.120.0.0/29')] })).status).toBe(200);
  });
  it('SubnetVLANOutOfRange', () =>
    expectError({ subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [], 4095)] }, 400, 'Client::BadRequest::SubnetVLANOutOfRange', "Invalid Subnet '10.0.0.0/24': VLAN 4095 is out of range [2, 4094]"));
  it('ServiceRangeCIDRNotPrivateNetwork', async () => {
    // A range outside RFC1918 can only be inside the subnet if the subnet is not private either: the subnet check fires first,
    // so a private subnet with a public range shows the range's own class.
    await expectError({ subnets: [subnet('10.0.0.0/24', '11.0.0.0/29')] }, 400, 'Client::BadRequest::ServiceRangeCIDRNotPrivateNetwork', "invalid ServiceRange '11.0.0.0/29': CIDR must be a private network address (see RFC1918)");
  });
  it('ServiceRangeCIDRNotNetworkIP', () =>
    expectError({ subnets: [subnet('10.0.0.0/24', '10.0.0.3/29')] }, 400, 'Client::BadRequest::ServiceRangeCIDRNotNetworkIP', "invalid ServiceRange '10.0.0.3/29': CIDR is not a base IP (network address)"));
  it('ServiceRangeCIDRPrefixLengthOutOfRange', () =>
    expectError({ subnets: [subnet('10.0.0.0/24', '10.0.0.0/26')] }, 400, 'Client::BadRequest::ServiceRangeCIDRPrefixLengthOutOfRange', "invalid ServiceRange '10.0.0.0/26': CIDR prefix length is out of range [27, 29]"));
  it('ServiceRangeCIDRPrefixLengthOutOfRange under the product definition\'s rule: /(subnet+1) to /29', async () => {
    t.sim.admin.setLimits({ serviceRangeRule: 'product-definition' });
    await expectError({ subnets: [subnet('10.0.0.0/24', '10.0.0.0/24')] }, 400, 'Client::BadRequest::ServiceRangeCIDRPrefixLengthOutOfRange', "invalid ServiceRange '10.0.0.0/24': CIDR prefix length is out of range [25, 29]");
    await expectError({ subnets: [subnet('10.0.0.0/24', '10.0.0.0/30')] }, 400, 'Client::BadRequest::ServiceRangeCIDRPrefixLengthOutOfRange', "invalid ServiceRange '10.0.0.0/30': CIDR prefix length is out of range [25, 29]");
    expect((await put({ subnets: [subnet('10.0.0.0/24', '10.0.0.0/25')] })).status).toBe(200);
  });
  it('ServiceRangeCIDRNotInSubnetCIDR', () =>
    expectError({ subnets: [subnet('10.0.0.0/24', '10.0.1.0/29')] }, 400, 'Client::BadRequest::ServiceRangeCIDRNotInSubnetCIDR', "Invalid Subnet '10.0.0.0/24': serviceRange CIDR '10.0.1.0/29' is not a sub-network of the Subnet CIDR"));
  it('SubnetCIDROverlap (with the subnet limit raised)', async () => {
    t.sim.admin.setLimits({ subnetsPerVrackServices: 5 });
    await expectError(
      { subnets: [subnet('10.0.0.0/24', '10.0.0.0/29'), subnet('10.0.0.0/24', '10.0.0.8/29', [], 3)] },
      400,
      'Client::BadRequest::SubnetCIDROverlap',
      "Subnet CIDR '10.0.0.0/24' overlaps '10.0.0.0/24', Subnet CIDRs must not overlap each other",
    );
  });
  it('ManagedServiceURNBadFormat', () =>
    expectError({ subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', ['not-a-urn'])] }, 400, 'Client::BadRequest::ManagedServiceURNBadFormat', "Invalid Managed Service 'not-a-urn': managedServiceURN must be a valid IAM resourceURN"));
  it('ManagedServiceIncompatibleType', () =>
    expectError({ subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', ['urn:v1:eu:resource:dedicatedServer:ns1.ovh.net'])] }, 400, 'Client::BadRequest::ManagedServiceIncompatibleType', "Managed Service type 'dedicatedServer' must be a compatible type for vRackServices"));
  it('ManagedServiceDuplicated', async () => {
    const urn = await t.efs();
    await expectError(
      { subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [urn, urn])] },
      400,
      'Client::BadRequest::ManagedServiceDuplicated',
      `Managed Service '${urn}' is requested multiple times, a Managed Service can be referenced only once in a vRackServices specification`,
    );
  });
  it('ManagedServiceNotFound (404)', async () => {
    const urn = 'urn:v1:eu:resource:storageNetApp:00000000-0000-4000-8000-000000000000';
    await expectError({ subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [urn])] }, 404, 'Client::NotFound::ManagedServiceNotFound', `Managed Service '${urn}' not found`);
  });
  it('ManagedServiceRegionMismatch', async () => {
    const urn = await t.efs('eu-west-gra');
    await expectError(
      { subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [urn])] },
      400,
      'Client::BadRequest::ManagedServiceRegionMismatch',
      `Managed Service '${urn}' is in region 'eu-west-gra', it cannot be attached to this VrackServices in region 'eu-west-lim'`,
    );
  });
  it('ManagedServiceNotAvailable (suspended storage)', async () => {
    const urn = await t.efs();
    await t.sim.admin.suspend(urn.split(':').pop() as string);
    await expectError(
      { subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [urn])] },
      400,
      'Client::BadRequest::ManagedServiceNotAvailable',
      `Managed Service '${urn}' is not available due to state 'suspended'. It should be reopened or renewed to be attached to the vRackServices`,
    );
  });
  it('ManagedServiceAlreadyAttached, and ManagedServiceLocked (423) while the other one converges', async () => {
    const urn = await t.efs();
    const other = await t.readyVrs({ associate: false, region: 'eu-west-lim' });
    t.sim.admin.setTimings({ taskPendingMs: 500 });
    const cur = (await t.req('GET', `/v2/vrackServices/resource/${other.id}`)).json.checksum;
    expect((await t.req('PUT', `/v2/vrackServices/resource/${other.id}`, { checksum: cur, targetSpec: { subnets: [subnet('10.1.0.0/24', '10.1.0.0/29', [urn])] } })).status).toBe(200);
    await expectError({ subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [urn])] }, 423, 'Client::Locked::ManagedServiceLocked', `Managed Service '${urn}' is already locked`);
    await t.sim.admin.waitForReady(other.id);
    await expectError(
      { subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [urn])] },
      400,
      'Client::BadRequest::ManagedServiceAlreadyAttached',
      `Managed Service '${urn}' is already attached to VrackServices ${other.id}, a Managed Service can be attached to only one vRackServices at a time`,
    );
  });
  it('ServiceRangeIPsCapacityExceeded (a base-aligned /29 holds 3)', async () => {
    t.sim.admin.setLimits({ serviceEndpointsPerAccount: 50 });
    const urns = [await t.efs(), await t.efs(), await t.efs(), await t.efs()];
    await expectError(
      { subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', urns)] },
      400,
      'Client::BadRequest::ServiceRangeIPsCapacityExceeded',
      "invalid ServiceRange '10.0.0.0/29': requested ServiceEndpoints require 4 IPs, it exceeds the ServiceRange IPs capacity (3)",
    );
  });
  it('ServiceEndpointLimitExceeded (account limit, the product definition), overridable', async () => {
    t.sim.admin.setLimits({ serviceEndpointsPerAccount: 1 });
    const urns = [await t.efs(), await t.efs()];
    await expectError({ subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', urns)] }, 400, 'Client::BadRequest::ServiceEndpointLimitExceeded', "Limit of '1' Service Endpoints exceeded");
  });
  it('SubnetVLANDuplicated (limit raised; not a published class)', async () => {
    t.sim.admin.setLimits({ subnetsPerVrackServices: 5 });
    await expectError(
      { subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [], 7), subnet('10.0.1.0/24', '10.0.1.0/29', [], 7)] },
      400,
      'Client::BadRequest::SubnetVLANDuplicated',
      "Subnet VLAN '7' is used by several Subnets, Subnet VLANs must be unique",
    );
  });
  it('SubnetVLANDuplicated for the null VLAN too (the product definition: used by one subnet only); null beside a tagged one is fine', async () => {
    t.sim.admin.setLimits({ subnetsPerVrackServices: 5 });
    await expectError(
      { subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [], null), subnet('10.0.1.0/24', '10.0.1.0/29', [], null)] },
      400,
      'Client::BadRequest::SubnetVLANDuplicated',
      "Subnet VLAN 'null' is used by several Subnets, Subnet VLANs must be unique",
    );
    expect((await put({ subnets: [subnet('10.0.0.0/24', '10.0.0.0/29', [], null), subnet('10.0.1.0/24', '10.0.1.0/29', [], 7)] })).status).toBe(200);
  });
  it('a valid spec is accepted: new checksum, UPDATING, a PENDING task, no iam block on the PUT answer', async () => {
    const r = await put({ subnets: [subnet('10.0.0.0/24', '10.0.0.0/29')] });
    expect(r.status).toBe(200);
    expect(r.json.checksum).not.toBe(checksum);
    expect(r.json.resourceStatus).toBe('UPDATING');
    expect(r.json.currentTasks).toEqual([{ id: expect.stringMatching(/^[0-9a-f-]{36}$/), link: `/v2/vrackServices/resource/${id}`, status: 'PENDING', type: 'VrackServicesUpdate' }]);
    expect(r.json).not.toHaveProperty('iam');
    expect((await t.req('GET', `/v2/vrackServices/resource/${id}`)).json).toHaveProperty('iam');
  });
});
