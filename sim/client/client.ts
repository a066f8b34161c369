/**
 * The typed vRack Services client: one client for the simulator and the real OVHcloud API.
 * v2 `/vrackServices` (resources, PUT with checksum, tasks, eligible services, references),
 * v1 `/vrack` association (with v1 task polling), v1 `/storage/netapp` (services, shares, ACLs, access
 * paths) and the simulator's lab-admin routes. Raw `request`/`call`/`paginate` stay available.
 */
import { isApiError } from './api-error.ts';
import { createTransport, type ClientConfig, type Page, type PageOptions, type RequestOptions, type ApiResponse, type Transport } from './transport.ts';
import type {
  AllowedServices,
  EligibleManagedService,
  Region,
  Task,
  TargetSpec,
  VrackServices,
  VrackServicesInput,
  VrackServicesWithIAM,
  VrackTask,
  VrackVrackServices,
} from './types.ts';
import { HarnessError } from '../core/errors.ts';
import { createLabClient, type LabAdmin } from './lab-client.ts';
import { createStorageClient, type StorageNetAppApi } from './storage-client.ts';
import { createVrackV1Client } from './vrack-v1-client.ts';
import type { WaitOptions } from './wait-options.ts';
import { delay, StopWaiting, waitFor } from '../core/wait.ts';
import { labChanges } from './lab-changes.ts';

export type { ClientConfig } from './transport.ts';
export { ApiError } from './api-error.ts';
export type { LabAdmin } from './lab-client.ts';

export type { WaitOptions } from './wait-options.ts';
export type { StorageNetAppApi } from './storage-client.ts';

export interface ModifyOptions {
  /** Re-read and re-apply the mutation this many times on a 412 checksum mismatch (default 0). */
  conflictRetries?: number;
}


/** The vRack Services API's operations: list, get, update the targetSpec, tasks, vRack association, managed services. */
export interface VrackServicesClient {
  readonly transport: Transport;
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  call<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<T>;
  paginate<T>(path: string, options?: Omit<PageOptions, 'cursor'>): AsyncIterableIterator<T>;

  listVrackServices(options?: Omit<PageOptions, 'cursor'>): Promise<VrackServicesWithIAM[]>;
  listVrackServicesPage(options?: PageOptions): Promise<Page<VrackServicesWithIAM>>;
  getVrackServices(id: string): Promise<VrackServicesWithIAM>;
  updateVrackServices(id: string, input: VrackServicesInput): Promise<VrackServices>;
  /** GET → mutate a copy of targetSpec → PUT with the checksum read. */
  modify(id: string, mutate: (spec: TargetSpec) => TargetSpec | void, options?: ModifyOptions): Promise<VrackServices>;
  /** Polls until READY; fails at once with the task errors if resourceStatus becomes ERROR. */
  waitForReady(id: string, options?: WaitOptions): Promise<VrackServicesWithIAM>;
  listTasks(id: string): Promise<Task[]>;
  getTask(id: string, taskId: string): Promise<Task>;
  listEligibleManagedServices(id: string): Promise<EligibleManagedService[]>;
  listRegions(): Promise<Region[]>;
  listCompatibleManagedServiceTypes(): Promise<string[]>;

  listVracks(): Promise<string[]>;
  /** POST the association, then poll the v1 task until done (404 = done). Returns the task as created. */
  associateVrackServices(vrackServiceName: string, vrackServicesId: string, options?: WaitOptions & { wait?: boolean }): Promise<VrackTask>;
  dissociateVrackServices(vrackServiceName: string, vrackServicesId: string, options?: WaitOptions & { wait?: boolean }): Promise<VrackTask>;
  listVrackServicesOfVrack(vrackServiceName: string): Promise<string[]>;
  getVrackServicesOfVrack(vrackServiceName: string, vrackServicesId: string): Promise<VrackVrackServices>;
  allowedServices(vrackServiceName: string, serviceFamily?: string): Promise<AllowedServices>;
  listVrackTasks(vrackServiceName: string): Promise<number[]>;
  /** The v1 task, or undefined once it is finished (the API answers 404 then). */
  getVrackTask(vrackServiceName: string, taskId: number): Promise<VrackTask | undefined>;
  waitForVrackTask(vrackServiceName: string, taskId: number, options?: WaitOptions): Promise<void>;

  readonly storage: StorageNetAppApi;
  readonly lab: LabAdmin;
}

const enc = encodeURIComponent;
const V2 = '/v2/vrackServices';

