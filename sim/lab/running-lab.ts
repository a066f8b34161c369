/**
 * A lab that is up: its model, fabric, simulator and client, plus the runtime switches scenarios
 * flip (DHCP host routes, routing-as-default). `stop()` tears everything down, idempotently.
 */
import type { ResolvedLab } from '../topology/model.ts';
import type { Fabric } from '../fabric/fabric.ts';
import type { LabHost } from '../fabric/host.ts';
import type { Simulator } from '../api/simulator.ts';
import type { VrackServicesClient } from '../client/client.ts';
import type { FabricDataPlane } from './fabric-data-plane.ts';
import type { LabHostSummary } from './lab-registry.ts';

/** AsyncDisposable: `await using lab = await startLab(…)` stops it at the end of the scope. */
export interface RunningLab extends AsyncDisposable {
  readonly name: string;
  readonly runId: string;
  readonly apiUrl: string;
  readonly model: ResolvedLab;
  readonly fabric: Fabric;
  readonly simulator: Simulator;
  readonly client: VrackServicesClient;
  readonly dataPlane: FabricDataPlane;
  /** Logical names of the lab file → the ids the simulator gave them (`vrs-lim` → `vrs-…`, `efs-lim` → service name). */
  readonly ids: Readonly<Record<string, string>>;
  /** Storage name → its URN. */
  readonly urns: Readonly<Record<string, string>>;
  /** A host by its lab-file name; hostNetwork pods resolve to their node. */
  host(name: string): LabHost;
  summary(): LabHostSummary[];
  /** Turns the DHCP host routes of a private network on or off on every host of that network. */
  setHostRoutes(network: string, enabled: boolean): Promise<void>;
  /** privateNetworkRoutingAsDefault on a cluster: default route via `gateway` on the private NIC (null = back to eth0). */
  setRoutingAsDefault(cluster: string, gateway: string | null): Promise<void>;
  /** The first share of the managed service whose endpoint holds `ip`: its export path and the files the lab seeded. */
  shareOf(ip: string): { storage: string; exportPath: string; files: Record<string, string> };
  /** Delivers one more EFS at runtime (its own host, shares as the lab's first EFS). */
  addStorage(name: string, region: string): Promise<{ serviceName: string; urn: string }>;
  stop(): Promise<void>;
}
