/**
 * schemathesis (PyPI, pinned in scripts/clients/requirements.lock) against the simulator with
 * OVHcloud's published OpenAPI files (vendored in ../openapi), on both profiles. Checks:
 * - not_a_server_error: no 5xx, whatever it sends;
 * - response_schema_conformance and content_type_conformance: every documented response matches
 *   the published schema.
 * status_code_conformance is left out on purpose: the published files document only 200 for the
 * v2 list routes and most v1 routes, while the API answers 400 to a bad `X-Pagination-Cursor`
 * (`invalid cursor`, which OVHcloud's own manager special-cases) and 404 to an unknown parent id;
 * that check would flag the documentation's gaps, not the simulator.
 * Path parameters are bound to resources delivered through lab-admin, so the 200 answers get
 * validated too (random ids would only ever see 404s). Bounded: a fixed seed and --max-examples.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator, type Simulator } from '../../simulator.ts';
import { realExec } from '../../../core/exec.ts';
import { schemathesis } from './installed-clients.ts';

if (schemathesis.missing) console.warn(`schemathesis tests skipped: ${schemathesis.missing}`);
const MAX_EXAMPLES = Number(process.env.VRACKLAB_SCHEMATHESIS_EXAMPLES ?? 25);
const openapi = (file: string) => join(import.meta.dirname, '..', 'openapi', file);

interface Target {
  spec: string;
  base: string;
  /** The operations the simulator implements (the others would only measure 404s). */
  filters: string[];
  parameters: (ids: Ids) => Record<string, string>;
}
interface Ids { vrs: string; vrack: string; storage: string; share: string; acl: string }

const TARGETS: Record<string, Target> = {
  'v2 /vrackServices (vrackservices.json)': {
    spec: 'vrackservices.json', base: '/v2', filters: [],
    parameters: (ids) => ({ 'path.vrackServicesId': ids.vrs }),
  },
  'v1 /vrack (vrack.json)': {
    spec: 'vrack.json', base: '/1.0',
    filters: ['--include-path-regex', '^/vrack(/\\{serviceName\\}(/allowedServices|/task(/\\{taskId\\})?|/vrackServices(/\\{vrackServices\\})?)?)?$',
      '--exclude-name', 'PUT /vrack/{serviceName}'],
    parameters: (ids) => ({ 'path.serviceName': ids.vrack, 'path.vrackServices': ids.vrs }),
  },
  'v1 /storage/netapp (storagenetapp.json)': {
    spec: 'storagenetapp.json', base: '/1.0',
    filters: ['--include-path-regex', '^/storage/netapp(/\\{serviceName\\}(/share(/\\{shareId\\}(/acl(/\\{aclRuleId\\})?|/accessPath(/\\{accessPathId\\})?)?)?)?)?$',
      '--exclude-name', 'PUT /storage/netapp/{serviceName}'],
    parameters: (ids) => ({ 'path.serviceName': ids.storage, 'path.shareId': ids.share, 'path.aclRuleId': ids.acl }),
  },
};

describe.skipIf(schemathesis.missing !== undefined).each(['2024-04', '2025-10'] as const)('schemathesis on the %s profile', (profile) => {
  let sim: Simulator;
  let url: string;
  let token: string;
  let ids: Ids;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vl-st-'));
    sim = await createSimulator({ profile, timings: 'fast', credentials: 'random' });
    url = await sim.listen({ host: '127.0.0.1', port: 0 });
    const c = sim.credentials;
    const tokenRes = await fetch(`${url}/auth/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: c.oauth2ClientId, client_secret: c.oauth2ClientSecret, scope: 'all' }),
    });
    token = ((await tokenRes.json()) as { access_token: string }).access_token;
    const vrack = (await sim.admin.createVrack()).serviceName;
    const vrs = (await sim.admin.createVrackServices({ region: profile === '2024-04' ? 'LIM' : 'eu-west-lim' })).id;
    const storage = (await sim.admin.createStorageNetApp({ region: 'eu-west-lim', shares: [{ name: 'fuzz', acls: [{ accessTo: '10.120.0.0/24', accessLevel: 'rw' }] }] })).serviceName;
    await sim.admin.waitForReady(vrs, 10_000);
    const get = async <T>(path: string) => (await (await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as T;
    const share = (await get<{ id: string }[]>(`/1.0/storage/netapp/${storage}/share`))[0]!.id;
    const acl = (await get<{ id: string }[]>(`/1.0/storage/netapp/${storage}/share/${share}/acl`))[0]!.id;
    ids = { vrs, vrack, storage, share, acl };
  });

  afterAll(async () => {
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(Object.keys(TARGETS))('%s: no 5xx, every documented response conforms', async (name) => {
    const t = TARGETS[name]!;
    const slug = t.spec.replace('.json', '');
    const config = join(dir, `${slug}.toml`);
    await writeFile(config, `[parameters]\n${Object.entries(t.parameters(ids)).map(([k, v]) => `${JSON.stringify(k)} = ${JSON.stringify(v)}`).join('\n')}\n`);
    const junit = join(dir, `${slug}.xml`);
    const res = await realExec(schemathesis.path, ['--no-color', '--config-file', config, 'run', openapi(t.spec), '--url', `${url}${t.base}`,
      '-H', `Authorization: Bearer ${token}`, '--checks', 'not_a_server_error,response_schema_conformance,content_type_conformance',
      '--max-examples', String(MAX_EXAMPLES), '--seed', '20241', '--workers', '1', '--report', 'junit', '--report-junit-path', junit, ...t.filters],
    { allowFailure: true, timeoutMs: 280_000, cwd: dir });
    const summary = /Test cases:\s*\n\s*(.+)/.exec(res.stdout)?.[1] ?? '(no summary)';
    const operations = /Tested: (\d+)/.exec(res.stdout)?.[1] ?? '0';
    console.log(`schemathesis ${profile} ${name}: ${operations} operations, ${summary}`);
    expect(res.exitCode, `schemathesis failed (exit ${res.exitCode}):\n${res.stdout.slice(-6000)}\n${res.stderr.slice(-2000)}`).toBe(0);
    // A run that generated nothing checked nothing.
    expect(Number(operations)).toBeGreaterThan(0);
    expect(summary).toMatch(/^[1-9]\d* generated, [1-9]\d* passed/);
    expect(await readFile(junit, 'utf8')).not.toMatch(/<failure/);
  });
});
