/**
 * python-ovh (PyPI `ovh`, pinned in scripts/clients/requirements.lock) against the simulator, with
 * its normal configuration: endpoint `ovh-eu` and AK/AS/CK from OVH_* variables. It signs
 * `https://eu.api.ovh.com/...`; the simulator allows that Host and accepts the https form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createSimulator, type Simulator } from '../../simulator.ts';
import { realExec } from '../../../core/exec.ts';
import { opensslMissing, startHttpsFront, type HttpsFront } from './https-front.ts';
import { pythonOvh } from './installed-clients.ts';

const why = pythonOvh.missing ?? (await opensslMissing());
if (why) console.warn(`python-ovh tests skipped: ${why}`);

interface Outcome { ok?: unknown; raised?: string; status?: number; body?: { class?: string; message?: string; errorCode?: string }; queryId?: string }
type Step = 'list' | 'get' | 'getMissing' | 'associate' | 'vrackServicesOfVrack' | 'put' | 'putStale' | 'badConsumerKey' | 'badApplicationKey';
type Walk = Record<Step, Outcome> & { taskPolls: (string | undefined)[] };

describe.skipIf(why !== undefined).each(['2024-04', '2025-10'] as const)('python-ovh on the %s profile', (profile) => {
  let sim: Simulator;
  let front: HttpsFront;
  let walk: Walk;
  let vrs: string;

  beforeAll(async () => {
    sim = await createSimulator({ profile, timings: 'fast', credentials: 'random', allowedHosts: ['eu.api.ovh.com'] });
    front = await startHttpsFront(await sim.listen({ host: '127.0.0.1', port: 0 }));
    const region = profile === '2024-04' ? 'LIM' : 'eu-west-lim';
    const vrack = (await sim.admin.createVrack()).serviceName;
    vrs = (await sim.admin.createVrackServices({ region })).id;
    const urn = (await sim.admin.createStorageNetApp({ region: 'eu-west-lim' })).urn;
    await sim.admin.waitForReady(vrs, 10_000);
    const c = sim.credentials;
    const res = await realExec(pythonOvh.path, [join(import.meta.dirname, 'python_ovh_walk.py'), vrs, vrack, urn], {
      timeoutMs: 120_000,
      env: {
        OVH_ENDPOINT: 'ovh-eu', OVH_APPLICATION_KEY: c.applicationKey, OVH_APPLICATION_SECRET: c.applicationSecret, OVH_CONSUMER_KEY: c.consumerKey,
        HTTPS_PROXY: front.proxyUrl, REQUESTS_CA_BUNDLE: front.caFile, NO_PROXY: '',
      },
    });
    walk = JSON.parse(res.stdout) as Walk;
  });

  afterAll(async () => {
    await front?.close();
    await sim?.close();
  });

  it('lists and gets vRack Services with a signed request', () => {
    expect((walk.list.ok as { id: string }[]).map((r) => r.id)).toEqual([vrs]);
    expect(walk.get.ok).toMatchObject({ id: vrs, resourceStatus: 'READY', checksum: 'd41d8cd98f00b204e9800998ecf8427e' });
  });

  it('an unknown id raises ResourceNotFoundError with the published class and a query id', () => {
    expect(walk.getMissing).toMatchObject({ raised: 'ResourceNotFoundError', status: 404, body: { class: 'Client::NotFound::VrackServicesNotFound' } });
    expect(walk.getMissing.queryId).toMatch(/\S/);
  });

  it('associates through v1 and polls the vRack task until it answers 404', () => {
    expect(walk.associate.ok).toMatchObject({ function: 'addVrackServices', status: expect.stringMatching(/^(init|todo|doing)$/) });
    expect(walk.taskPolls.at(-1)).toBe('ResourceNotFoundError');
    expect(walk.vrackServicesOfVrack.ok).toEqual([vrs]);
  });

  it('PUTs a targetSpec with the checksum; the same checksum again is a 412 ChecksumMismatch', () => {
    expect(walk.put.ok).toMatchObject({ id: vrs, resourceStatus: 'UPDATING' });
    expect(walk.putStale).toMatchObject({ raised: 'APIError', status: 412, body: { class: 'Client::PreconditionFailed::ChecksumMismatch' } });
  });

  it('an unknown consumer key raises InvalidCredential, an unknown application key InvalidKey', () => {
    expect(walk.badConsumerKey).toMatchObject({ raised: 'InvalidCredential', status: 403 });
    expect(walk.badApplicationKey).toMatchObject({ raised: 'InvalidKey', status: 403 });
  });
});
