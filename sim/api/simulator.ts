/**
 * The vRack Services API simulator: a fastify app at the real OVHcloud paths (v2 /vrackServices,
 * v1 /vrack and /storage/netapp under /1.0 and /v1, /auth/time, the OAuth2 token endpoint), with
 * both authentication schemes, the lab-admin routes, an event journal and optional persistence.
 */
import type { FastifyInstance } from 'fastify';
import type { DataPlane } from './data-plane.ts';
import { createAuthenticator } from './auth.ts';
import { DEV_CREDENTIALS, generateCredentials } from './credentials.ts';
import type { DevCredentials } from './credentials.ts';
import { Engine } from './engine.ts';
import { createEventJournal } from './event-journal.ts';
import type { EventJournal } from './event-journal.ts';
import { createHostCheck } from './host-check.ts';
import { createHttpApp } from './http-app.ts';
import { createLabAdmin } from './lab-admin.ts';
import type { LabAdmin } from './lab-admin.ts';
import { DEFAULT_LIMITS, validateLimits } from './limits.ts';
import type { Limits } from './limits.ts';
import { profileByName } from './profiles.ts';
import { HarnessError } from '../core/errors.ts';
import { registerLabRoutes } from './routes-lab.ts';
import { registerV1Routes } from './routes-v1.ts';
import { registerV2Routes } from './routes-v2.ts';
import { loadState } from './state-store.ts';
import { taskView, vrackServicesView } from './views.ts';
import { resolveTimings } from './timings.ts';
import type { SimState } from './model.ts';
import type { Timings, TimingsPreset } from './timings.ts';

export { DEV_CREDENTIALS, generateCredentials };
export type { DevCredentials, EventJournal, LabAdmin, Limits, Timings };

/** Options of {@link createSimulator}: profile, timings, limits, credentials, state file, data plane, extra routes. */
export interface SimulatorOptions {
  profile?: '2024-04' | '2025-10';
  timings?: TimingsPreset | Partial<Timings>;
  statePath?: string;
  dataPlane?: DataPlane;
  /** Overrides of the dev credentials, or 'random' for fresh ones (`generateCredentials`, see `sim.credentials`). */
  credentials?: Partial<DevCredentials> | 'random';
  limits?: Partial<Limits>;
  /** Host names accepted besides IP literals, localhost and the listen address (DNS-rebinding guard). */
  allowedHosts?: string[];
  /** The clock of records and journal (ms since the epoch); tests inject one. Authentication keeps the real clock. */
  now?: () => number;
  /**
   * Registers more routes on the simulator's fastify before it is ready (the lab's web page,
   * sim/web). They pass the same host check and authentication as every other route.
   */
  extend?: (app: FastifyInstance) => Promise<void> | void;
  /** Paths an extension serves without authentication (its static assets; never data or actions). */
  isPublicPath?: (path: string) => boolean;
}

/** What Simulator.checkpoint() takes and restore() puts back (deep copies). */
export interface SimulatorCheckpoint {
  state: SimState;
  timings: Timings;
  limits: Limits;
}

/** `await using sim = await createSimulator()` closes it at the end of the scope. */
export interface Simulator extends AsyncDisposable {
  app: FastifyInstance;
  listen(opts?: { host?: string; port?: number }): Promise<string>;
  close(): Promise<void>;
  journal: EventJournal;
  admin: LabAdmin;
  setDataPlane(dp: DataPlane): void;
  /** Resolves once a data plane bound with setDataPlane has received the replayed state. */
  dataPlaneReady(): Promise<void>;
  readonly credentials: DevCredentials;
  /** The state, timings and limits as they are now: what restore() puts back. */
  checkpoint(): SimulatorCheckpoint;
  /**
   * Back to a checkpoint (a reused lab between scenarios): state (resources, tasks, associations,
   * shares, ACLs) with the fabric following it, timings, limits, no faults, an empty journal.
   */
  restore(checkpoint: SimulatorCheckpoint): Promise<void>;
  /** Every vRack Services as GET /v2/vrackServices/resource/{id} shows it, with its tasks: read in-process, not journaled. */
  views(): { vrackServices: Record<string, unknown>[]; tasks: Record<string, unknown>[] };
}

/** Creates a vRack Services API simulator (OVHcloud signatures and OAuth2) with its profile, limits and timings. */
export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const profile = profileByName(options.profile ?? '2024-04');
  const timings = resolveTimings(options.timings ?? 'fast');
  const credentials: DevCredentials = options.credentials === 'random' ? generateCredentials() : { ...DEV_CREDENTIALS, ...options.credentials };
  const auth = createAuthenticator(credentials);
  const hosts = createHostCheck(options.allowedHosts);
  const now = options.now ?? Date.now;
  const journal = createEventJournal(undefined, () => new Date(now()));
  const state = options.statePath ? await loadState(options.statePath) : undefined;
  const limits = { ...DEFAULT_LIMITS, ...validateLimits(options.limits ?? {}) };
  const engine = new Engine({ profile, limits, timings, journal, now, ...(options.dataPlane ? { dataPlane: options.dataPlane } : {}), ...(state ? { state } : {}), ...(options.statePath ? { statePath: options.statePath } : {}) });
  if (state) journal.record('state', 'loaded', { path: options.statePath, vrackServices: state.vrackServices.length });
  const admin = createLabAdmin(engine);

  const app = createHttpApp({ engine, auth, hosts, journal, ...(options.isPublicPath ? { isPublicPath: options.isPublicPath } : {}) });
  registerV2Routes(app, engine);
  for (const prefix of ['/1.0', '/v1']) await app.register(async (scope) => registerV1Routes(scope, engine), { prefix });
  registerLabRoutes(app, engine, admin);
  if (options.extend) await options.extend(app);
  await app.ready();

  engine.resumeInFlight();
  let dpReady: Promise<void> = Promise.resolve();
  let closed = false;

  const simulator: Simulator = {
    app,
    journal,
    admin,
    credentials,
    async listen(opts = {}) {
      const host = opts.host ?? '127.0.0.1';
      try {
        await app.listen({ host, port: opts.port ?? 0 });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why =
          code === 'EADDRINUSE' ? 'the port is already in use' : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' ? 'no such local address' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
        throw new HarnessError('API_LISTEN_FAILED', `cannot serve the API on ${host}:${opts.port ?? 0}: ${why} (choose another port, or 0 for any free port)`, { cause: err });
      }
      hosts.add(host);
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : opts.port;
      return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    },
    async close() {
      if (closed) return;
      closed = true;
      await engine.close();
      await app.close();
    },
    setDataPlane(dp) {
      dpReady = engine.bindDataPlane(dp);
      dpReady.catch((err: unknown) => journal.record('dataplane', 'bind-failed', { error: (err as Error).message }));
    },
    dataPlaneReady: () => dpReady,
    checkpoint: () => ({ state: engine.snapshot(), timings: engine.timings(), limits: engine.limits() }),
    async restore(checkpoint) {
      await engine.restore(checkpoint.state);
      engine.setTimings(checkpoint.timings);
      engine.setLimits(checkpoint.limits);
      journal.clear();
    },
    views() {
      const state = engine.snapshot();
      return {
        vrackServices: state.vrackServices.map((v) => vrackServicesView(v, state.tasks, engine.profile, true)),
        tasks: state.tasks.map((t) => ({ vrackServicesId: t.vrackServicesId, ...taskView(t) })),
      };
    },
    [Symbol.asyncDispose]: () => simulator.close(),
  };
  return simulator;
}
