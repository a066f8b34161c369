/**
 * vRack Services (v2, vrackservices.json): delivery (CREATING → READY), the checksum-guarded PUT,
 * its task PENDING → RUNNING → DONE/ERROR driving the data plane, and recovery from ERROR.
 */
import { randomUUID, randomInt } from 'node:crypto';
import type { VrackServicesDelivery, VrackServicesSeed } from '../api-types/lab-admin.ts';
import { DISPLAY_NAME_PATTERN, errors } from './api-error.ts';
import { specChecksum } from './checksum.ts';
import { validateTags } from './collection-limits.ts';
import type { EngineRuntime } from './engine-runtime.ts';
import type { CurrentSubnet, TargetSpec, TaskRecord, VrackServicesRecord } from './model.ts';
import { specSubnet, storageUrn } from './model.ts';
import { planReconcile, type PlacedEndpoint } from './reconcile-plan.ts';
import { parsePutBody, validateSpec } from './spec-validation.ts';

/** Finished v2 tasks kept per vRack Services (the task list route is history, not an audit log). */
export const TASK_HISTORY = 50;

const ALPHANUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const randomChars = (n: number) => Array.from({ length: n }, () => ALPHANUM[randomInt(ALPHANUM.length)]).join('');

export class VrackServicesService {
  private readonly rt: EngineRuntime;

  constructor(rt: EngineRuntime) {
    this.rt = rt;
  }

  list(): readonly VrackServicesRecord[] {
    return this.rt.state.vrackServices;
  }

  get(id: string): VrackServicesRecord {
    return this.rt.vrs(id);
  }

  /** Every task, for the views' currentTasks. */
  allTasks(): readonly TaskRecord[] {
    return this.rt.state.tasks;
  }

  tasksOf(id: string): TaskRecord[] {
    return this.rt.tasksOf(this.rt.vrs(id).id);
  }

  task(id: string, taskId: string): TaskRecord {
    this.rt.vrs(id);
    const task = this.rt.tasksOf(id).find((t) => t.id === taskId);
    if (!task) throw errors.taskNotFound(taskId, id);
    return task;
  }

  /** Storage URNs in the same region, running, and not in any other vRack Services' spec or state. */
  eligibleManagedServices(id: string): { managedServiceType: string; managedServiceURNs: string[] }[] {
    const rec = this.rt.vrs(id);
    const { state } = this.rt;
    const elsewhere = new Set(
      state.vrackServices
        .filter((o) => o.id !== rec.id)
        .flatMap((o) => [...o.targetSpec.subnets, ...o.current.subnets].flatMap((s) => s.serviceEndpoints.map((e) => e.managedServiceURN))),
    );
    const urns = state.storage.filter((s) => s.region === rec.region && s.status === 'running').map((s) => storageUrn(s.id)).filter((u) => !elsewhere.has(u));
    return urns.length > 0 ? [{ managedServiceType: 'storageNetApp', managedServiceURNs: urns }] : [];
  }

  /** An order: the vRack Services is CREATING and becomes READY after the delivery delay. */
  create(input: Partial<VrackServicesDelivery> | { region?: unknown; displayName?: unknown; tags?: unknown }): VrackServicesRecord {
    const rec = this.newRecord(input);
    this.rt.state.vrackServices.push(rec);
    this.rt.journal.record('lab', 'vrack-services-created', { id: rec.id, region: rec.region });
    this.scheduleDelivery(rec);
    return rec;
  }

  /**
   * What the user already owns when a lab starts: READY, its subnets already in the current state
   * (endpoints placed), no task and no delivery delay. Validated like a PUT; nothing is stored
   * until `commitSeed`, so a refused seed leaves no trace. Returns the endpoints to attach.
   */
  prepareSeed(input: VrackServicesSeed): { rec: VrackServicesRecord; attach: PlacedEndpoint[] } {
    const rec = this.newRecord(input);
    rec.resourceStatus = 'READY';
    const spec: TargetSpec = { ...rec.targetSpec, subnets: (input.subnets ?? []).map(specSubnet) };
    validateSpec(spec, { profile: this.rt.profile, limits: this.rt.limits, state: this.rt.state, vrs: rec });
    const plan = planReconcile([], spec.subnets);
    rec.targetSpec = spec;
    rec.current.subnets = plan.subnets;
    return { rec, attach: plan.attach };
  }

