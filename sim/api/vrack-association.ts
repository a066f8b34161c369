/**
 * vRacks and the v1 association of vRack Services (vrack.json): a vRack's delivery, associate and
 * dissociate with their tasks init → todo → doing → done (or cancelled when the fabric refuses),
 * and the allowed-services listing.
 */
import { randomUUID, randomInt } from 'node:crypto';
import type { VrackDelivery } from '../api-types/lab-admin.ts';
import { errors } from './api-error.ts';
import { checkRoom, COLLECTION_LIMITS } from './collection-limits.ts';
import type { EngineRuntime } from './engine-runtime.ts';
import type { VrackRecord, VrackServicesRecord, VrackTaskRecord } from './model.ts';
import { placedEndpoints, type PlacedEndpoint } from './reconcile-plan.ts';
import { checkText, FREE_TEXT } from './storage-validation.ts';

/** The service families `GET /vrack/{sn}/allowedServices` knows (vrack.json). */
export const ALLOWED_FAMILIES = [
  'cloudProject',
  'dedicatedCloud',
  'dedicatedCloudDatacenter',
  'dedicatedConnect',
  'dedicatedServer',
  'dedicatedServerInterface',
  'ip',
  'ipLoadbalancing',
  'ipv6',
  'legacyVrack',
  'ovhCloudConnect',
  'vmwareCloudDirectorVirtualDataCenter',
  'vrackServices',
] as const;

const isOpen = (t: VrackTaskRecord) => t.status === 'init' || t.status === 'todo' || t.status === 'doing';

export class VrackAssociation {
  private completions = new Map<number, Promise<void>>();

  private readonly rt: EngineRuntime;

  constructor(rt: EngineRuntime) {
    this.rt = rt;
  }

  serviceNames(): string[] {
    return this.rt.state.vracks.map((v) => v.serviceName);
  }

  get(sn: string): VrackRecord {
    return this.rt.vrack(sn);
  }

  /** The association, or a 404 when the vRack Services is not (yet) in this vRack. */
  association(sn: string, vrsId: string): { vrack: string; vrackServices: string } {
    if (!this.rt.vrack(sn).vrackServices.includes(vrsId)) throw errors.v1NotFound('vrackServices', vrsId);
    return { vrack: sn, vrackServices: vrsId };
  }

  /** Ids of the tasks not done yet: a finished task no longer exists for the real API. */
  taskIds(sn: string): number[] {
    const vrack = this.rt.vrack(sn).serviceName;
    return this.rt.state.vrackTasks.filter((t) => t.vrack === vrack && t.status !== 'done').map((t) => t.id);
  }

  /** 404 for a done task: that is how clients learn it completed. */
  task(sn: string, taskId: string): VrackTaskRecord {
    this.rt.vrack(sn);
    const t = this.rt.state.vrackTasks.find((x) => x.vrack === sn && String(x.id) === taskId && x.status !== 'done');
    if (!t) throw errors.v1NotFound('taskId', taskId);
    return t;
  }

  allowedServices(sn: string, family: string | undefined): Record<string, string[] | null> {
    this.rt.vrack(sn); // 404 for an unknown vRack
    if (family !== undefined && !(ALLOWED_FAMILIES as readonly string[]).includes(family)) {
      throw errors.badRequest(`Invalid serviceFamily '${family}': valid values are ${ALLOWED_FAMILIES.join(', ')}`);
    }
    const out: Record<string, string[] | null> = {};
    for (const f of ALLOWED_FAMILIES) out[f] = family === undefined || family === f ? [] : null;
    if (family === undefined || family === 'vrackServices') {
      out.vrackServices = this.rt.state.vrackServices.filter((v) => v.current.vrackId === null && v.resourceStatus !== 'CREATING').map((v) => v.id);
    }
    return out;
  }

