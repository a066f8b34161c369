/**
 * The simulator's behaviour, independent of HTTP: the state, the rules, and the asynchronous work
 * (deliveries, v2 tasks PENDING → RUNNING → DONE/ERROR, v1 vRack tasks init → todo → doing → done)
 * that drives the DataPlane port. Routes and the in-process LabAdmin both call this.
 *
 * Concurrency: every state check-and-change runs synchronously (no await between the checksum
 * check and the update), so parallel requests cannot both win; data-plane work for one vRack
 * Services is serialised on a per-resource chain so a task and an association never interleave.
 */
import { randomUUID, randomInt } from 'node:crypto';
import { delay } from '../core/wait.ts';
import { logger } from '../core/logger.ts';
import type { DataPlane, EndpointAttachment, StorageServiceView } from './data-plane.ts';
import { NULL_DATA_PLANE } from './data-plane.ts';
import { ApiError, DISPLAY_NAME_PATTERN, errors } from './api-error.ts';
import { specChecksum } from './checksum.ts';
import { ACCESS_TO_RULE, parseAccessTo } from './rules/acl-rule.ts';
import type { EventJournal } from './event-journal.ts';
import type { Limits } from './limits.ts';
import type { AclRecord, ShareRecord, SimState, StorageRecord, TargetSpec, TaskRecord, VrackRecord, VrackServicesRecord, VrackTaskRecord } from './model.ts';
import { emptyState, specSubnet, storageUrn } from './model.ts';
import type { Profile } from './profiles.ts';
import { normaliseRegion, regionChoices } from './profiles.ts';
import { planReconcile, placedEndpoints } from './reconcile-plan.ts';
import type { PlacedEndpoint } from './reconcile-plan.ts';
import { parsePutBody, validateSpec } from './spec-validation.ts';
import type { StateStore } from './state-store.ts';
import type { Timings } from './timings.ts';
import { exportPath } from './views.ts';
import { checkRoom, COLLECTION_LIMITS, validateTags } from './collection-limits.ts';
import { checkShareText, checkText, FREE_TEXT, STORAGE_NAME } from './storage-validation.ts';

const log = logger('api');

export interface RouteFault {
  /** HTTP method to match, or undefined for any. */
  method?: string;
  /** Matched against the request path (without query): a prefix, or a glob where `*` matches any run (never a RegExp). */
  path: string;
  status: number;
  /** How many requests fail; undefined = until cleared. */
  count?: number;
}

export interface Faults {
  /** The next N v2 tasks end in ERROR. */
  failNextTasks: number;
  /** Added to every API request (not the /lab routes). */
  latencyMs: number;
  routeErrors: RouteFault[];
}

/** No fault injected: what a new simulator, a reset and clearFaults() start from. */
export function noFaults(): Faults {
  return { failNextTasks: 0, latencyMs: 0, routeErrors: [] };
}

export interface ShareInput {
  name?: string;
  description?: string;
  mountPointName?: string;
  protocol?: 'NFS';
  size?: number;
  acls?: { accessTo: string; accessLevel: 'ro' | 'rw' }[];
}

/** Finished v2 tasks kept per vRack Services (the task list route is history, not an audit log). */
export const TASK_HISTORY = 50;

const ALPHANUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const randomChars = (n: number) => Array.from({ length: n }, () => ALPHANUM[randomInt(ALPHANUM.length)]).join('');
const nowIso = () => new Date().toISOString();

export interface EngineOptions {
  profile: Profile;
  limits: Limits;
  timings: Timings;
  journal: EventJournal;
  dataPlane?: DataPlane;
  state?: SimState;
}

export class Engine {
  state: SimState;
  readonly profile: Profile;
  limits: Limits;
  timings: Timings;
  readonly journal: EventJournal;
  dataPlane: DataPlane;
  faults: Faults = noFaults();
  store: StateStore | undefined;
  private abort = new AbortController();
  private chains = new Map<string, Promise<void>>();
  private running = new Set<Promise<void>>();

  constructor(opts: EngineOptions) {
    this.profile = opts.profile;
    this.limits = opts.limits;
    this.timings = opts.timings;
    this.journal = opts.journal;
    this.dataPlane = opts.dataPlane ?? NULL_DATA_PLANE;
    this.state = opts.state ?? emptyState();
  }

  // ---- persistence and background work ---------------------------------------------------

