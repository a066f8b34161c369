/**
 * The simulator's behaviour, independent of HTTP: a facade over three resource services (vRack
 * Services v2, vRack association v1, storage) that share one private runtime (state, serial chains,
 * persistence, data plane, clock). Routes and the in-process LabAdmin call the services and the
 * methods below; nothing outside this folder's services touches the state.
 */
import type { DataPlane, EndpointAttachment } from './data-plane.ts';
import type { EventJournal } from './event-journal.ts';
import type { Faults, FaultInput, RouteFault, VrackServicesSeed } from '../api-types/lab-admin.ts';
import { EngineRuntime, noFaults, type RuntimeOptions } from './engine-runtime.ts';
import { validateLimits, type Limits } from './limits.ts';
import type { SimState, VrackServicesRecord } from './model.ts';
import { emptyState } from './model.ts';
import type { Profile } from './profiles.ts';
import { placedEndpoints } from './reconcile-plan.ts';
import { StorageService } from './storage-service.ts';
import { resolveTimings, type Timings, type TimingsPreset } from './timings.ts';
import { VrackAssociation } from './vrack-association.ts';
import { VrackServicesService } from './vrack-services-service.ts';
import { matchWildcard } from './wildcard.ts';

export { noFaults };
export { TASK_HISTORY } from './vrack-services-service.ts';
export type EngineOptions = RuntimeOptions;

/** A route fault's path is a prefix, or a glob when it holds `*` (validated when set, see lab-admin). */
function matchesFault(path: string, method: string, f: RouteFault): boolean {
  if (f.method !== undefined && f.method.toUpperCase() !== method) return false;
  return f.path.includes('*') ? matchWildcard(f.path, path) : path.startsWith(f.path);
}

export class Engine {
  readonly vrackServices: VrackServicesService;
  readonly vracks: VrackAssociation;
  readonly storage: StorageService;
  readonly journal: EventJournal;
  readonly profile: Profile;
  readonly #rt: EngineRuntime;

