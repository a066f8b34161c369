/**
 * Helpers for the simulator's own tests: a simulator with a recording data plane and fast
 * timings, an authenticated `inject`, and the usual path to a READY, associated vRack Services.
 * Not used by production code.
 */
import type { InjectOptions } from 'fastify';
import { createRecordingDataPlane } from './recording-data-plane.ts';
import type { RecordingDataPlane } from './recording-data-plane.ts';
import { createSimulator } from './simulator.ts';
import type { Simulator, SimulatorOptions } from './simulator.ts';

export interface TestSim {
  sim: Simulator;
  dp: RecordingDataPlane;
  headers: Record<string, string>;
  req(method: InjectOptions['method'], url: string, payload?: unknown, extraHeaders?: Record<string, string>): Promise<{ status: number; json: any; headers: Record<string, unknown> }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** A vRack Services delivered (READY); associated to a new vRack unless `associate` is false. */
  readyVrs(opts?: { region?: string; associate?: boolean; displayName?: string }): Promise<{ id: string; vrack: string }>;
  /** PUT the spec on top of the current checksum and wait for READY. */
  apply(id: string, targetSpec: unknown): Promise<{ status: number; json: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  efs(region?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestSim(opts: SimulatorOptions = {}): Promise<TestSim> {
  const dp = createRecordingDataPlane();
  const sim = await createSimulator({ profile: '2025-10', timings: { deliveryMs: 5, taskPendingMs: 5, taskRunningMs: 10, disruptiveCutMs: 5, vrackTaskMs: 5 }, dataPlane: dp, ...opts });
  const tok = await sim.app.inject({
    method: 'POST',
    url: '/auth/oauth2/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `grant_type=client_credentials&client_id=${sim.credentials.oauth2ClientId}&client_secret=${sim.credentials.oauth2ClientSecret}&scope=all`,
  });
  const headers = { authorization: `Bearer ${(tok.json() as { access_token: string }).access_token}` };
  const t: TestSim = {
    sim,
    dp,
    headers,
    async req(method, url, payload, extraHeaders = {}) {
      const r = await sim.app.inject({
        method,
        url,
        headers: { ...headers, ...extraHeaders },
        ...(payload === undefined ? {} : typeof payload === 'string' ? { payload, headers: { ...headers, 'content-type': 'application/json', ...extraHeaders } } : { payload: payload as object }),
      });
      return { status: r.statusCode, json: r.body === '' ? undefined : JSON.parse(r.body), headers: r.headers };
    },
    async readyVrs(o = {}) {
      const { id } = await sim.admin.createVrackServices({ region: o.region ?? 'eu-west-lim', ...(o.displayName ? { displayName: o.displayName } : {}) });
      await sim.admin.waitForReady(id, 5000);
      const { serviceName } = await sim.admin.createVrack();
      if (o.associate !== false) await sim.admin.associate(serviceName, id);
      return { id, vrack: serviceName };
    },
    async apply(id, targetSpec) {
      const cur = await t.req('GET', `/v2/vrackServices/resource/${id}`);
      const r = await t.req('PUT', `/v2/vrackServices/resource/${id}`, { checksum: cur.json.checksum, targetSpec });
      if (r.status === 200) await sim.admin.waitForReady(id, 5000).catch(() => {});
      return r;
    },
    async efs(region = 'eu-west-lim') {
      return (await sim.admin.createStorageNetApp({ region })).urn;
    },
    close: () => sim.close(),
  };
  return t;
}

export function subnet(cidr: string, range: string, urns: string[] = [], vlan: number | null = 2, displayName: string | null = null) {
  return { cidr, displayName, serviceEndpoints: urns.map((managedServiceURN) => ({ managedServiceURN })), serviceRange: { cidr: range }, vlan };
}