  /**
   * Persists now; resolves when on disk. A failed write is journaled and rejects with a 500, so a
   * route never acknowledges a change that did not reach the disk (background work journals it).
   */
  persist(): Promise<void> {
    if (!this.store) return Promise.resolve();
    return this.store.flush().catch((err: unknown) => {
      this.journal.record('state', 'write-failed', { error: (err as Error).message });
      log('state write failed: %s', (err as Error).message);
      throw new ApiError(500, 'Server::InternalServerError', `Internal server error: the state could not be written to ${this.store?.path ?? 'disk'} (${(err as Error).message}); the change is not durable`);
    });
  }

  private background(what: string, work: () => Promise<void>): Promise<void> {
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
  private serial(key: string, fn: () => Promise<void>): Promise<void> {
    const prev = this.chains.get(key) ?? Promise.resolve();
    const next = prev.catch(() => {}).then(fn);
    const tail = next.catch(() => {});
    this.chains.set(key, tail);
    void tail.then(() => {
      if (this.chains.get(key) === tail) this.chains.delete(key);
    });
    return next;
  }

  private wait(ms: number): Promise<void> {
    return delay(ms, this.abort.signal);
  }

  /** Restarts work that was in flight when the state was saved (§ docs: in-flight tasks resume). */
  resumeInFlight(): void {
    for (const v of this.state.vrackServices) if (v.resourceStatus === 'CREATING') this.scheduleDelivery(v);
    for (const t of this.state.tasks) if (t.status === 'PENDING' || t.status === 'RUNNING') this.scheduleTask(t);
    for (const t of this.state.vrackTasks) if (t.status === 'init' || t.status === 'todo' || t.status === 'doing') this.scheduleVrackTask(t);
  }

  /** Stops timers; in-flight work stays recorded as it is and resumes on the next start. */
  async close(): Promise<void> {
    this.abort.abort(new Error('simulator closed'));
    await Promise.allSettled([...this.running]);
    await this.persist().catch(() => {}); // journaled; closing goes on
  }

  // ---- lookups ---------------------------------------------------------------------------

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

  // ---- deliveries (lab admin) -------------------------------------------------------------

  createVrack(input: { serviceName?: string; name?: string; description?: string } = {}): VrackRecord {
    let sn: string;
    if (input.serviceName !== undefined) {
      // A lab names its vRacks (`pn-xyzzz` in seed 000) so users see the same names in the API.
      sn = String(input.serviceName);
      if (!/^pn-[a-z0-9]{1,30}$/.test(sn)) throw errors.badRequest(`Invalid vRack serviceName '${sn}': expected pattern ^pn-[a-z0-9]{1,30}$ (e.g. pn-xyzzz)`);
      if (this.state.vracks.some((v) => v.serviceName === sn)) throw errors.conflict(`vRack '${sn}' already exists`);
    } else {
      do sn = `pn-${String(randomInt(10000, 100000))}`;
      while (this.state.vracks.some((v) => v.serviceName === sn));
    }
    checkText('name', input.name, FREE_TEXT);
    checkText('description', input.description, FREE_TEXT);
    checkRoom('vRacks', this.state.vracks.length, COLLECTION_LIMITS.vracks);
    const rec: VrackRecord = { serviceName: sn, iamId: randomUUID(), name: input.name ?? '', description: input.description ?? '', vrackServices: [] };
    this.state.vracks.push(rec);
    this.journal.record('lab', 'vrack-created', { serviceName: sn });
    return rec;
  }

  /** A region in either spelling (`LIM`, `eu-west-lim`), or a 400 listing this profile's regions. */
  private regionOf(input: unknown): string {
    const region = normaliseRegion(input);
    if (!region) throw errors.badRequest(`Invalid region '${String(input)}': valid regions are ${regionChoices(this.profile).join(', ')}`);
    return region;
  }

  createVrackServices(input: { region?: unknown; displayName?: unknown; tags?: unknown }): VrackServicesRecord {
    const region = this.regionOf(input.region);
    if (input.displayName !== undefined && input.displayName !== null && (typeof input.displayName !== 'string' || !DISPLAY_NAME_PATTERN.test(input.displayName))) {
      throw errors.badRequest(`Invalid displayName '${String(input.displayName)}': expected pattern ^[ a-zA-Z0-9-_.]{0,40}$`);
    }
    const tags = input.tags === undefined ? {} : validateTags(input.tags);
    if (this.state.vrackServices.length >= this.limits.vrackServicesPerAccount) {
      throw errors.badRequest(`Limit of '${this.limits.vrackServicesPerAccount}' vRack Services per account exceeded`);
    }
    let id: string;
    do id = `vrs-${randomChars(3)}-${randomChars(3)}-${randomChars(3)}-${randomChars(3)}`;
    while (this.state.vrackServices.some((v) => v.id === id));
    const displayName = (input.displayName as string | undefined) ?? null;
    const now = nowIso();
    const targetSpec: TargetSpec = { subnets: [] };
    if (this.profile.displayNameInSpec) targetSpec.displayName = displayName;
    const rec: VrackServicesRecord = {
      id,
      iamId: randomUUID(),
      region,
      createdAt: now,
      updatedAt: now,
      resourceStatus: 'CREATING',
      suspended: false,
      displayName,
      tags,
      targetSpec,
      current: { displayName, subnets: [], vrackId: null },
    };
    this.state.vrackServices.push(rec);
    this.journal.record('lab', 'vrack-services-created', { id, region });
    this.scheduleDelivery(rec);
    return rec;
  }

  private scheduleDelivery(rec: VrackServicesRecord): void {
    void this.background(`delivery of ${rec.id}`, async () => {
      await this.wait(this.timings.deliveryMs);
      if (!this.state.vrackServices.includes(rec)) return;
      rec.resourceStatus = 'READY';
      rec.updatedAt = nowIso();
      this.journal.record('lab', 'vrack-services-delivered', { id: rec.id });
      await this.persist();
    });
  }

  createStorage(input: { region?: unknown; name?: unknown; shares?: ShareInput[] }): StorageRecord {
    const region = this.regionOf(input.region);
    checkText('name', input.name, STORAGE_NAME);
    checkRoom('storage services', this.state.storage.filter((s) => s.status !== 'deleted').length, COLLECTION_LIMITS.storageServices);
    if ((input.shares?.length ?? 0) > COLLECTION_LIMITS.sharesPerStorage) checkRoom('shares per storage service', input.shares?.length ?? 0, COLLECTION_LIMITS.sharesPerStorage);
    const id = randomUUID();
    const rec: StorageRecord = {
      id,
      iamId: randomUUID(),
      name: (input.name as string | undefined) ?? `efs-${id.slice(0, 8)}`,
      region,
      createdAt: nowIso(),
      status: 'running',
      quota: 1024,
      shares: [],
    };
    for (const s of input.shares ?? []) rec.shares.push(this.newShare(s));
    this.state.storage.push(rec);
    this.journal.record('lab', 'storage-created', { serviceName: id, urn: storageUrn(id), region });
    // The caller (LabAdmin) awaits syncStorage: a lab expects the export view once delivery returns.
    return rec;
  }

  newShare(s: ShareInput): ShareRecord {
    if (s.protocol !== undefined && s.protocol !== 'NFS') throw errors.badRequest(`Invalid protocol '${String(s.protocol)}': valid protocols are NFS`);
    const size = s.size ?? 100;
    if (!Number.isInteger(size) || size < 1 || size > 29000) throw errors.badRequest(`Invalid size '${String(size)}': expected an integer number of GB between 1 and 29000`);
    checkShareText(s);
    if ((s.acls?.length ?? 0) > COLLECTION_LIMITS.aclsPerShare) checkRoom('ACL rules per share', s.acls?.length ?? 0, COLLECTION_LIMITS.aclsPerShare);
    const share: ShareRecord = {
      id: randomUUID(),
      name: s.name ?? null,
      description: s.description ?? null,
      mountPointName: s.mountPointName ?? null,
      protocol: 'NFS',
      size,
      createdAt: nowIso(),
      accessPathId: randomUUID(),
      acls: [],
    };
    for (const a of s.acls ?? []) share.acls.push(this.newAcl(a));
    return share;
  }

  newAcl(a: { accessTo?: unknown; accessLevel?: unknown }): AclRecord {
    if (a.accessLevel !== 'ro' && a.accessLevel !== 'rw') throw errors.badRequest(`Invalid accessLevel '${String(a.accessLevel)}': valid values are ro, rw`);
    const to = a.accessTo;
    if (typeof to !== 'string' || parseAccessTo(to) === undefined) {
      throw errors.badRequest(`Invalid accessTo '${String(to)}': expected ${ACCESS_TO_RULE}`);
    }
    return { id: randomUUID(), accessTo: to, accessLevel: a.accessLevel, createdAt: nowIso() };
  }

  storageView(rec: StorageRecord): StorageServiceView {
    return {
      serviceName: rec.id,
      urn: storageUrn(rec.id),
      region: rec.region,
      shares: rec.shares.map((sh) => ({
        id: sh.id,
        name: sh.name ?? sh.id,
        protocol: sh.protocol,
        sizeGiB: sh.size,
        exportPath: exportPath(sh),
        acls: sh.acls.map((a) => ({ id: a.id, accessTo: a.accessTo, accessLevel: a.accessLevel })),
      })),
    };
  }

  /** Tells the data plane about a storage service's shares/ACLs; serialised per service. */
  syncStorage(rec: StorageRecord): Promise<void> {
    const view = this.storageView(rec);
    return this.serial(`storage:${rec.id}`, async () => {
      const t0 = Date.now();
      await this.dataPlane.syncStorage(view);
      this.journal.record('dataplane', 'syncStorage', { serviceName: rec.id, shares: view.shares.length, ms: Date.now() - t0 });
    });
  }

  /** After a share or ACL change: journal it, re-export on the data plane, persist. */
  async storageChanged(rec: StorageRecord, event: string, data: Record<string, unknown>): Promise<void> {
    this.journal.record('lab', event, { serviceName: rec.id, ...data });
    await this.syncStorage(rec);
    await this.persist();
  }

  // ---- v2 PUT and tasks --------------------------------------------------------------------

  /** Validates and applies a PUT synchronously; returns the record, task started. */
  put(id: string, body: unknown): VrackServicesRecord {
    const rec = this.vrs(id);
    const { checksum, targetSpec } = parsePutBody(body, this.profile);
    const current = specChecksum(rec.targetSpec);
    if (checksum !== current) throw errors.checksumMismatch(checksum, current);
    if (rec.resourceStatus !== 'READY' || rec.suspended) throw errors.vrackServicesLocked(id);
    validateSpec(targetSpec, { profile: this.profile, limits: this.limits, state: this.state, vrs: rec });
    const now = nowIso();
    const willFail = this.faults.failNextTasks > 0;
    if (willFail) this.faults.failNextTasks--;
    const task: TaskRecord = {
      id: randomUUID(),
      vrackServicesId: id,
      type: 'VrackServicesUpdate',
      status: 'PENDING',
      createdAt: now,
      updatedAt: now,
      startedAt: null,
      finishedAt: null,
      errors: [],
      spec: structuredClone(targetSpec),
      willFail,
    };
    rec.targetSpec = targetSpec;
    rec.resourceStatus = 'UPDATING';
    rec.updatedAt = now;
    this.state.tasks.push(task);
    this.pruneTasks(id);
    this.journal.record('task', 'created', { vrackServicesId: id, taskId: task.id, checksum: specChecksum(targetSpec), willFail });
    this.scheduleTask(task);
    return rec;
  }

  /** Finished tasks are history: keep the newest TASK_HISTORY per resource so state and lists stay bounded. */
  private pruneTasks(vrsId: string): void {
    const finished = this.state.tasks.filter((t) => t.vrackServicesId === vrsId && t.status === 'DONE');
    const excess = finished.length - TASK_HISTORY;
    if (excess <= 0) return;
    const drop = new Set(finished.slice(0, excess));
    this.state.tasks = this.state.tasks.filter((t) => !drop.has(t));
  }

  private setTaskStatus(task: TaskRecord, status: TaskRecord['status']): void {
    const from = task.status;
    task.status = status;
    task.updatedAt = nowIso();
    if (status === 'RUNNING') task.startedAt = task.updatedAt;
    if (status === 'DONE' || status === 'ERROR') task.finishedAt = task.updatedAt;
    this.journal.record('task', `${from}->${status}`, { vrackServicesId: task.vrackServicesId, taskId: task.id });
  }

  attachment(rec: VrackServicesRecord, p: PlacedEndpoint, vrackId: string): EndpointAttachment {
    return { vrackServicesId: rec.id, managedServiceURN: p.managedServiceURN, vrackId, vlan: p.vlan, subnetCidr: p.subnetCidr, ip: p.ip, description: p.description };
  }

  private async dp(op: 'attach' | 'detach', a: EndpointAttachment): Promise<void> {
    const t0 = Date.now();
    await this.dataPlane[op](a);
    this.journal.record('dataplane', op, { ...a, ms: Date.now() - t0 });
  }

  private scheduleTask(task: TaskRecord): void {
    void this.background(`task ${task.id}`, () =>
      this.serial(task.vrackServicesId, async () => {
        const rec = this.state.vrackServices.find((v) => v.id === task.vrackServicesId);
        if (!rec) return;
        if (task.status === 'PENDING') {
          await this.wait(this.timings.taskPendingMs);
          this.setTaskStatus(task, 'RUNNING');
          await this.persist();
        }
        const started = Date.now();
        try {
          if (task.willFail) throw new Error('injected fault: the task was set to fail by the lab');
          const plan = planReconcile(rec.current.subnets, task.spec.subnets);
          this.journal.record('task', 'plan', { vrackServicesId: rec.id, taskId: task.id, disruptive: plan.disruptive, changes: plan.changes });
          const vrackId = rec.current.vrackId;
          // Endpoints exist on the fabric only while associated to a vRack and not suspended.
          if (vrackId !== null && !rec.suspended) {
            for (const p of plan.detach) await this.dp('detach', this.attachment(rec, p, vrackId));
            if (plan.disruptive) {
              // Journaled so a lab can line the cut up with its probes' outage windows.
              this.journal.record('dataplane', 'cut-start', { vrackServicesId: rec.id, taskId: task.id, ms: this.timings.disruptiveCutMs });
              await this.wait(this.timings.disruptiveCutMs);
              this.journal.record('dataplane', 'cut-end', { vrackServicesId: rec.id, taskId: task.id });
            }
            for (const p of plan.attach) await this.dp('attach', this.attachment(rec, p, vrackId));
          }
          await this.wait(Math.max(0, this.timings.taskRunningMs - (Date.now() - started)));
          rec.current.subnets = plan.subnets;
          if (this.profile.displayNameInSpec) {
            rec.current.displayName = task.spec.displayName ?? null;
            rec.displayName = rec.current.displayName;
          }
          this.setTaskStatus(task, 'DONE');
          rec.resourceStatus = 'READY';
        } catch (err) {
          if (this.abort.signal.aborted) throw err;
          await this.wait(Math.max(0, this.timings.taskRunningMs - (Date.now() - started)));
          task.errors.push({ message: (err as Error).message });
          this.setTaskStatus(task, 'ERROR');
          rec.resourceStatus = 'ERROR';
        }
        rec.updatedAt = nowIso();
        await this.persist();
      }),
    );
  }

  /** What support would do after an ERROR: the target spec goes back to the current state, READY. */
  recover(id: string): VrackServicesRecord {
    const rec = this.vrs(id);
    if (rec.resourceStatus !== 'ERROR') throw errors.badRequest(`VrackServices '${id}' is not in ERROR (resourceStatus ${rec.resourceStatus})`);
    const spec: TargetSpec = { subnets: rec.current.subnets.map(specSubnet) };
    if (this.profile.displayNameInSpec) spec.displayName = rec.current.displayName;
    rec.targetSpec = spec;
    // The failed task stays in the task list as history; it leaves currentTasks.
    for (const t of this.tasksOf(id)) if (t.status === 'ERROR') t.status = 'DONE';
    rec.resourceStatus = 'READY';
    rec.updatedAt = nowIso();
    this.journal.record('lab', 'recovered', { id });
    return rec;
  }

  // ---- v1 association ------------------------------------------------------------------------

  private newVrackTask(sn: string, fn: VrackTaskRecord['function'], vrsId: string): VrackTaskRecord {
    const now = nowIso();
    const t: VrackTaskRecord = { id: this.state.nextVrackTaskId++, vrack: sn, function: fn, targetDomain: vrsId, status: 'init', todoDate: now, lastUpdate: now };
    this.state.vrackTasks.push(t);
    // Finished tasks (done or cancelled) are history: keep a bounded number, newest last.
    const finished = new Set(this.state.vrackTasks.filter((x) => x.status === 'done' || x.status === 'cancelled').slice(0, -COLLECTION_LIMITS.vrackTaskHistory));
    if (finished.size > 0) this.state.vrackTasks = this.state.vrackTasks.filter((x) => !finished.has(x));
    this.journal.record('vrack-task', 'created', { id: t.id, vrack: sn, function: fn, vrackServices: vrsId });
    return t;
  }

  private pendingVrackTask(vrsId: string): VrackTaskRecord | undefined {
    return this.state.vrackTasks.find((t) => t.targetDomain === vrsId && (t.status === 'init' || t.status === 'todo' || t.status === 'doing'));
  }

  associate(sn: string, vrsIdInput: unknown): VrackTaskRecord {
    this.vrack(sn); // 404 for an unknown vRack, before anything else
    if (typeof vrsIdInput !== 'string') throw errors.badRequest('Invalid body: vrackServices is required and must be a string');
    const vrsId = vrsIdInput;
    const rec = this.state.vrackServices.find((v) => v.id === vrsId);
    if (!rec) throw errors.v1NotFound('vrackServices', vrsId);
    if (rec.resourceStatus === 'CREATING') throw errors.badRequest(`vRack Services '${vrsId}' is not delivered yet`);
    if (this.pendingVrackTask(vrsId)) throw errors.conflict(`vRack Services '${vrsId}' has a vRack operation in progress, retry later`);
    if (rec.current.vrackId === sn) throw errors.badRequest(`vRack Services '${vrsId}' is already in vRack '${sn}'`);
    if (rec.current.vrackId !== null) throw errors.badRequest(`vRack Services '${vrsId}' is already in vRack '${rec.current.vrackId}', remove it from there first`);
    const inVrack = this.state.vrackServices.filter((v) => v.current.vrackId === sn || this.pendingVrackTask(v.id)?.vrack === sn);
    const sameRegion = inVrack.find((v) => v.region === rec.region);
    if (sameRegion && inVrack.filter((v) => v.region === rec.region).length >= this.limits.vrackServicesPerRegionPerVrack) {
      throw errors.badRequest(`vRack '${sn}' already has vRack Services '${sameRegion.id}' in region '${this.profile.showRegion(rec.region)}': only ${this.limits.vrackServicesPerRegionPerVrack === 1 ? 'one' : this.limits.vrackServicesPerRegionPerVrack} vRack Services per region per vRack`);
    }
    if (inVrack.length >= this.limits.vrackServicesPerVrack) throw errors.badRequest(`Limit of '${this.limits.vrackServicesPerVrack}' vRack Services per vRack exceeded`);
    const task = this.newVrackTask(sn, 'addVrackServices', vrsId);
    this.scheduleVrackTask(task);
    return task;
  }

  dissociate(sn: string, vrsId: string): VrackTaskRecord {
    this.vrack(sn);
    const rec = this.state.vrackServices.find((v) => v.id === vrsId);
    if (!rec || rec.current.vrackId !== sn) throw errors.v1NotFound('vrackServices', vrsId);
    if (this.pendingVrackTask(vrsId)) throw errors.conflict(`vRack Services '${vrsId}' has a vRack operation in progress, retry later`);
    const task = this.newVrackTask(sn, 'removeVrackServices', vrsId);
    this.scheduleVrackTask(task);
    return task;
  }

  private vrackTaskStatus(t: VrackTaskRecord, status: VrackTaskRecord['status']): void {
    const from = t.status;
    t.status = status;
    t.lastUpdate = nowIso();
    this.journal.record('vrack-task', `${from}->${status}`, { id: t.id, vrack: t.vrack, function: t.function, vrackServices: t.targetDomain });
  }

  private completions = new Map<number, Promise<void>>();

  /** Resolves when the v1 task is done (or was never scheduled in this process). */
  vrackTaskDone(id: number): Promise<void> {
    return this.completions.get(id) ?? Promise.resolve();
  }

  private scheduleVrackTask(t: VrackTaskRecord): void {
    const p = this.background(`vrack task ${t.id}`, () =>
      this.serial(t.targetDomain, async () => {
        const rec = this.state.vrackServices.find((v) => v.id === t.targetDomain);
        const vrack = this.state.vracks.find((v) => v.serviceName === t.vrack);
        if (t.status === 'init') this.vrackTaskStatus(t, 'todo');
        if (t.status === 'todo') {
          await this.wait(this.timings.vrackTaskMs / 2);
          this.vrackTaskStatus(t, 'doing');
          await this.persist();
        }
        if (!rec || !vrack) {
          this.vrackTaskStatus(t, 'cancelled');
          await this.persist();
          return;
        }
        const endpoints = rec.current.subnets.flatMap((s) => placedEndpoints(s));
        const done: PlacedEndpoint[] = [];
        try {
          if (t.function === 'addVrackServices') {
            rec.current.vrackId = t.vrack;
            if (!vrack.vrackServices.includes(rec.id)) vrack.vrackServices.push(rec.id);
            if (!rec.suspended) for (const p of endpoints) {
                await this.dp('attach', this.attachment(rec, p, t.vrack));
                done.push(p);
              }
          } else {
            if (!rec.suspended) for (const p of endpoints) {
                await this.dp('detach', this.attachment(rec, p, t.vrack));
                done.push(p);
              }
            rec.current.vrackId = null;
            vrack.vrackServices = vrack.vrackServices.filter((x) => x !== rec.id);
          }
        } catch (err) {
          if (this.abort.signal.aborted) throw err;
          // The fabric refused: the task is cancelled and the association left as it was before.
          this.journal.record('vrack-task', 'failed', { id: t.id, error: (err as Error).message });
          const undo = t.function === 'addVrackServices' ? 'detach' : 'attach';
          for (const p of done) await this.dp(undo, this.attachment(rec, p, t.vrack)).catch(() => {});
          if (t.function === 'addVrackServices') {
            rec.current.vrackId = null;
            vrack.vrackServices = vrack.vrackServices.filter((x) => x !== rec.id);
          }
          this.vrackTaskStatus(t, 'cancelled');
          await this.persist();
          return;
        }
        await this.wait(this.timings.vrackTaskMs / 2);
        rec.updatedAt = nowIso();
        this.vrackTaskStatus(t, 'done');
        await this.persist();
      }),
    );
    this.completions.set(t.id, p);
    void p.finally(() => this.completions.delete(t.id));
  }

  // ---- suspension ------------------------------------------------------------------------------

  /** Suspends a vRack Services (its endpoints leave the fabric) or a storage service (not attachable). */
  suspend(id: string): Promise<void> {
    return this.setSuspended(id, true);
  }

  resume(id: string): Promise<void> {
    return this.setSuspended(id, false);
  }

  /** Suspend and resume are one switch: the journal event and the fabric operation follow its direction. */
  private async setSuspended(id: string, suspended: boolean): Promise<void> {
    const storage = this.state.storage.find((s) => s.id === id);
    if (storage) {
      storage.status = suspended ? 'suspended' : 'running';
      this.journal.record('lab', suspended ? 'storage-suspended' : 'storage-resumed', { id });
      return;
    }
    const rec = this.vrs(id);
    if (rec.suspended === suspended) return;
    rec.suspended = suspended;
    rec.updatedAt = nowIso();
    this.journal.record('lab', suspended ? 'suspended' : 'resumed', { id });
    await this.serial(id, async () => {
      const vrackId = rec.current.vrackId;
      if (vrackId === null) return;
      const op = suspended ? 'detach' : 'attach';
      for (const s of rec.current.subnets) for (const p of placedEndpoints(s)) await this.dp(op, this.attachment(rec, p, vrackId));
    });
  }

  /** Every endpoint that is up on the fabric according to the current state. */
  liveAttachments(): EndpointAttachment[] {
    return this.state.vrackServices.flatMap((rec) => {
      const vrackId = rec.current.vrackId;
      if (vrackId === null || rec.suspended) return [];
      return rec.current.subnets.flatMap((s) => placedEndpoints(s).map((p) => this.attachment(rec, p, vrackId)));
    });
  }

  /** Binds a new data plane and replays the current state onto it (attachments are idempotent). */
  async bindDataPlane(dp: DataPlane): Promise<void> {
    this.dataPlane = dp;
    for (const a of this.liveAttachments()) await this.serial(a.vrackServicesId, () => this.dp('attach', a));
    for (const s of this.state.storage) if (s.status !== 'deleted') await this.syncStorage(s);
  }

  /** Forgets everything: timers stop, live endpoints are detached, the state is emptied. */
  async reset(): Promise<void> {
    const live = this.liveAttachments();
    this.abort.abort(new Error('simulator reset'));
    await Promise.allSettled([...this.running]);
    this.abort = new AbortController();
    this.chains.clear();
    for (const a of live) {
      try {
        await this.dp('detach', a);
      } catch (err) {
        this.journal.record('dataplane', 'detach-failed', { ...a, error: (err as Error).message });
      }
    }
    this.state = emptyState();
    this.faults = noFaults();
    this.journal.record('lab', 'reset', {});
    await this.persist();
  }

  /** Settles when no background work is under way (tests and admin helpers). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