/** A vRack Services API client (OVHcloud signatures or OAuth2) for a simulator or the real API. */
export function createClient(config: ClientConfig): VrackServicesClient {
  const t = createTransport(config);
  const call = t.call.bind(t);
  const collect = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
    const out: T[] = [];
    for await (const x of it) out.push(x);
    return out;
  };

  const getVrackServices = (id: string) => call<VrackServicesWithIAM>('GET', `${V2}/resource/${enc(id)}`);
  const updateVrackServices = (id: string, input: VrackServicesInput) => call<VrackServices>('PUT', `${V2}/resource/${enc(id)}`, { body: input });
  const getTask = (id: string, taskId: string) => call<Task>('GET', `${V2}/resource/${enc(id)}/task/${enc(taskId)}`);

  async function modify(id: string, mutate: (spec: TargetSpec) => TargetSpec | void, options: ModifyOptions = {}): Promise<VrackServices> {
    const retries = options.conflictRetries ?? 0;
    for (let attempt = 0; ; attempt++) {
      const current = await getVrackServices(id);
      const draft = structuredClone(current.targetSpec);
      const targetSpec = mutate(draft) ?? draft;
      try {
        return await updateVrackServices(id, { checksum: current.checksum, targetSpec });
      } catch (err) {
        if (attempt < retries && isApiError(err, 412)) continue;
        throw err;
      }
    }
  }

  async function errorOf(vrs: VrackServicesWithIAM): Promise<HarnessError> {
    const failed = (vrs.currentTasks ?? []).filter((task) => task.status === 'ERROR');
    const messages: string[] = [];
    const tasks: Task[] = [];
    for (const ct of failed) {
      try {
        const task = await getTask(vrs.id, ct.id);
        tasks.push(task);
        const errs = (task.errors ?? []).map((e) => e.message).filter(Boolean);
        messages.push(`task ${ct.id} ${task.type}: ${errs.length > 0 ? errs.join('; ') : task.message || 'no error message'}`);
      } catch (err) {
        messages.push(`task ${ct.id}: (could not read it: ${(err as Error).message})`);
      }
    }
    const why = messages.length > 0 ? messages.join(' | ') : 'no task in ERROR listed';
    return new HarnessError('VRS_ERROR', `vRack Services ${vrs.id} did not become READY: resourceStatus is ERROR (${why})`, {
      details: { vrackServices: vrs, tasks },
    });
  }

  async function waitForReady(id: string, options: WaitOptions = {}): Promise<VrackServicesWithIAM> {
    let last: VrackServicesWithIAM | undefined;
    const timeoutMs = options.timeoutMs ?? 60_000;
    const intervalMs = options.intervalMs ?? 1_000;
    const deadline = Date.now() + timeoutMs;
    // On a simulator, each look waits for its next change (task transition, delivery) instead of the interval.
    const changes = labChanges(t);
    await changes.start();
    return waitFor(
      async () => {
        try {
          last = await getVrackServices(id);
        } catch (err) {
          // A 4xx (unknown id, no rights) will not heal by waiting; 5xx and network errors may.
          if (isApiError(err) && err.status >= 400 && err.status < 500 && err.status !== 429) throw new StopWaiting(err);
          await delay(Math.max(0, Math.min(intervalMs, deadline - Date.now())), options.signal); // then look again
          throw err;
        }
        if (last.resourceStatus === 'READY') return last;
        if (last.resourceStatus === 'ERROR') throw new StopWaiting(await errorOf(last));
        const left = deadline - Date.now();
        if (left > 0 && !(await changes.next(left))) await delay(Math.min(intervalMs, left), options.signal);
        return false;
      },
      {
        what: `vRack Services ${id} to be READY`,
        timeoutMs,
        // The pace is the probe's own (a change, or the interval): no second sleep between looks.
        intervalMs: 0,
        ...(options.signal ? { signal: options.signal } : {}),
        describe: () =>
          last ? `resourceStatus ${last.resourceStatus}, tasks ${JSON.stringify((last.currentTasks ?? []).map((x) => `${x.type}:${x.status}`))}` : 'no answer yet',
      },
    );
  }

  const { getVrackTask, waitForVrackTask, associateVrackServices, dissociateVrackServices } = createVrackV1Client(t);

  const storage = createStorageClient(t);
  const lab = createLabClient(t);

  return {
    transport: t,
    request: t.request.bind(t),
    call,
    paginate: t.paginate.bind(t),
    listVrackServices: (options) => collect(t.paginate<VrackServicesWithIAM>(`${V2}/resource`, options)),
    listVrackServicesPage: (options) => t.page<VrackServicesWithIAM>(`${V2}/resource`, options),
    getVrackServices,
    updateVrackServices,
    modify,
    waitForReady,
    listTasks: (id) => collect(t.paginate<Task>(`${V2}/resource/${enc(id)}/task`)),
    getTask,
    listEligibleManagedServices: (id) => collect(t.paginate<EligibleManagedService>(`${V2}/resource/${enc(id)}/eligibleManagedService`)),
    listRegions: () => collect(t.paginate<Region>(`${V2}/reference/region`)),
    listCompatibleManagedServiceTypes: () => collect(t.paginate<string>(`${V2}/reference/compatibleManagedServiceType`)),
    listVracks: () => call('GET', '/1.0/vrack'),
    associateVrackServices,
    dissociateVrackServices,
    listVrackServicesOfVrack: (sn) => call('GET', `/1.0/vrack/${enc(sn)}/vrackServices`),
    getVrackServicesOfVrack: (sn, id) => call('GET', `/1.0/vrack/${enc(sn)}/vrackServices/${enc(id)}`),
    allowedServices: (sn, family = 'vrackServices') => call('GET', `/1.0/vrack/${enc(sn)}/allowedServices`, { query: { serviceFamily: family } }),
    listVrackTasks: (sn) => call('GET', `/1.0/vrack/${enc(sn)}/task`),
    getVrackTask,
    waitForVrackTask,
    storage,
    lab,
  };
}

