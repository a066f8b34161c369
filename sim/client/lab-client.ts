/**
 * The client's hand on the simulator's `/lab/*` routes (docs/api-simulator.md). The deliveries take
 * the same inputs as the simulator's in-process LabAdmin (sim/api-types/lab-admin.ts); every call is
 * refused against a real OVHcloud endpoint.
 */
import type { FaultInput, LabDeliveries } from '../api-types/lab-admin.ts';
import { HarnessError } from '../core/errors.ts';
import type { Transport } from './transport.ts';

/** The simulator's `/lab/*` routes; refused against a real OVHcloud endpoint. */
export interface LabAdmin extends LabDeliveries {
  /** A vRack Services id or a storage serviceName. */
  suspend(id: string, kind?: 'vrackServices' | 'storageNetApp'): Promise<unknown>;
  resume(id: string, kind?: 'vrackServices' | 'storageNetApp'): Promise<unknown>;
  /** Clears an ERROR (what support would do). */
  recover(vrackServicesId: string): Promise<unknown>;
  setTimings(timings: 'realistic' | 'fast' | Record<string, number>): Promise<unknown>;
  injectFaults(faults: FaultInput): Promise<unknown>;
  clearFaults(): Promise<unknown>;
  reset(): Promise<unknown>;
  events(options?: { since?: number | string; kind?: string }): Promise<unknown[]>;
}

const enc = encodeURIComponent;

export function createLabClient(t: Transport): LabAdmin {
  const call = t.call.bind(t);
  function labOnly(): void {
    if (t.endpoint.ovhcloud) {
      throw new HarnessError('LAB_ONLY', `lab-admin call refused: ${t.endpoint.baseUrl} is the real OVHcloud API (lab routes exist only on the simulator)`);
    }
  }
  return {
    createVrack: async (input = {}) => (labOnly(), call('POST', '/lab/vrack', { body: input })),
    createVrackServices: async (input) => (labOnly(), call('POST', '/lab/vrackServices', { body: input })),
    createStorageNetApp: async (input) => (labOnly(), call('POST', '/lab/storageNetApp', { body: input })),
    deliverStorage: async (input) => (labOnly(), call('POST', '/lab/storage', { body: input })),
    suspend: async (id, kind = 'vrackServices') => (labOnly(), call('POST', `/lab/${kind}/${enc(id)}/suspend`, { body: {} })),
    resume: async (id, kind = 'vrackServices') => (labOnly(), call('POST', `/lab/${kind}/${enc(id)}/resume`, { body: {} })),
    recover: async (id) => (labOnly(), call('POST', `/lab/vrackServices/${enc(id)}/recover`, { body: {} })),
    setTimings: async (timings) => (labOnly(), call('PUT', '/lab/timings', { body: typeof timings === 'string' ? { preset: timings } : timings })),
    injectFaults: async (faults) => (labOnly(), call('POST', '/lab/faults', { body: faults })),
    clearFaults: async () => (labOnly(), call('DELETE', '/lab/faults')),
    reset: async () => (labOnly(), call('POST', '/lab/reset', { body: {} })),
    events: async (options = {}) => (labOnly(), call('GET', '/lab/events', { query: { since: options.since, kind: options.kind } })),
  };
}
