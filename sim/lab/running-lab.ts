/**
 * A lab that is up: its model, fabric, simulator and client, plus the runtime switches scenarios
 * flip (DHCP host routes, routing-as-default) and the state a failed scenario attaches
 * (diagnostics()). `stop()` tears everything down, idempotently. Built by startLab (lab-runner.ts).
 */
import { rm } from 'node:fs/promises';
import { HarnessError } from '../core/errors.ts';
import type { ExecResult } from '../core/exec.ts';
import { efsExportRoot } from './run-data.ts';
import { labHost } from './lab-addresses.ts';
import type { CleanupStack } from '../core/cleanup-stack.ts';
import type { ResolvedHost, ResolvedLab, ResolvedStorageNetApp } from '../topology/model.ts';
import type { Fabric } from '../fabric/fabric.ts';
import type { LabHost } from '../fabric/host.ts';
import { assertHostName } from '../fabric/names.ts';
import type { Simulator } from '../api/simulator.ts';
import type { VrackServicesClient } from '../client/client.ts';
import type { FabricDataPlane } from './fabric-data-plane.ts';
import type { LabHostSummary } from './lab-registry.ts';
import { switchHostRoutes, switchRoutingAsDefault, type IpBatch } from './lab-routing.ts';

/** What startLab built, handed over whole. */
export interface RunningLabParts {
  model: ResolvedLab;
  runId: string;
  apiUrl: string;
  fabric: Fabric;
  simulator: Simulator;
  client: VrackServicesClient;
  dataPlane: FabricDataPlane;
  cleanup: CleanupStack;
  ids: Record<string, string>;
  urns: Record<string, string>;
  /** Creates the host of one more EFS and delivers it (lab-runner.ts). */
  deliverExtraStorage(storage: ResolvedStorageNetApp): Promise<{ serviceName: string; urn: string }>;
}

/** AsyncDisposable: `await using lab = await startLab(…)` stops it at the end of the scope. */
export class RunningLab implements AsyncDisposable {
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
  private readonly parts: RunningLabParts;
  /** EFS delivered by addStorage, after the lab file's. */
  private readonly extraStorage: ResolvedStorageNetApp[] = [];

  constructor(parts: RunningLabParts) {
    this.parts = parts;
    this.name = parts.model.name;
    this.runId = parts.runId;
    this.apiUrl = parts.apiUrl;
    this.model = parts.model;
    this.fabric = parts.fabric;
    this.simulator = parts.simulator;
    this.client = parts.client;
    this.dataPlane = parts.dataPlane;
    this.ids = parts.ids;
    this.urns = parts.urns;
  }

  private modelHost(name: string): ResolvedHost {
    return labHost(this.model, name);
  }

  /** A host (or a node the lab file brings) by its lab-file name; hostNetwork pods resolve to their node. */
  host(name: string): LabHost {
    if (this.model.nodes.some((n) => n.name === name)) return this.fabric.host(name);
    const h = this.modelHost(name);
    return this.fabric.host(h.pod?.hostNetwork ? h.pod.node : h.name);
  }

  /** One command in a node the lab file brings, as its exec runs them (containerlab's way); the exit code is returned. */
  execInNode(name: string, argv: readonly string[]): Promise<ExecResult> {
    if (!this.model.nodes.some((n) => n.name === name)) {
      throw new HarnessError('NO_SUCH_HOST', `no node "${name}" in lab ${this.model.name} (nodes: ${this.model.nodes.map((n) => n.name).join(', ') || 'none'})`);
    }
    return this.fabric.execInNode(name, argv);
  }

  summary(): LabHostSummary[] {
    return this.model.hosts.map((h) => ({
      name: h.name,
      role: h.pod?.hostNetwork ? 'pod (hostNetwork)' : h.role,
      addresses: [...h.nics.map((n) => `${n.ifname} ${n.address}`), ...(h.pod?.address ? [`eth0 ${h.pod.address}`] : [])],
    })).concat(this.model.nodes.map((n) => ({ name: n.name, role: `node (${n.kind}, ${n.image})`, addresses: n.nics.map((x) => `${x.ifname} ${x.address}`) })));
  }

