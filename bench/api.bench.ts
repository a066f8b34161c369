/**
 * API simulator benchmark (run: `node bench/api.bench.ts`, ~40 s). Requests/s and p50/p99 latency
 * over loopback with N concurrent keep-alive clients for:
 *   - GET /v2/vrackServices/resource/{id} on the simulator (auth, journal, views);
 *   - the same JSON from a bare fastify handler: the ceiling on this machine;
 *   - PUT + reconcile: each client owns a vRack Services and loops GET → PUT → poll until READY,
 *     with every simulated delay set to 0, so the number is the simulator's own overhead.
 * Servers run in a child process (this file with `--serve`), so client and server do not share
 * one event loop. Writes bench/results/api.json.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import Fastify from 'fastify';
import { createSimulator, DEV_CREDENTIALS } from '../sim/api/simulator.ts';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 6000);
const PUT_CLIENTS = Number(process.env.BENCH_PUT_CLIENTS ?? 8);
const ROUNDS = 3;

interface Served {
  url: string;
  token?: string;
  ids?: string[];
}

async function serve(kind: string): Promise<void> {
  if (kind === 'bare') {
    const body = JSON.parse(process.env.BENCH_BODY ?? '{}') as unknown;
    const app = Fastify({ logger: false });
    app.get('/v2/vrackServices/resource/:id', async () => body);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` }) + '\n');
    return;
  }
  const sim = await createSimulator({ profile: '2025-10', timings: { deliveryMs: 0, taskPendingMs: 0, taskRunningMs: 0, disruptiveCutMs: 0, vrackTaskMs: 0 }, limits: { vrackServicesPerAccount: 100, serviceEndpointsPerAccount: 100 } });
  const url = await sim.listen({ host: '127.0.0.1', port: 0 });
  const ids: string[] = [];
  for (let i = 0; i < Math.max(PUT_CLIENTS, 1); i++) {
    const { id } = await sim.admin.createVrackServices({ region: 'eu-west-gra' });
    await sim.admin.waitForReady(id, 10_000);
    ids.push(id);
  }
  const { serviceName } = await sim.admin.createVrack();
  await sim.admin.associate(serviceName, ids[0] as string);
  const tok = await sim.app.inject({
    method: 'POST',
    url: '/auth/oauth2/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `grant_type=client_credentials&client_id=${DEV_CREDENTIALS.oauth2ClientId}&client_secret=${DEV_CREDENTIALS.oauth2ClientSecret}&scope=all`,
  });
  process.stdout.write(JSON.stringify({ url, token: (tok.json() as { access_token: string }).access_token, ids }) + '\n');
}

function startServer(kind: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; served: Served }> {
  const child = spawn(process.execPath, [new URL(import.meta.url).pathname, '--serve', kind], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve({ child, served: JSON.parse(line) as Served });
    });
    child.on('exit', (code) => reject(new Error(`bench server ${kind} exited ${code}`)));
  });
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function call(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface Stats {
  /** Raw samples, dropped from the written results. */
  latencies?: number[];
  requests: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function stats(latencies: number[], errors: number, ms: number): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  const pick = (q: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 100) / 100;
  return { latencies: sorted, requests: sorted.length, errors, seconds: ms / 1000, requestsPerSecond: Math.round((sorted.length / ms) * 1000), p50Ms: pick(0.5), p99Ms: pick(0.99) };
}

/** Rounds combined: totals summed; percentiles from all latencies of all rounds. */
function merge(rounds: Stats[]): Stats {
  const all = rounds.flatMap((r) => r.latencies ?? []);
  const ms = rounds.reduce((n, r) => n + r.seconds * 1000, 0);
  return stats(all, rounds.reduce((n, r) => n + r.errors, 0), ms);
}

async function load(clients: number, durationMs: number, one: (client: number) => Promise<boolean>): Promise<Stats> {
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + durationMs;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (Date.now() < end) {
        const s = performance.now();
        const ok = await one(c);
        if (ok) latencies.push(performance.now() - s);
        else errors++;
      }
    }),
  );
  return stats(latencies, errors, performance.now() - t0);
}

const strip = ({ latencies: _l, ...rest }: Stats) => rest;

async function main(): Promise<void> {
  const sim = await startServer('sim');
  const { url, token, ids } = sim.served as Required<Served>;
  const auth = { authorization: `Bearer ${token}` };
  const id = ids[0] as string;
  const sample = await call(`${url}/v2/vrackServices/resource/${id}`, 'GET', auth);
  const warm = (u: string, h: Record<string, string>) => load(CONCURRENCY, 1000, async () => (await call(u, 'GET', h)).status === 200);

  const bare = await startServer('bare', { BENCH_BODY: sample.text });
  const bareUrl = `${bare.served.url}/v2/vrackServices/resource/${id}`;
  const simUrl = `${url}/v2/vrackServices/resource/${id}`;
  await warm(simUrl, auth);
  await warm(bareUrl, {});
  // Alternate short rounds so both targets see the same background load from other jobs.
  const simRounds: Stats[] = [];
  const bareRounds: Stats[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    simRounds.push(await load(CONCURRENCY, DURATION_MS / ROUNDS, async () => (await call(simUrl, 'GET', auth)).status === 200));
    bareRounds.push(await load(CONCURRENCY, DURATION_MS / ROUNDS, async () => (await call(bareUrl, 'GET', {})).status === 200));
  }
  bare.child.kill('SIGTERM');
  const simGet = merge(simRounds);
  const bareGet = merge(bareRounds);

  const putCycle = async (client: number) => {
    const vid = ids[client] as string;
    const g = JSON.parse((await call(`${url}/v2/vrackServices/resource/${vid}`, 'GET', auth)).text) as { checksum: string; targetSpec: { subnets: { vlan: number }[] } };
    const vlan = ((g.targetSpec.subnets[0]?.vlan ?? 2) % 4000) + 2;
    const spec = { subnets: [{ cidr: '10.0.0.0/24', displayName: null, serviceEndpoints: [], serviceRange: { cidr: '10.0.0.0/29' }, vlan }] };
    const put = await call(`${url}/v2/vrackServices/resource/${vid}`, 'PUT', auth, JSON.stringify({ checksum: g.checksum, targetSpec: spec }));
    if (put.status !== 200) return false;
    for (let i = 0; i < 10_000; i++) {
      const s = JSON.parse((await call(`${url}/v2/vrackServices/resource/${vid}`, 'GET', auth)).text) as { resourceStatus: string };
      if (s.resourceStatus === 'READY') return true;
      if (s.resourceStatus === 'ERROR') return false;
    }
    return false;
  };
  const simPut = await load(PUT_CLIENTS, DURATION_MS, putCycle);
  sim.child.kill('SIGTERM');

  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    concurrency: CONCURRENCY,
    putClients: PUT_CLIENTS,
    durationMsPerPhase: DURATION_MS,
    responseBytes: Buffer.byteLength(sample.text),
    getResource: { rounds: ROUNDS, simulator: strip(simGet), bareFastify: strip(bareGet), simulatorShareOfCeiling: Math.round((simGet.requestsPerSecond / bareGet.requestsPerSecond) * 100) / 100 },
    putAndReconcile: { note: 'one cycle = GET + PUT + GETs until READY, all simulated delays 0', cyclesPerSecond: simPut.requestsPerSecond, ...strip(simPut) },
  };
  await mkdir(new URL('./results/', import.meta.url), { recursive: true });
  await writeFile(new URL('./results/api.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  agent.destroy();
}

if (process.argv[2] === '--serve') await serve(process.argv[3] ?? 'sim');
else await main();
