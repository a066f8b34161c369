/**
 * What the three resource services (vRack Services, vRack association, storage) share: the state,
 * lookups, the per-resource serial chains, background work, persistence, the data-plane port and
 * the clock. Only the services and the Engine facade hold a runtime; routes and the lab admin never
 * see it, so the state has one set of owners.
 *
 * Concurrency: every state check-and-change runs synchronously (no await between the checksum
 * check and the update), so parallel requests cannot both win; data-plane work for one resource is
 * serialised on its chain (`serial`) so a task and an association never interleave.
 */
import { delay } from '../core/wait.ts';
import { logger } from '../core/logger.ts';
import type { DataPlane, EndpointAttachment } from './data-plane.ts';
import { NULL_DATA_PLANE } from './data-plane.ts';
import { ApiFault, errors } from './api-error.ts';
import type { EventJournal } from './event-journal.ts';
import type { Limits } from './limits.ts';
import type { ShareRecord, SimState, StorageRecord, TaskRecord, VrackRecord, VrackServicesRecord } from './model.ts';
import { emptyState } from './model.ts';
import type { Faults } from '../api-types/lab-admin.ts';
import type { Profile } from './profiles.ts';
import { normaliseRegion, regionChoices } from './profiles.ts';
import type { PlacedEndpoint } from './reconcile-plan.ts';
import { createStateStore, type StateStore } from './state-store.ts';
import type { Timings } from './timings.ts';

const log = logger('api');

/** No fault injected: what a new simulator, a reset and clearFaults() start from. */
export function noFaults(): Faults {
  return { failNextTasks: 0, latencyMs: 0, routeErrors: [] };
}

export interface RuntimeOptions {
  profile: Profile;
  limits: Limits;
  timings: Timings;
  journal: EventJournal;
  dataPlane?: DataPlane;
  state?: SimState;
  /** Where the state is persisted; undefined keeps it in memory. */
  statePath?: string;
  /** Milliseconds since the epoch; injectable so a test can drive time. */
  now?: () => number;
}

export class EngineRuntime {
  state: SimState;
  readonly profile: Profile;
  limits: Limits;
  timings: Timings;
  readonly journal: EventJournal;
  dataPlane: DataPlane;
  faults: Faults = noFaults();
  readonly now: () => number;
  private readonly store: StateStore;
  private abort = new AbortController();
  private chains = new Map<string, Promise<void>>();
  readonly running = new Set<Promise<void>>();

  constructor(opts: RuntimeOptions) {
    this.profile = opts.profile;
    this.limits = opts.limits;
    this.timings = opts.timings;
    this.journal = opts.journal;
    this.dataPlane = opts.dataPlane ?? NULL_DATA_PLANE;
    this.state = opts.state ?? emptyState();
    this.now = opts.now ?? Date.now;
    this.store = createStateStore(opts.statePath, () => this.state);
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  get aborted(): boolean {
    return this.abort.signal.aborted;
  }

  /**
   * Persists now; resolves when on disk. A failed write is journaled and rejects with a 500, so a
   * route never acknowledges a change that did not reach the disk (background work journals it).
   */
  persist(): Promise<void> {
    return this.store.flush().catch((err: unknown) => {
      this.journal.record('state', 'write-failed', { error: (err as Error).message });
      log('state write failed: %s', (err as Error).message);
      throw new ApiFault(500, 'Server::InternalServerError', `Internal server error: the state could not be written to ${this.store.path ?? 'disk'} (${(err as Error).message}); the change is not durable`);
    });
  }

  background(what: string, work: () => Promise<void>): Promise<void> {
    const signal = this.abort.signal;
    const p = work()
      .catch((err: unknown) => {
        if (signal.aborted) return;
        this.journal.record('state', 'background-error', { what, error: (err as Error).message });
        log('%s failed: %s', what, (err as Error).message);
      })
      .finally(() => this.running.delete(p));
    this.running.add(p);
    return p;
  }

  /** Runs `fn` after every earlier job of the same key. */
  serial(key: string, fn: () => Promise<void>): Promise<void> {
    const prev = this.chains.get(key) ?? Promise.resolve();
    const next = prev.catch(() => {}).then(fn);
    const tail = next.catch(() => {});
    this.chains.set(key, tail);
    void tail.then(() => {
      if (this.chains.get(key) === tail) this.chains.delete(key);
    });
    return next;
  }

  wait(ms: number): Promise<void> {
    return delay(ms, this.abort.signal);
  }

  /** Aborts every timer, waits for the background work to settle, and starts a fresh signal. */
  async stopBackground(reason: string, restart: boolean): Promise<void> {
    this.abort.abort(new Error(reason));
    await Promise.allSettled([...this.running]);
    if (!restart) return;
    this.abort = new AbortController();
    this.chains.clear();
  }

  async dp(op: 'attach' | 'detach', a: EndpointAttachment): Promise<void> {
    const t0 = this.now();
    await this.dataPlane[op](a);
    this.journal.record('dataplane', op, { ...a, ms: this.now() - t0 });
  }

  attachment(rec: VrackServicesRecord, p: PlacedEndpoint, vrackId: string): EndpointAttachment {
    return { vrackServicesId: rec.id, managedServiceURN: p.managedServiceURN, vrackId, vlan: p.vlan, subnetCidr: p.subnetCidr, ip: p.ip, description: p.description };
  }

  /** A region in either spelling (`LIM`, `eu-west-lim`), or a 400 listing this profile's regions. */
  regionOf(input: unknown): string {
    const region = normaliseRegion(input);
    if (!region) throw errors.badRequest(`Invalid region '${String(input)}': valid regions are ${regionChoices(this.profile).join(', ')}`);
    return region;
  }

  // ---- lookups (404 when absent) ---------------------------------------------------------------

  vrs(id: string): VrackServicesRecord {
    const rec = this.state.vrackServices.find((v) => v.id === id);
    if (!rec) throw errors.vrackServicesNotFound(id);
    return rec;
  }

  vrack(sn: string): VrackRecord {
    const v = this.state.vracks.find((x) => x.serviceName === sn);
    if (!v) throw errors.v1NotFound('serviceName', sn);
    return v;
  }

  storage(sn: string): StorageRecord {
    const s = this.state.storage.find((x) => x.id === sn && x.status !== 'deleted');
    if (!s) throw errors.v1NotFound('serviceName', sn);
    return s;
  }

  share(sn: string, shareId: string): ShareRecord {
    const sh = this.storage(sn).shares.find((x) => x.id === shareId);
    if (!sh) throw errors.v1NotFound('shareId', shareId);
    return sh;
  }

  tasksOf(vrsId: string): TaskRecord[] {
    return this.state.tasks.filter((t) => t.vrackServicesId === vrsId);
  }
}