  /** The lab's state as a reader wants it after a failure: driver, VLAN mode, then each host's addresses and routes. */
  async diagnostics(): Promise<string> {
    const lines: string[] = [`lab ${this.name} run ${this.runId} driver ${this.fabric.driver} vlan mode ${this.fabric.vlanMode}`];
    for (const h of [...this.model.hosts, ...this.model.nodes]) {
      if ('pod' in h && h.pod?.hostNetwork) continue;
      const host = this.host(h.name);
      const addr = await host.exec(['ip', '-br', 'addr'], { allowFailure: true, timeoutMs: 5000 });
      const route = await host.exec(['ip', 'route'], { allowFailure: true, timeoutMs: 5000 });
      lines.push(`--- ${h.name}`, addr.stdout, route.stdout);
    }
    return lines.join('\n');
  }

  private readonly ipBatch: IpBatch = (host, lines) => this.fabric.ipBatch(host, lines);

  /** Turns the DHCP host routes of a private network on or off on every host of that network. */
  async setHostRoutes(network: string, enabled: boolean): Promise<void> {
    await switchHostRoutes(this.model, network, enabled, this.ipBatch);
    const net = this.model.privateNetworks.find((n) => n.name === network);
    if (net) net.hostRoutesEnabled = enabled;
  }

  /** privateNetworkRoutingAsDefault on a cluster: default route via `gateway` on the private NIC (null = back to eth0). */
  async setRoutingAsDefault(clusterName: string, gateway: string | null): Promise<void> {
    await switchRoutingAsDefault(this.model, clusterName, gateway, this.ipBatch);
    const cluster = this.model.clusters.find((c) => c.name === clusterName)!;
    cluster.privateNetworkRoutingAsDefault = gateway !== null;
    cluster.defaultVrackGateway = gateway;
  }

  /** The first share of the managed service whose endpoint holds `ip`: its export path and the files the lab seeded. */
  shareOf(ip: string): { storage: string; exportPath: string; files: Record<string, string> } {
    const urn = this.dataPlane.serviceAt(ip);
    const storage = Object.keys(this.urns).find((name) => this.urns[name] === urn);
    const spec = [...this.model.storageNetApp, ...this.extraStorage].find((s) => s.name === storage);
    const view = storage ? this.dataPlane.storageViews.get(this.ids[storage]!) : undefined;
    const share = view?.shares[0];
    if (!storage || !spec || !share) {
      throw new HarnessError('NO_ENDPOINT', `no managed service of lab ${this.model.name} has an endpoint at ${ip} (endpoints: ${[...this.dataPlane.attached().keys()].join(', ') || 'none'})`);
    }
    return { storage, exportPath: share.exportPath, files: spec.shares.find((s) => s.name === share.name)?.files ?? {} };
  }

  /**
   * Delivers one more EFS at runtime, in its own host. Its shares copy the lab file's first EFS
   * (names, sizes, files, ACLs), so a scenario can move an endpoint to it and find the same data.
   */
  async addStorage(name: string, region: string): Promise<{ serviceName: string; urn: string }> {
    // Checked before anything is created from it (efsVolume checks again before mkdir).
    assertHostName('EFS name', name);
    const template = this.model.storageNetApp[0];
    const storage: ResolvedStorageNetApp = { name, region, host: name, shares: template ? structuredClone(template.shares) : [] };
    const out = await this.parts.deliverExtraStorage(storage);
    this.extraStorage.push(storage);
    this.parts.ids[name] = out.serviceName;
    this.parts.urns[name] = out.urn;
    return out;
  }

  /** The EFS delivered at runtime (addStorage). */
  addedStorage(): string[] {
    return this.extraStorage.map((s) => s.name);
  }

  /**
   * Takes back the EFS added at runtime (a reused lab's reset, after the simulator forgot them and
   * detached their endpoints): their servers stop, their hosts and export directories go.
   */
  async removeAddedStorage(): Promise<void> {
    for (const storage of [...this.extraStorage]) {
      await this.dataPlane.retire(this.urns[storage.name]!);
      await this.fabric.removeHost(storage.host);
      await rm(efsExportRoot(this.runId, storage.name), { recursive: true, force: true });
      delete this.parts.ids[storage.name];
      delete this.parts.urns[storage.name];
      this.extraStorage.splice(this.extraStorage.indexOf(storage), 1);
    }
  }

  stop(): Promise<void> {
    return this.parts.cleanup.unwind();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }
}