  commitSeed(rec: VrackServicesRecord): void {
    this.rt.state.vrackServices.push(rec);
    this.rt.journal.record('lab', 'vrack-services-seeded', { id: rec.id, region: rec.region, subnets: rec.current.subnets.length });
  }

  private newRecord(input: Partial<VrackServicesDelivery> | { region?: unknown; displayName?: unknown; tags?: unknown }): VrackServicesRecord {
    const { rt } = this;
    const region = rt.regionOf(input.region);
    if (input.displayName !== undefined && input.displayName !== null && (typeof input.displayName !== 'string' || !DISPLAY_NAME_PATTERN.test(input.displayName))) {
      throw errors.badRequest(`Invalid displayName '${String(input.displayName)}': expected pattern ^[ a-zA-Z0-9-_.]{0,40}$`);
    }
    const tags = input.tags === undefined ? {} : validateTags(input.tags);
    if (rt.state.vrackServices.length >= rt.limits.vrackServicesPerAccount) {
      throw errors.badRequest(`Limit of '${rt.limits.vrackServicesPerAccount}' vRack Services per account exceeded`);
    }
    let id: string;
    do id = `vrs-${randomChars(3)}-${randomChars(3)}-${randomChars(3)}-${randomChars(3)}`;
    while (rt.state.vrackServices.some((v) => v.id === id));
    const displayName = (input.displayName as string | undefined) ?? null;
    const now = rt.nowIso();
    const targetSpec: TargetSpec = { subnets: [] };
    if (rt.profile.displayNameInSpec) targetSpec.displayName = displayName;
    return {
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
  }

  scheduleDelivery(rec: VrackServicesRecord): void {
    const { rt } = this;
    void rt.background(`delivery of ${rec.id}`, async () => {
      await rt.wait(rt.timings.deliveryMs);
      if (!rt.state.vrackServices.includes(rec)) return;
      rec.resourceStatus = 'READY';
      rec.updatedAt = rt.nowIso();
      rt.journal.record('lab', 'vrack-services-delivered', { id: rec.id });
      await rt.persist();
    });
  }

  /** Validates and applies a PUT synchronously; returns the record, task started. */
  put(id: string, body: unknown): VrackServicesRecord {
    const { rt } = this;
    const rec = rt.vrs(id);
    const { checksum, targetSpec } = parsePutBody(body, rt.profile);
    const current = specChecksum(rec.targetSpec);
    if (checksum !== current) throw errors.checksumMismatch(checksum, current);
    if (rec.resourceStatus !== 'READY' || rec.suspended) throw errors.vrackServicesLocked(id);
    validateSpec(targetSpec, { profile: rt.profile, limits: rt.limits, state: rt.state, vrs: rec });
    const now = rt.nowIso();
    const willFail = rt.faults.failNextTasks > 0;
    if (willFail) rt.faults.failNextTasks--;
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
    rt.state.tasks.push(task);
    this.pruneTasks(id);
    rt.journal.record('task', 'created', { vrackServicesId: id, taskId: task.id, checksum: specChecksum(targetSpec), willFail });
    this.scheduleTask(task);
    return rec;
  }

  /** Finished tasks are history: keep the newest TASK_HISTORY per resource so state and lists stay bounded. */
  private pruneTasks(vrsId: string): void {
    const finished = this.rt.state.tasks.filter((t) => t.vrackServicesId === vrsId && t.status === 'DONE');
    const excess = finished.length - TASK_HISTORY;
    if (excess <= 0) return;
    const drop = new Set(finished.slice(0, excess));
    this.rt.state.tasks = this.rt.state.tasks.filter((t) => !drop.has(t));
  }

  private setTaskStatus(task: TaskRecord, status: TaskRecord['status']): void {
    const from = task.status;
    task.status = status;
    task.updatedAt = this.rt.nowIso();
    if (status === 'RUNNING') task.startedAt = task.updatedAt;
    if (status === 'DONE' || status === 'ERROR') task.finishedAt = task.updatedAt;
    this.rt.journal.record('task', `${from}->${status}`, { vrackServicesId: task.vrackServicesId, taskId: task.id });
  }

  scheduleTask(task: TaskRecord): void {
    const { rt } = this;
    void rt.background(`task ${task.id}`, () =>
      rt.serial(task.vrackServicesId, async () => {
        const rec = rt.state.vrackServices.find((v) => v.id === task.vrackServicesId);
        if (!rec) return;
        if (task.status === 'PENDING') {
          await rt.wait(rt.timings.taskPendingMs);
          this.setTaskStatus(task, 'RUNNING');
          await rt.persist();
        }
        const started = rt.now();
        try {
          if (task.willFail) throw new Error('injected fault: the task was set to fail by the lab');
          const subnets = await this.reconcile(rec, task);
          await rt.wait(Math.max(0, rt.timings.taskRunningMs - (rt.now() - started)));
          this.finish(rec, task, subnets);
        } catch (err) {
          if (rt.aborted) throw err;
          await rt.wait(Math.max(0, rt.timings.taskRunningMs - (rt.now() - started)));
          task.errors.push({ message: (err as Error).message });
          this.setTaskStatus(task, 'ERROR');
          rec.resourceStatus = 'ERROR';
        }
        rec.updatedAt = rt.nowIso();
        await rt.persist();
      }),
    );
  }

  /** The data-plane half of a task: detach what goes, the cut of a disruptive change, attach what comes; returns the new current subnets. */
  private async reconcile(rec: VrackServicesRecord, task: TaskRecord): Promise<CurrentSubnet[]> {
    const { rt } = this;
    const plan = planReconcile(rec.current.subnets, task.spec.subnets);
    rt.journal.record('task', 'plan', { vrackServicesId: rec.id, taskId: task.id, disruptive: plan.disruptive, changes: plan.changes });
    const vrackId = rec.current.vrackId;
    // Endpoints exist on the fabric only while associated to a vRack and not suspended.
    if (vrackId !== null && !rec.suspended) {
      for (const p of plan.detach) await rt.dp('detach', rt.attachment(rec, p, vrackId));
      if (plan.disruptive) {
        // Journaled so a lab can line the cut up with its probes' outage windows.
        rt.journal.record('dataplane', 'cut-start', { vrackServicesId: rec.id, taskId: task.id, ms: rt.timings.disruptiveCutMs });
        await rt.wait(rt.timings.disruptiveCutMs);
        rt.journal.record('dataplane', 'cut-end', { vrackServicesId: rec.id, taskId: task.id });
      }
      for (const p of plan.attach) await rt.dp('attach', rt.attachment(rec, p, vrackId));
    }
    return plan.subnets;
  }

  private finish(rec: VrackServicesRecord, task: TaskRecord, subnets: CurrentSubnet[]): void {
    rec.current.subnets = subnets;
    if (this.rt.profile.displayNameInSpec) {
      rec.current.displayName = task.spec.displayName ?? null;
      rec.displayName = rec.current.displayName;
    }
    this.setTaskStatus(task, 'DONE');
    rec.resourceStatus = 'READY';
  }

  /** What support would do after an ERROR: the target spec goes back to the current state, READY. */
  recover(id: string): VrackServicesRecord {
    const { rt } = this;
    const rec = rt.vrs(id);
    if (rec.resourceStatus !== 'ERROR') throw errors.badRequest(`VrackServices '${id}' is not in ERROR (resourceStatus ${rec.resourceStatus})`);
    const spec: TargetSpec = { subnets: rec.current.subnets.map(specSubnet) };
    if (rt.profile.displayNameInSpec) spec.displayName = rec.current.displayName;
    rec.targetSpec = spec;
    // The failed task stays in the task list as history, still ERROR with its errors (a task that
    // failed never reads DONE); marked recovered, it leaves currentTasks.
    const now = rt.nowIso();
    for (const t of rt.tasksOf(id)) if (t.status === 'ERROR' && t.recoveredAt === undefined) t.recoveredAt = now;
    rec.resourceStatus = 'READY';
    rec.updatedAt = now;
    rt.journal.record('lab', 'recovered', { id });
    return rec;
  }
}
