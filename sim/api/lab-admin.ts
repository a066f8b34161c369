/**
 * The lab's hand on the simulator: what an order, a support ticket or a chaos tool would do.
 * The `/lab/*` routes and the in-process `Simulator.admin` are the same operations.
 */
import { HarnessError, invalidInput } from '../core/errors.ts';
import type { FaultInput, Faults, LabDeliveries, VrackServicesSeed } from '../api-types/lab-admin.ts';
import type { Engine } from './engine.ts';
import type { JournalEvent } from './event-journal.ts';
import type { Limits } from './limits.ts';
import type { Timings, TimingsPreset } from './timings.ts';

export type { FaultInput } from '../api-types/lab-admin.ts';

/** The deliveries (shared with the client, sim/api-types/lab-admin.ts) and the in-process knobs. */
export interface LabAdmin extends LabDeliveries {
  /**
   * A vRack Services the user already owns when the lab starts: READY, subnets current, in its
   * vRack and its endpoints on the fabric when this resolves, without the delivery, task or
   * association delays (those are for what the user orders or changes).
   */
  seedVrackServices(input: VrackServicesSeed): Promise<{ id: string }>;
  /** Resolves when the vRack Services is READY (delivery done); rejects on ERROR or after `timeoutMs`. */
  waitForReady(id: string, timeoutMs?: number): Promise<void>;
  /** Same effect as `POST /1.0/vrack/{sn}/vrackServices`, resolved once the v1 task is done. */
  associate(vrackSn: string, vrsId: string): Promise<void>;
  /** Same effect as `DELETE /1.0/vrack/{sn}/vrackServices/{vrs}`, resolved once the v1 task is done. */
  dissociate(vrackSn: string, vrsId: string): Promise<void>;
  /** A vRack Services id (endpoints leave the fabric, productStatus SUSPENDED) or a storage serviceName. */
  suspend(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  /** Clears an ERROR: targetSpec back to the current state, READY (what support would do). */
  recover(id: string): Promise<void>;
  setTimings(timings: TimingsPreset | Partial<Timings>): Timings;
  timings(): Timings;
  setLimits(limits: Partial<Limits>): Limits;
  limits(): Limits;
  injectFaults(faults: FaultInput): Faults;
  faults(): Faults;
  clearFaults(): void;
  reset(): Promise<void>;
  events(since?: number | string): JournalEvent[];
}

const MAX_ROUTE_FAULTS = 50;
const MAX_ROUTE_PATTERN = 256;
/** A path prefix or glob: printable ASCII from "/", bounded (it is matched on every request). */
const ROUTE_PATTERN = new RegExp(`^/[\\x21-\\x7e]{0,${MAX_ROUTE_PATTERN - 1}}$`);
const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];

