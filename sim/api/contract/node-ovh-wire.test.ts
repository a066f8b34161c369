/**
 * Wire compatibility with the official client, @ovhcloud/node-ovh, in application-key mode (AK/AS/CK
 * signatures) and in OAuth2 mode, against the simulator listening on 127.0.0.1.
 *
 * node-ovh only speaks HTTPS (it calls `https.request`), so the simulator is put behind a local TLS
 * front (a throwaway self-signed certificate for 127.0.0.1, made with openssl), as a user would do.
 * What node-ovh does on the wire, and the simulator must accept:
 * - it signs `"https://" + host + path` where host is the configured host WITHOUT the port, while
 *   its Host header carries `127.0.0.1:<port>`;
 * - paths `/v2/...` are sent as is (its `/1.0` base is dropped), other paths get the `/1.0` prefix;
 * - it fetches `/1.0/auth/time` first, unauthenticated, for the time delta;
 * - errors come back as `{error: <status>, message}` (the class is lost).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import https from 'node:https';
import http from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createSimulator, DEV_CREDENTIALS, type Simulator } from '../simulator.ts';
import { realExec } from '../../core/exec.ts';
import { waitFor } from '../../core/wait.ts';

interface NodeOvh {
  requestPromised(method: string, path: string, params?: object): Promise<unknown>;
}
const require = createRequire(import.meta.url);
const ovh = require('@ovhcloud/node-ovh') as (params: object) => NodeOvh;

const openssl = await realExec('openssl', ['version'], { allowFailure: true }).catch(() => undefined);
if (!openssl || openssl.exitCode !== 0) console.warn('node-ovh wire test skipped: no openssl on this machine to make the TLS certificate node-ovh needs');

describe.skipIf(!openssl || openssl.exitCode !== 0)('@ovhcloud/node-ovh against the simulator', () => {
  let sim: Simulator;
  let front: https.Server;
  let dir: string;
  let client: NodeOvh;
  let vrackSn: string;
  let vrsId: string;
  let efsUrn: string;
  const savedCa = https.globalAgent.options.ca;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vl-tls-'));
    await realExec('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { timeoutMs: 30_000 });
    const [key, cert] = await Promise.all([readFile(join(dir, 'key.pem')), readFile(join(dir, 'cert.pem'))]);

    sim = await createSimulator({ profile: '2025-10', timings: 'fast' });
    const simUrl = new URL(await sim.listen({ host: '127.0.0.1', port: 0 }));
    // TLS front: forwards method, path, headers (Host included) and body untouched, and says it was https.
    front = https.createServer({ key, cert }, (req, res) => {
      const upstream = http.request(
        { host: simUrl.hostname, port: Number(simUrl.port), method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-proto': 'https' } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', (err) => {
        res.writeHead(502).end(JSON.stringify({ message: `front: ${err.message}` }));
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    // node-ovh passes no agent: trust our certificate through the global one, for this test only.
    https.globalAgent.options.ca = cert;

    client = ovh({
      appKey: DEV_CREDENTIALS.applicationKey,
      appSecret: DEV_CREDENTIALS.applicationSecret,
      consumerKey: DEV_CREDENTIALS.consumerKey,
      host: '127.0.0.1',
      port: (front.address() as AddressInfo).port,
    });
    vrackSn = (await sim.admin.createVrack()).serviceName;
    vrsId = (await sim.admin.createVrackServices({ region: 'eu-west-lim' })).id;
    efsUrn = (await sim.admin.createStorageNetApp({ region: 'eu-west-lim' })).urn;
    await sim.admin.waitForReady(vrsId, 10_000);
  });

  afterAll(async () => {
    https.globalAgent.options.ca = savedCa;
    await new Promise<void>((resolve) => (front ? front.close(() => resolve()) : resolve()));
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('GET a v2 resource with a signed request', async () => {
    const vrs = (await client.requestPromised('GET', `/v2/vrackServices/resource/${vrsId}`)) as { id: string; checksum: string };
    expect(vrs.id).toBe(vrsId);
  });

  it('PUT the targetSpec with the checksum, then a stale checksum fails with 412', async () => {
    const vrs = (await client.requestPromised('GET', `/v2/vrackServices/resource/${vrsId}`)) as { checksum: string };
    const targetSpec = { subnets: [{ cidr: '10.120.0.0/24', vlan: 2, serviceRange: { cidr: '10.120.0.0/29' }, serviceEndpoints: [{ managedServiceURN: efsUrn }] }] };
    const put = (await client.requestPromised('PUT', `/v2/vrackServices/resource/${vrsId}`, { checksum: vrs.checksum, targetSpec })) as { resourceStatus: string };
    expect(put.resourceStatus).toBe('UPDATING');
    await expect(client.requestPromised('PUT', `/v2/vrackServices/resource/${vrsId}`, { checksum: vrs.checksum, targetSpec })).rejects.toMatchObject({ error: 412 });
  });

  // OAuth2 mode: the token goes through simple-oauth2 (@hapi/wreck with its own TLS agents, which
  // only NODE_EXTRA_CA_CERTS reaches), so this runs node-ovh in a child Node process. node-ovh sends
  // PUT bodies without a Content-Type in this mode.
  it('OAuth2 mode (service account): token, GET and PUT', async () => {
    const id = (await sim.admin.createVrackServices({ region: 'eu-west-gra' })).id;
    await sim.admin.waitForReady(id, 10_000);
    const port = (front.address() as AddressInfo).port;
    const script = join(dir, 'oauth2-client.cjs');
    await writeFile(
      script,
      `const ovh = require(${JSON.stringify(require.resolve('@ovhcloud/node-ovh'))})({
  clientID: ${JSON.stringify(DEV_CREDENTIALS.oauth2ClientId)}, clientSecret: ${JSON.stringify(DEV_CREDENTIALS.oauth2ClientSecret)},
  tokenURL: 'https://127.0.0.1:${port}/auth/', host: '127.0.0.1', port: ${port} });
(async () => {
  const vrs = await ovh.requestPromised('GET', '/v2/vrackServices/resource/${id}');
  const put = await ovh.requestPromised('PUT', '/v2/vrackServices/resource/${id}', { checksum: vrs.checksum,
    targetSpec: { subnets: [{ cidr: '10.130.0.0/24', vlan: 3, serviceRange: { cidr: '10.130.0.0/29' }, serviceEndpoints: [] }] } });
  process.stdout.write(JSON.stringify({ get: vrs.id, put: put.resourceStatus }));
})().catch((e) => process.stdout.write(JSON.stringify({ failed: e })));
`,
    );
    const res = await realExec(process.execPath, [script], { env: { NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') }, timeoutMs: 60_000 });
    expect(JSON.parse(res.stdout)).toEqual({ get: id, put: 'UPDATING' });
  });

  it('v1 association: POST, then the task polled until it answers 404', async () => {
    const task = (await client.requestPromised('POST', `/vrack/${vrackSn}/vrackServices`, { vrackServices: vrsId })) as { id: number; function: string };
    expect(task.function).toBe('addVrackServices');
    await waitFor(
      async () => client.requestPromised('GET', `/vrack/${vrackSn}/task/${task.id}`).then(() => false, (e: { error?: number }) => e.error === 404),
      { what: `vRack task ${task.id} to finish`, timeoutMs: 10_000, intervalMs: 20 },
    );
    expect(await client.requestPromised('GET', `/vrack/${vrackSn}/vrackServices`)).toEqual([vrsId]);
  });
});