  constructor(opts: EngineOptions) {
    this.#rt = new EngineRuntime(opts);
    this.journal = opts.journal;
    this.profile = opts.profile;
    this.vrackServices = new VrackServicesService(this.#rt);
    this.vracks = new VrackAssociation(this.#rt);
    this.storage = new StorageService(this.#rt);
  }

  /** Resolves when the state is on disk; a 500 ApiFault when the write failed. */
  persist(): Promise<void> {
    return this.#rt.persist();
  }

  /** A deep copy of the state: what `/lab/state` shows (no caller can change the live state through it). */
  snapshot(): SimState {
    return structuredClone(this.#rt.state);
  }

  // ---- timings, limits, faults (the lab's knobs) ---------------------------------------------

  timings(): Timings {
    return { ...this.#rt.timings };
  }

  setTimings(t: TimingsPreset | Partial<Timings>): Timings {
    this.#rt.timings = resolveTimings(t, this.#rt.timings);
    this.journal.record('lab', 'timings', { ...this.#rt.timings });
    return this.timings();
  }

  limits(): Limits {
    return { ...this.#rt.limits };
  }

  setLimits(l: Partial<Limits>): Limits {
    this.#rt.limits = { ...this.#rt.limits, ...validateLimits(l) };
    this.journal.record('lab', 'limits', { ...this.#rt.limits });
    return this.limits();
  }

  faults(): Faults {
    return structuredClone(this.#rt.faults);
  }

  /** Each given field replaces the current one; the input is validated by the caller (lab-admin validateFaults). */
  injectFaults(f: FaultInput): Faults {
    const faults = this.#rt.faults;
    if (f.failNextTasks !== undefined) faults.failNextTasks = f.failNextTasks;
    if (f.latencyMs !== undefined) faults.latencyMs = f.latencyMs;
    if (f.routeErrors !== undefined) faults.routeErrors = f.routeErrors.map((r) => ({ ...r }));
    this.journal.record('lab', 'faults', { ...faults });
    return this.faults();
  }

  clearFaults(): void {
    this.#rt.faults = noFaults();
    this.journal.record('lab', 'faults-cleared', {});
  }

  /** Latency injected into every API request. */
  latencyMs(): number {
    return this.#rt.faults.latencyMs;
  }

  /** The injected 5xx this request meets, if any; a counted fault is used up by the hit. */
  takeRouteFault(path: string, method: string): RouteFault | undefined {
    const f = this.#rt.faults;
    if (f.routeErrors.length === 0) return undefined;
    const hit = f.routeErrors.find((r) => matchesFault(path, method, r));
    if (hit?.count !== undefined && --hit.count <= 0) f.routeErrors = f.routeErrors.filter((r) => r !== hit);
    return hit;
  }

  // ---- lifecycle --------------------------------------------------------------------------

  /** Restarts work that was in flight when the state was saved (§ docs: in-flight tasks resume). */
  resumeInFlight(): void {
    const { state } = this.#rt;
    for (const v of state.vrackServices) if (v.resourceStatus === 'CREATING') this.vrackServices.scheduleDelivery(v);
    for (const t of state.tasks) if (t.status === 'PENDING' || t.status === 'RUNNING') this.vrackServices.scheduleTask(t);
    this.vracks.resumeInFlight();
  }

  /** Stops timers; in-flight work stays recorded as it is and resumes on the next start. */
  async close(): Promise<void> {
    await this.#rt.stopBackground('simulator closed', false);
    await this.persist().catch(() => {}); // journaled; closing goes on
  }

  /** Settles when no background work is under way (tests and admin helpers). */
  async idle(): Promise<void> {
    while (this.#rt.running.size > 0) await Promise.allSettled([...this.#rt.running]);
  }

  /**
   * A vRack Services the user already owns when the lab starts (lab-admin seedVrackServices):
   * validated whole before anything is stored, then READY, associated and its endpoints attached
   * on the data plane before this resolves, with no task and no timer.
   */
  async seedVrackServices(input: VrackServicesSeed): Promise<VrackServicesRecord> {
    const rt = this.#rt;
    const { rec, attach } = this.vrackServices.prepareSeed(input);
    if (input.vrackId !== undefined) this.vracks.assertAssociable(input.vrackId, rec);
    this.vrackServices.commitSeed(rec);
    if (input.vrackId !== undefined) this.vracks.seedAssociation(input.vrackId, rec);
    const vrackId = rec.current.vrackId;
    if (vrackId !== null) await rt.serial(rec.id, async () => {
      for (const p of attach) await rt.dp('attach', rt.attachment(rec, p, vrackId));
    });
    await rt.persist();
    return rec;
  }

  // ---- suspension and the data plane ------------------------------------------------------

  /** Suspends a vRack Services (its endpoints leave the fabric) or a storage service (not attachable). */
  suspend(id: string): Promise<void> {
    return this.setSuspended(id, true);
  }

  resume(id: string): Promise<void> {
    return this.setSuspended(id, false);
  }

  /** Suspend and resume are one switch: the journal event and the fabric operation follow its direction. */
  private async setSuspended(id: string, suspended: boolean): Promise<void> {
    if (this.storage.setSuspended(id, suspended)) return;
    const rt = this.#rt;
    const rec = rt.vrs(id);
    if (rec.suspended === suspended) return;
    rec.suspended = suspended;
    rec.updatedAt = rt.nowIso();
    this.journal.record('lab', suspended ? 'suspended' : 'resumed', { id });
    await rt.serial(id, async () => {
      const vrackId = rec.current.vrackId;
      if (vrackId === null) return;
      const op = suspended ? 'detach' : 'attach';
      for (const s of rec.current.subnets) for (const p of placedEndpoints(s)) await rt.dp(op, rt.attachment(rec, p, vrackId));
    });
  }

  /** Every endpoint that is up on the fabric according to the current state. */
  liveAttachments(): EndpointAttachment[] {
    const rt = this.#rt;
    return rt.state.vrackServices.flatMap((rec) => {
      const vrackId = rec.current.vrackId;
      if (vrackId === null || rec.suspended) return [];
      return rec.current.subnets.flatMap((s) => placedEndpoints(s).map((p) => rt.attachment(rec, p, vrackId)));
    });
  }

  /** Binds a new data plane and replays the current state onto it (attachments are idempotent). */
  async bindDataPlane(dp: DataPlane): Promise<void> {
    const rt = this.#rt;
    rt.dataPlane = dp;
    for (const a of this.liveAttachments()) await rt.serial(a.vrackServicesId, () => rt.dp('attach', a));
    for (const s of this.storage.list()) await this.storage.sync(s);
  }

  /**
   * Puts back a state taken with snapshot() (a reused lab between two scenarios): timers stop, the
   * endpoints the state no longer holds leave the fabric, those it holds again come back, every
   * storage service is re-exported from its restored shares and ACLs, faults are cleared.
   * Endpoints live in both states stay attached untouched (same NIC, no cut).
   */
  async restore(snapshot: SimState): Promise<void> {
    const rt = this.#rt;
    const keyOf = (a: EndpointAttachment) => `${a.managedServiceURN}|${a.vrackId}|${a.ip}|${a.vlan ?? 'untagged'}|${a.subnetCidr}`;
    const before = new Map(this.liveAttachments().map((a) => [keyOf(a), a]));
    await rt.stopBackground('simulator restored', true);
    rt.state = structuredClone(snapshot);
    const after = new Map(this.liveAttachments().map((a) => [keyOf(a), a]));
    for (const [key, a] of before) if (!after.has(key)) await rt.dp('detach', a);
    for (const [key, a] of after) if (!before.has(key)) await rt.dp('attach', a);
    for (const s of this.storage.list()) await this.storage.sync(s);
    rt.faults = noFaults();
    this.journal.record('lab', 'restored', { vrackServices: rt.state.vrackServices.length });
    await this.persist();
  }

  /** Forgets everything: timers stop, live endpoints are detached, the state is emptied. */
  async reset(): Promise<void> {
    const rt = this.#rt;
    const live = this.liveAttachments();
    await rt.stopBackground('simulator reset', true);
    for (const a of live) {
      try {
        await rt.dp('detach', a);
      } catch (err) {
        this.journal.record('dataplane', 'detach-failed', { ...a, error: (err as Error).message });
      }
    }
    rt.state = emptyState();
    rt.faults = noFaults();
    this.journal.record('lab', 'reset', {});
    await this.persist();
  }
}
