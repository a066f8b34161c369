/**
 * go-ovh (github.com/ovh/go-ovh v1.9.0, pinned by scripts/clients/go-ovh-probe/go.sum), the official
 * Go client and the library every ovhcloud-cli command calls, against the simulator. The probe does
 * what `ovhcloud vrackservices list|get|edit` does (list, get, PUT {checksum, targetSpec}); go-ovh
 * takes an endpoint URL in its normal configuration, so OVH_ENDPOINT is the simulator's
 * `http://HOST:PORT/1.0` and credentials are OVH_APPLICATION_KEY / _SECRET / OVH_CONSUMER_KEY.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../simulator.ts';
import { realExec } from '../../../core/exec.ts';
import { goOvhProbe } from './installed-clients.ts';

if (goOvhProbe.missing) console.warn(`go-ovh tests skipped: ${goOvhProbe.missing}`);

describe.skipIf(goOvhProbe.missing !== undefined).each(['2024-04', '2025-10'] as const)('go-ovh on the %s profile', (profile) => {
  let sim: Simulator;
  let env: Record<string, string>;
  let vrs: string;
  let urn: string;
  const probe = async (...args: string[]) => {
    const r = await realExec(goOvhProbe.path, args, { env, allowFailure: true, timeoutMs: 60_000 });
    return { exitCode: r.exitCode, out: r.stdout ? (JSON.parse(r.stdout) as Record<string, unknown>) : r.stderr };
  };

  beforeAll(async () => {
    sim = await createSimulator({ profile, timings: 'fast', credentials: 'random' });
    const url = await sim.listen({ host: '127.0.0.1', port: 0 });
    const c = sim.credentials;
    // HOME elsewhere: a developer's own ~/.ovh.conf must not leak into the run.
    env = { OVH_ENDPOINT: `${url}/1.0`, OVH_APPLICATION_KEY: c.applicationKey, OVH_APPLICATION_SECRET: c.applicationSecret, OVH_CONSUMER_KEY: c.consumerKey, HOME: '/nonexistent' };
    vrs = (await sim.admin.createVrackServices({ region: profile === '2024-04' ? 'LIM' : 'eu-west-lim' })).id;
    urn = (await sim.admin.createStorageNetApp({ region: 'eu-west-lim' })).urn;
    await sim.admin.waitForReady(vrs, 10_000);
  });

  afterAll(async () => {
    await sim?.close();
  });

  it('list: the delivered vRack Services', async () => {
    const r = await probe('list');
    expect(r.exitCode, JSON.stringify(r.out)).toBe(0);
    expect((r.out as unknown as { id: string }[]).map((x) => x.id)).toEqual([vrs]);
  });

  it('get: one vRack Services, READY, with its checksum', async () => {
    const r = await probe('get', vrs);
    expect(r.out).toMatchObject({ id: vrs, resourceStatus: 'READY', checksum: 'd41d8cd98f00b204e9800998ecf8427e' });
  });

  it('edit: PUT the targetSpec with the checksum read first → UPDATING, then READY with the endpoint', async () => {
    const spec = { subnets: [{ cidr: '10.120.0.0/24', vlan: 2, serviceRange: { cidr: '10.120.0.0/29' }, serviceEndpoints: [{ managedServiceURN: urn }] }] };
    const r = await probe('edit', vrs, JSON.stringify(spec));
    expect(r.exitCode, JSON.stringify(r.out)).toBe(0);
    expect(r.out).toMatchObject({ id: vrs, resourceStatus: 'UPDATING', targetSpec: spec });
    await sim.admin.waitForReady(vrs, 10_000);
    expect((await probe('get', vrs)).out).toMatchObject({ currentState: { subnets: [{ serviceEndpoints: [{ managedServiceURN: urn, endpoints: [{ ip: '10.120.0.1' }] }] }] } });
  });

  it('refusals reach go-ovh as APIError with status, class and message', async () => {
    expect(await probe('get', 'vrs-abc-def-ghi-jkl')).toEqual({
      exitCode: 3, out: { status: 404, class: 'Client::NotFound::VrackServicesNotFound', message: "VrackServices 'vrs-abc-def-ghi-jkl' not found" },
    });
    const bad = await probe('edit', vrs, JSON.stringify({ subnets: [{ cidr: '8.8.8.0/24', serviceRange: { cidr: '8.8.8.0/29' }, serviceEndpoints: [] }] }));
    expect(bad).toMatchObject({ exitCode: 3, out: { status: 400, class: 'Client::BadRequest::SubnetCIDRNotPrivateNetwork' } });
  });
});