  create(input: VrackDelivery = {}): VrackRecord {
    const { state } = this.rt;
    let sn: string;
    if (input.serviceName !== undefined) {
      // A lab names its vRacks (`pn-xyzzz` in the guide) so users see the same names in the API.
      sn = String(input.serviceName);
      if (!/^pn-[a-z0-9]{1,30}$/.test(sn)) throw errors.badRequest(`Invalid vRack serviceName '${sn}': expected pattern ^pn-[a-z0-9]{1,30}$ (e.g. pn-xyzzz)`);
      if (state.vracks.some((v) => v.serviceName === sn)) throw errors.conflict(`vRack '${sn}' already exists`);
    } else {
      do sn = `pn-${String(randomInt(10000, 100000))}`;
      while (state.vracks.some((v) => v.serviceName === sn));
    }
    checkText('name', input.name, FREE_TEXT);
    checkText('description', input.description, FREE_TEXT);
    checkRoom('vRacks', state.vracks.length, COLLECTION_LIMITS.vracks);
    const rec: VrackRecord = { serviceName: sn, iamId: randomUUID(), name: input.name ?? '', description: input.description ?? '', vrackServices: [] };
    state.vracks.push(rec);
    this.rt.journal.record('lab', 'vrack-created', { serviceName: sn });
    return rec;
  }

  private newTask(sn: string, fn: VrackTaskRecord['function'], vrsId: string): VrackTaskRecord {
    const { state } = this.rt;
    const now = this.rt.nowIso();
    const t: VrackTaskRecord = { id: state.nextVrackTaskId++, vrack: sn, function: fn, targetDomain: vrsId, status: 'init', todoDate: now, lastUpdate: now };
    state.vrackTasks.push(t);
    // Finished tasks (done or cancelled) are history: keep a bounded number, newest last.
    const finished = new Set(state.vrackTasks.filter((x) => x.status === 'done' || x.status === 'cancelled').slice(0, -COLLECTION_LIMITS.vrackTaskHistory));
    if (finished.size > 0) state.vrackTasks = state.vrackTasks.filter((x) => !finished.has(x));
    this.rt.journal.record('vrack-task', 'created', { id: t.id, vrack: sn, function: fn, vrackServices: vrsId });
    return t;
  }

  private pendingTask(vrsId: string): VrackTaskRecord | undefined {
    return this.rt.state.vrackTasks.find((t) => t.targetDomain === vrsId && isOpen(t));
  }

  associate(sn: string, vrsIdInput: unknown): VrackTaskRecord {
    const { rt } = this;
    rt.vrack(sn); // 404 for an unknown vRack, before anything else
    if (typeof vrsIdInput !== 'string') throw errors.badRequest('Invalid body: vrackServices is required and must be a string');
    const vrsId = vrsIdInput;
    const rec = rt.state.vrackServices.find((v) => v.id === vrsId);
    if (!rec) throw errors.v1NotFound('vrackServices', vrsId);
    this.assertAssociable(sn, rec);
    const task = this.newTask(sn, 'addVrackServices', vrsId);
    this.scheduleTask(task);
    return task;
  }

  /** What `associate` refuses (409/400 as the real API words them), for a task or a seed alike. */
  assertAssociable(sn: string, rec: VrackServicesRecord): void {
    const { rt } = this;
    rt.vrack(sn); // 404 for an unknown vRack
    const vrsId = rec.id;
    if (rec.resourceStatus === 'CREATING') throw errors.badRequest(`vRack Services '${vrsId}' is not delivered yet`);
    if (this.pendingTask(vrsId)) throw errors.conflict(`vRack Services '${vrsId}' has a vRack operation in progress, retry later`);
    if (rec.current.vrackId === sn) throw errors.badRequest(`vRack Services '${vrsId}' is already in vRack '${sn}'`);
    if (rec.current.vrackId !== null) throw errors.badRequest(`vRack Services '${vrsId}' is already in vRack '${rec.current.vrackId}', remove it from there first`);
    const inVrack = rt.state.vrackServices.filter((v) => v.current.vrackId === sn || this.pendingTask(v.id)?.vrack === sn);
    const sameRegion = inVrack.find((v) => v.region === rec.region);
    const perRegion = rt.limits.vrackServicesPerRegionPerVrack;
    if (sameRegion && inVrack.filter((v) => v.region === rec.region).length >= perRegion) {
      throw errors.badRequest(`vRack '${sn}' already has vRack Services '${sameRegion.id}' in region '${rt.profile.showRegion(rec.region)}': only ${perRegion === 1 ? 'one' : perRegion} vRack Services per region per vRack`);
    }
    if (inVrack.length >= rt.limits.vrackServicesPerVrack) throw errors.badRequest(`Limit of '${rt.limits.vrackServicesPerVrack}' vRack Services per vRack exceeded`);
  }

