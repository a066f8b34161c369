/**
 * A DataPlane fake that records every call in order, with the endpoint set it believes is up.
 * Unit tests assert on `calls`; `failNext` makes the next attach/detach throw (error paths).
 */
import type { DataPlane, EndpointAttachment, StorageServiceView } from './data-plane.ts';

export type DataPlaneCall =
  | { op: 'attach'; endpoint: EndpointAttachment; at: number }
  | { op: 'detach'; endpoint: EndpointAttachment; at: number }
  | { op: 'syncStorage'; service: StorageServiceView; at: number };

export interface RecordingDataPlane extends DataPlane {
  readonly calls: DataPlaneCall[];
  /** Endpoints currently attached, keyed `urn@ip`. */
  readonly live: Map<string, EndpointAttachment>;
  failNext(message?: string): void;
  clear(): void;
}

export const endpointKey = (e: EndpointAttachment) => `${e.managedServiceURN}@${e.ip}`;

export function createRecordingDataPlane(): RecordingDataPlane {
  const calls: DataPlaneCall[] = [];
  const live = new Map<string, EndpointAttachment>();
  let failure: string | undefined;
  const maybeFail = () => {
    if (failure !== undefined) {
      const m = failure;
      failure = undefined;
      throw new Error(m);
    }
  };
  return {
    calls,
    live,
    async attach(endpoint) {
      maybeFail();
      calls.push({ op: 'attach', endpoint: { ...endpoint }, at: Date.now() });
      live.set(endpointKey(endpoint), { ...endpoint });
    },
    async detach(endpoint) {
      maybeFail();
      calls.push({ op: 'detach', endpoint: { ...endpoint }, at: Date.now() });
      live.delete(endpointKey(endpoint));
    },
    async syncStorage(service) {
      calls.push({ op: 'syncStorage', service: structuredClone(service), at: Date.now() });
    },
    failNext(message = 'recording data plane: injected failure') {
      failure = message;
    },
    clear() {
      calls.length = 0;
      live.clear();
    },
  };
}
