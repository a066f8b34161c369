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

/** The script's JSON, or an error carrying what it said when it printed none (a traceback). */
function parseWalk(r: { stdout: string; stderr: string; exitCode: number }): unknown {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`python-ovh walk printed no JSON (exit ${r.exitCode}):\n${r.stdout}\n${r.stderr.slice(-3000)}`);
  }
}

describe.skipIf(why !== undefined).each(['2024-04', '2025-10'] as const)('python-ovh on the %s profile', (profile) => {
  let sim: Simulator;
  let front: HttpsFront;
  let walk: Walk;
  let vrs: string;
  let oauth2Vrs: string;
  let oauth2Walk: Record<'get' | 'put', Outcome>;

  beforeAll(async () => {
    // eu.api.ovh.com: the API; www.ovh.com: python-ovh's OAuth2 token URL for ovh-eu.
    sim = await createSimulator({ profile, timings: 'fast', credentials: 'random', allowedHosts: ['eu.api.ovh.com', 'www.ovh.com'] });
    front = await startHttpsFront(await sim.listen({ host: '127.0.0.1', port: 0 }), ['eu.api.ovh.com', 'www.ovh.com']);
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
        HTTPS_PROXY: front.proxyUrl, REQUESTS_CA_BUNDLE: front.caFile, NO_PROXY: '', HOME: '/nonexistent',
      },
    });
    walk = parseWalk(res) as Walk;
    oauth2Vrs = (await sim.admin.createVrackServices({ region: profile === '2024-04' ? 'GRA' : 'eu-west-gra' })).id;
    await sim.admin.waitForReady(oauth2Vrs, 10_000);
    const o = await realExec(pythonOvh.path, [join(import.meta.dirname, 'python_ovh_walk.py'), 'oauth2', oauth2Vrs], {
      timeoutMs: 120_000,
      env: { OVH_ENDPOINT: 'ovh-eu', OVH_CLIENT_ID: c.oauth2ClientId, OVH_CLIENT_SECRET: c.oauth2ClientSecret, HTTPS_PROXY: front.proxyUrl, REQUESTS_CA_BUNDLE: front.caFile, NO_PROXY: '', HOME: '/nonexistent' },
    });
    oauth2Walk = parseWalk(o) as Record<'get' | 'put', Outcome>;
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

  it('OAuth2 mode (service account): token from the ovh-eu token URL, then GET and PUT', () => {
    expect(oauth2Walk.get.ok).toMatchObject({ id: oauth2Vrs, resourceStatus: 'READY' });
    expect(oauth2Walk.put.ok).toMatchObject({ id: oauth2Vrs, resourceStatus: 'UPDATING' });
  });
});