  /**
   * A seeded vRack Services already in vRack `sn` (checked with assertAssociable first): no task,
   * no delay. The caller attaches its endpoints.
   */
  seedAssociation(sn: string, rec: VrackServicesRecord): void {
    const vrack = this.rt.vrack(sn);
    rec.current.vrackId = vrack.serviceName;
    vrack.vrackServices.push(rec.id);
    this.rt.journal.record('lab', 'vrack-services-seeded-association', { vrack: vrack.serviceName, vrackServices: rec.id });
  }

  dissociate(sn: string, vrsId: string): VrackTaskRecord {
    this.rt.vrack(sn);
    const rec = this.rt.state.vrackServices.find((v) => v.id === vrsId);
    if (!rec || rec.current.vrackId !== sn) throw errors.v1NotFound('vrackServices', vrsId);
    if (this.pendingTask(vrsId)) throw errors.conflict(`vRack Services '${vrsId}' has a vRack operation in progress, retry later`);
    const task = this.newTask(sn, 'removeVrackServices', vrsId);
    this.scheduleTask(task);
    return task;
  }

  /** Resolves when the v1 task is done (or was never scheduled in this process). */
  taskDone(id: number): Promise<void> {
    return this.completions.get(id) ?? Promise.resolve();
  }

  /** Tasks that were in flight when the state was saved, scheduled again. */
  resumeInFlight(): void {
    for (const t of this.rt.state.vrackTasks) if (isOpen(t)) this.scheduleTask(t);
  }

  private setStatus(t: VrackTaskRecord, status: VrackTaskRecord['status']): void {
    const from = t.status;
    t.status = status;
    t.lastUpdate = this.rt.nowIso();
    this.rt.journal.record('vrack-task', `${from}->${status}`, { id: t.id, vrack: t.vrack, function: t.function, vrackServices: t.targetDomain });
  }

  private scheduleTask(t: VrackTaskRecord): void {
    const { rt } = this;
    const p = rt.background(`vrack task ${t.id}`, () =>
      rt.serial(t.targetDomain, async () => {
        const rec = rt.state.vrackServices.find((v) => v.id === t.targetDomain);
        const vrack = rt.state.vracks.find((v) => v.serviceName === t.vrack);
        if (t.status === 'init') this.setStatus(t, 'todo');
        if (t.status === 'todo') {
          await rt.wait(rt.timings.vrackTaskMs / 2);
          this.setStatus(t, 'doing');
          await rt.persist();
        }
        if (!rec || !vrack) {
          this.setStatus(t, 'cancelled');
          await rt.persist();
          return;
        }
        if (!(await this.applyOnFabric(t, rec, vrack))) return;
        await rt.wait(rt.timings.vrackTaskMs / 2);
        rec.updatedAt = rt.nowIso();
        this.setStatus(t, 'done');
        await rt.persist();
      }),
    );
    this.completions.set(t.id, p);
    void p.finally(() => this.completions.delete(t.id));
  }

  /** Moves the association and its endpoints; false (task cancelled, association as before) when the fabric refuses. */
  private async applyOnFabric(t: VrackTaskRecord, rec: VrackServicesRecord, vrack: VrackRecord): Promise<boolean> {
    const { rt } = this;
    const endpoints = rec.current.subnets.flatMap((s) => placedEndpoints(s));
    const done: PlacedEndpoint[] = [];
    try {
      if (t.function === 'addVrackServices') {
        rec.current.vrackId = t.vrack;
        if (!vrack.vrackServices.includes(rec.id)) vrack.vrackServices.push(rec.id);
        if (!rec.suspended) for (const p of endpoints) {
            await rt.dp('attach', rt.attachment(rec, p, t.vrack));
            done.push(p);
          }
      } else {
        if (!rec.suspended) for (const p of endpoints) {
            await rt.dp('detach', rt.attachment(rec, p, t.vrack));
            done.push(p);
          }
        rec.current.vrackId = null;
        vrack.vrackServices = vrack.vrackServices.filter((x) => x !== rec.id);
      }
      return true;
    } catch (err) {
      if (rt.aborted) throw err;
      rt.journal.record('vrack-task', 'failed', { id: t.id, error: (err as Error).message });
      const undo = t.function === 'addVrackServices' ? 'detach' : 'attach';
      for (const p of done) await rt.dp(undo, rt.attachment(rec, p, t.vrack)).catch(() => {});
      if (t.function === 'addVrackServices') {
        rec.current.vrackId = null;
        vrack.vrackServices = vrack.vrackServices.filter((x) => x !== rec.id);
      }
      this.setStatus(t, 'cancelled');
      await rt.persist();
      return false;
    }
  }
}