/** Checked when set, so a bad pattern is one 400 here, never a 500 on every later request. */
export function validateFaults(input: unknown): FaultInput {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalidInput('faults', input, 'expected an object', ['failNextTasks', 'latencyMs', 'routeErrors']);
  const f = input as Record<string, unknown>;
  for (const k of Object.keys(f)) if (!['failNextTasks', 'latencyMs', 'routeErrors'].includes(k)) throw invalidInput('faults field', k, 'unknown field', ['failNextTasks', 'latencyMs', 'routeErrors']);
  const nonNeg = (k: string, max: number) => {
    const v = f[k];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max)) throw invalidInput(`faults.${k}`, v, `must be an integer between 0 and ${max}`);
  };
  nonNeg('failNextTasks', 1000);
  nonNeg('latencyMs', 600_000);
  if (f.routeErrors !== undefined) {
    if (!Array.isArray(f.routeErrors)) throw invalidInput('faults.routeErrors', f.routeErrors, 'must be an array of {method?, path, status, count?}');
    if (f.routeErrors.length > MAX_ROUTE_FAULTS) throw invalidInput('faults.routeErrors', `${f.routeErrors.length} entries`, `at most ${MAX_ROUTE_FAULTS} route faults`);
    for (const r of f.routeErrors as Record<string, unknown>[]) {
      if (typeof r?.path !== 'string' || !ROUTE_PATTERN.test(r.path)) {
        const why = typeof r?.path === 'string' && r.path.startsWith('^') ? 'regular expressions are not accepted; ' : '';
        throw invalidInput('faults.routeErrors[].path', r?.path, `${why}must be a path prefix or a glob starting with "/" (\`*\` matches any run of characters), at most ${MAX_ROUTE_PATTERN} printable characters`, ['/v2/vrackServices/resource', '/1.0/vrack/*/vrackServices']);
      }
      if (typeof r.status !== 'number' || !Number.isInteger(r.status) || r.status < 500 || r.status > 599) throw invalidInput('faults.routeErrors[].status', r.status, 'must be a 5xx status');
      if (r.count !== undefined && (typeof r.count !== 'number' || !Number.isInteger(r.count) || r.count < 1 || r.count > 1_000_000)) throw invalidInput('faults.routeErrors[].count', r.count, 'must be an integer from 1 to 1000000');
      if (r.method !== undefined && (typeof r.method !== 'string' || !HTTP_METHODS.includes(r.method.toUpperCase()))) throw invalidInput('faults.routeErrors[].method', r.method, 'must be an HTTP method', HTTP_METHODS);
      for (const k of Object.keys(r)) if (!['method', 'path', 'status', 'count'].includes(k)) throw invalidInput('faults.routeErrors[] field', k, 'unknown field', ['method', 'path', 'status', 'count']);
    }
  }
  return f as FaultInput;
}

export function createLabAdmin(engine: Engine): LabAdmin {
  const { vrackServices, vracks, storage } = engine;
  const admin: LabAdmin = {
    async createVrack(input) {
      const v = vracks.create(input);
      await engine.persist();
      return { serviceName: v.serviceName };
    },
    async createVrackServices(input) {
      const v = vrackServices.create(input);
      await engine.persist();
      return { id: v.id };
    },
    async seedVrackServices(input) {
      const { id } = await engine.seedVrackServices(input);
      return { id };
    },
    async createStorageNetApp(input) {
      const { serviceName, urn } = await storage.deliver(input);
      return { serviceName, urn };
    },
    deliverStorage: (input) => storage.deliver(input),
    async waitForReady(id, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      // Event-driven: wake on every journal event instead of polling on a clock.
      while (vrackServices.get(id).resourceStatus !== 'READY') {
        if (vrackServices.get(id).resourceStatus === 'ERROR') {
          const failed = vrackServices.tasksOf(id).filter((t) => t.status === 'ERROR').pop();
          throw new HarnessError('VRS_ERROR', `${id} will not become READY: its last task ended in ERROR (${failed?.errors[0]?.message ?? 'no message'})`);
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new HarnessError('WAIT_TIMEOUT', `timed out waiting for ${id} to be READY: still ${vrackServices.get(id).resourceStatus} after ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(done, left);
          const off = engine.journal.subscribe(done);
          function done() {
            clearTimeout(t);
            off();
            resolve();
          }
        });
      }
    },
    async associate(vrackSn, vrsId) {
      const t = vracks.associate(vrackSn, vrsId);
      await engine.persist();
      await vracks.taskDone(t.id);
    },
    async dissociate(vrackSn, vrsId) {
      const t = vracks.dissociate(vrackSn, vrsId);
      await engine.persist();
      await vracks.taskDone(t.id);
    },
    async suspend(id) {
      await engine.suspend(id);
      await engine.persist();
    },
    async resume(id) {
      await engine.resume(id);
      await engine.persist();
    },
    async recover(id) {
      vrackServices.recover(id);
      await engine.persist();
    },
    setTimings: (t) => engine.setTimings(t),
    timings: () => engine.timings(),
    setLimits: (l) => engine.setLimits(l),
    limits: () => engine.limits(),
    injectFaults: (input) => engine.injectFaults(validateFaults(input)),
    faults: () => engine.faults(),
    clearFaults: () => engine.clearFaults(),
    reset: () => engine.reset(),
    events: (since) => engine.journal.list(since === undefined ? {} : { since }),
  };
  return admin;
}
