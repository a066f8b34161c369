/**
 * The data plane of one lab (one run id): vRack segments as bridges, hosts from a driver, NICs as
 * veths. The lab engine calls only this module. Everything created is named or labelled with the run
 * id; destroy() removes it and then reaps the machine's real state for anything left.
 */
import { HarnessError, cleanupFailed, describeError, invalidInput } from '../core/errors.ts';
import type { StepFailure } from '../core/errors.ts';
import { realExec } from '../core/exec.ts';
import type { Exec, ExecResult } from '../core/exec.ts';
import { assertRunId } from '../core/run-id.ts';
import { logger } from '../core/logger.ts';
import type { LabHost } from './host.ts';
import type { Fabric, FabricOptions, HostRecord, HostSpec, LinkEnd, NicSpec, NodeSpec, SegmentKey, VlanModeName } from './types.ts';
import { getDriver, driverNames } from './drivers.ts';
import { assertDriverRunsNodes, type HostDriver, type DriverContext } from './driver.ts';
import { machineCapabilities, chooseVlanMode } from './capabilities.ts';
import type { Capabilities } from './capabilities.ts';
import { VLAN_MODES } from './vlan-mode.ts';
import type { VlanMode } from './vlan-mode.ts';
import { Plumbing, interfaceLines } from './plumbing.ts';
import { acceptChain, allowBridge } from './firewall.ts';
import { bridgeName, vethName, assertHostName } from './names.ts';
import { gc } from './gc.ts';
import { takeLease } from './run-lease.ts';
import { validateNic, validateSegmentKey } from './nic-rules.ts';

export type { Fabric, FabricOptions, HostRecord, HostSpec, LinkEnd, NicSpec, NodeSpec, SegmentKey, VlanModeName } from './types.ts';
export { gc } from './gc.ts';
export { validateNic, validateSegmentKey } from './nic-rules.ts';
export type { GcOptions } from './gc.ts';

const log = logger('fabric');
const proofLog = logger('gc');

/** Ports one Linux bridge can number (BR_MAX_PORTS 1024, port 0 reserved). */
export const MAX_BRIDGE_PORTS = 1023;

interface HostEntry {
  record: HostRecord;
  host: LabHost;
}

class LabFabric implements Fabric {
  readonly runId: string;
  readonly driver: string;
  readonly vlanMode: VlanModeName;
  private readonly labName: string;
  /** Teardown (destroy, rollbacks, removals): never canceled, it must run after an abort too. */
  private readonly exec: Exec;
  /** Building: carries the build's AbortSignal, when there is one, so Ctrl-C kills a slow command. */
  private readonly buildExec: Exec;
  private readonly hostDriver: HostDriver;
  private readonly mode: VlanMode;
  private readonly plumbing: Plumbing;
  private readonly teardown: Plumbing;
  private readonly chain: string | null;
  private readonly hosts = new Map<string, HostEntry>();
  /** Names being created, so two concurrent addHost calls cannot take the same name. */
  private readonly pending = new Set<string>();
  private readonly bridges = new Map<string, Promise<string>>();
  /** `host/ifname` → the veth end left on the machine. */
  private readonly nics = new Map<string, string>();
  /** Bridge → the machine ends enslaved to it: a Linux bridge numbers its ports 1–1023 (BR_MAX_PORTS). */
  private readonly ports = new Map<string, Set<string>>();
  private nextBridge = 0;
  private nextVeth = 0;
  private destroyed = false;

  constructor(o: { runId: string; labName: string; exec: Exec; buildExec: Exec; driver: HostDriver; mode: VlanMode; chain: string | null }) {
    this.runId = o.runId;
    this.labName = o.labName;
    this.exec = o.exec;
    this.buildExec = o.buildExec;
    this.hostDriver = o.driver;
    this.driver = o.driver.name;
    this.mode = o.mode;
    this.vlanMode = o.mode.name;
    this.chain = o.chain;
    this.plumbing = new Plumbing(o.buildExec);
    this.teardown = new Plumbing(o.exec);
  }

  private get ctx(): DriverContext {
    return { runId: this.runId, labName: this.labName, exec: this.buildExec };
  }

  private get teardownCtx(): DriverContext {
    return { runId: this.runId, labName: this.labName, exec: this.exec };
  }

  private assertLive(what: string): void {
    if (this.destroyed) throw new HarnessError('FABRIC_DESTROYED', `${what} refused: the fabric of run ${this.runId} was destroyed (create a new one)`, { details: { runId: this.runId } });
  }

  ensureSegment(key: SegmentKey): Promise<string> {
    this.assertLive('ensureSegment');
    validateSegmentKey(key);
    const bridgeKey = this.mode.bridgeKey(key);
    let p = this.bridges.get(bridgeKey);
    if (!p) {
      const name = bridgeName(this.runId, this.nextBridge++);
      p = (async () => {
        await this.plumbing.hostBatch(this.mode.bridgeLines(name, key, this.runId));
        if (this.chain) await allowBridge(this.buildExec, this.chain, name, this.runId);
        log('segment %s → bridge %s', bridgeKey, name);
        return name;
      })();
      this.bridges.set(bridgeKey, p);
      p.catch(() => this.bridges.delete(bridgeKey));
    }
    return p;
  }

  async addHost(spec: HostSpec): Promise<LabHost> {
    const [host] = await this.createHosts([spec], async ([one]) => [await this.hostDriver.createHost(this.ctx, one as HostSpec)]);
    return host as LabHost;
  }

  addHosts(specs: readonly HostSpec[]): Promise<LabHost[]> {
    const bulk = this.hostDriver.createHosts?.bind(this.hostDriver);
    // Without a bulk hook, one by one and concurrently: each host is recorded as soon as it is up.
    if (bulk === undefined) return Promise.all(specs.map((s) => this.addHost(s)));
    return this.createHosts(specs, (all) => bulk(this.ctx, all));
  }

  async addNode(spec: NodeSpec): Promise<LabHost> {
    this.assertLive('addNode');
    assertDriverRunsNodes(this.hostDriver, [spec]);
    const nodes = this.hostDriver.nodes!;
    // Nodes and hosts share the names: the same reservation, with the driver's node start.
    const [host] = await this.createHosts([{ name: spec.name, image: spec.image }], async () => [await nodes.createNode(this.ctx, spec)]);
    return host as LabHost;
  }

  async execInNode(name: string, argv: readonly string[]): Promise<ExecResult> {
    this.assertLive('execInNode');
    const { record } = this.entry(name);
    if (!this.hostDriver.nodes) throw new HarnessError('UNSUPPORTED_BY_DRIVER', `cannot run a command in node ${name}: driver ${this.driver} runs no lab nodes`);
    return this.hostDriver.nodes.execInNode(this.ctx, record, argv);
  }

  /** Checks and reserves the names, has the driver create the hosts, and records them. */
  private async createHosts(specs: readonly HostSpec[], create: (specs: readonly HostSpec[]) => Promise<HostRecord[]>): Promise<LabHost[]> {
    this.assertLive('addHost');
    const names = specs.map((s) => assertHostName('host name', s.name));
    const taken = names.find((n, i) => this.hosts.has(n) || this.pending.has(n) || names.indexOf(n) !== i);
    if (taken !== undefined) throw invalidInput('host name', taken, 'already used in this lab', [...this.hosts.keys()]);
    for (const n of names) this.pending.add(n);
    try {
      const records = await create(specs);
      return records.map((record) => {
        const host = this.hostDriver.hostFromRecord(record, this.exec);
        this.hosts.set(record.name, { record, host });
        log('host %s up (%s, pid %d)', record.name, this.driver, record.pid);
        return host;
      });
    } finally {
      for (const n of names) this.pending.delete(n);
    }
  }

  private entry(name: string): HostEntry {
    const e = this.hosts.get(name);
    if (!e) throw invalidInput('host', name, `no such host in lab ${this.labName}`, [...this.hosts.keys()].sort());
    return e;
  }

  host(name: string): LabHost {
    return this.entry(name).host;
  }

  async removeHost(name: string): Promise<void> {
    const e = this.hosts.get(name);
    if (!e) return;
    this.hosts.delete(name);
    await this.hostDriver.removeHost(this.teardownCtx, e.record);
    // The host's namespace took its veths with it; forget their machine ends.
    for (const [k, end] of [...this.nics]) if (k.startsWith(`${name}/`)) this.forgetNic(k, end);
  }

  async attachNic(hostName: string, key: SegmentKey, nic: NicSpec): Promise<void> {
    this.assertLive('attachNic');
    validateNic(nic);
    const { record } = this.entry(hostName);
    const nicKey = `${hostName}/${nic.ifname}`;
    if (this.nics.has(nicKey)) throw invalidInput(`interface of host ${hostName}`, nic.ifname, 'already attached (detach it first)');
    const machineEnd = vethName(this.runId, this.nextVeth++);
    this.nics.set(nicKey, machineEnd);
    try {
      const bridge = await this.ensureSegment(key);
      const ports = this.ports.get(bridge) ?? new Set<string>();
      if (ports.size >= MAX_BRIDGE_PORTS) throw new HarnessError('INVALID_INPUT', `segment ${JSON.stringify(key)} is full: a Linux bridge takes at most ${MAX_BRIDGE_PORTS} ports (split the hosts over more VLANs; see docs/fabric.md, "Large labs")`, { details: { key, max: MAX_BRIDGE_PORTS } });
      this.ports.set(bridge, ports.add(machineEnd));
      const plan = this.mode.nicPlan({ bridge, machineEnd, pid: record.pid, runId: this.runId, key, nic });
      await this.plumbing.hostBatch(plan.machineLines);
      await this.plumbing.bridgeBatch(plan.bridgeLines);
      await this.plumbing.nsBatch(record.pid, plan.hostLines);
    } catch (err) {
      this.forgetNic(nicKey, machineEnd);
      await this.teardown.deleteLink(machineEnd);
      throw new HarnessError('ATTACH_FAILED', `NIC ${nic.ifname} of host ${hostName} could not be attached: ${describeError(err)} (segment ${JSON.stringify(key)})`, { details: { host: hostName, nic, key }, cause: err });
    }
  }

  private forgetNic(nicKey: string, machineEnd: string): void {
    this.nics.delete(nicKey);
    for (const ports of this.ports.values()) ports.delete(machineEnd);
  }

  async detachNic(hostName: string, ifname: string): Promise<void> {
    const nicKey = `${hostName}/${ifname}`;
    const machineEnd = this.nics.get(nicKey);
    if (machineEnd) {
      this.forgetNic(nicKey, machineEnd);
      await this.teardown.deleteLink(machineEnd);
      return;
    }
    // Not ours (a linkHosts end, or another process's): remove it inside the host, if it is there.
    const e = this.hosts.get(hostName);
    if (e) await this.teardown.nsRun(e.record.pid, ['ip', 'link', 'del', 'dev', ifname], true);
  }

  async linkHosts(a: LinkEnd, b: LinkEnd & { bridge?: string }): Promise<void> {
    this.assertLive('linkHosts');
    validateNic({ ifname: a.ifname, addresses: a.addresses ?? [] });
    validateNic({ ifname: b.ifname, addresses: b.addresses ?? [] });
    if (b.bridge !== undefined) validateNic({ ifname: b.bridge, addresses: [] });
    const pa = this.entry(a.host).record.pid;
    const pb = this.entry(b.host).record.pid;
    // Both ends are created directly in their namespaces: nothing named by the host is left on the machine.
    await this.plumbing.hostBatch([`link add ${a.ifname} netns ${pa} type veth peer name ${b.ifname} netns ${pb}`]);
    try {
      await this.plumbing.nsBatch(pa, interfaceLines(a.ifname, a.addresses ?? []));
      const bLines = interfaceLines(b.ifname, b.addresses ?? []);
      if (b.bridge !== undefined) {
        // Created if missing; a concurrent creator winning the race is fine (the next lines use it).
        if (!(await this.plumbing.nsLinkExists(pb, b.bridge))) await this.plumbing.nsRun(pb, ['ip', 'link', 'add', b.bridge, 'type', 'bridge'], true);
        bLines.unshift(`link set dev ${b.bridge} up`, `link set dev ${b.ifname} master ${b.bridge}`);
      }
      await this.plumbing.nsBatch(pb, bLines);
    } catch (err) {
      // Half a link is worse than none: the veth pair goes (deleting one end removes both).
      await this.teardown.nsRun(pa, ['ip', 'link', 'del', 'dev', a.ifname], true);
      throw new HarnessError('LINK_FAILED', `link ${a.host}:${a.ifname} ↔ ${b.host}:${b.ifname} could not be configured: ${describeError(err)} (bridge ${b.bridge ?? 'none'})`, { details: { a, b }, cause: err });
    }
  }

  async ipBatch(hostName: string, lines: string[]): Promise<void> {
    this.assertLive('ipBatch');
    await this.plumbing.nsBatch(this.entry(hostName).record.pid, lines);
  }

  machineEnd(hostName: string, ifname: string): string {
    this.entry(hostName);
    const end = this.nics.get(`${hostName}/${ifname}`);
    if (!end) throw invalidInput(`attached NIC of host ${hostName}`, ifname, 'not attached to a segment by this fabric', [...this.nics.keys()].filter((k) => k.startsWith(`${hostName}/`)).map((k) => k.slice(hostName.length + 1)));
    return end;
  }

  async setNicCarrier(hostName: string, ifname: string, up: boolean): Promise<void> {
    this.assertLive('setNicCarrier');
    await this.plumbing.hostBatch([`link set dev ${this.machineEnd(hostName, ifname)} ${up ? 'up' : 'down'}`]);
  }

  records(): HostRecord[] {
    return [...this.hosts.values()].map((e) => ({ ...e.record }));
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    const failures: StepFailure[] = [];
    const entries = [...this.hosts.values()];
    const bridges: string[] = [];
    for (const p of this.bridges.values()) bridges.push(await p.catch(() => ''));
    const vethEnds = [...this.nics.values()];
    this.hosts.clear();
    this.nics.clear();
    this.ports.clear();
    this.bridges.clear();
    // What this process created itself (its own records): the proof is having made them, in this run.
    if (entries.length > 0) proofLog('removing hosts %s of run %s: proof created by this process (pid %d)', entries.map((e) => e.record.netns ?? e.record.containerId ?? e.record.name).join(', '), this.runId, process.pid);
    if (bridges.some(Boolean)) proofLog('removing bridges %s of run %s: proof created by this process (pid %d)', bridges.filter(Boolean).join(', '), this.runId, process.pid);
    // Hosts (one driver call for all: docker, one `docker rm`; netns, one batch) and, at the same
    // time, our veth ends and bridges in one `ip -batch`: deleting a veth end takes its peer with it
    // at once, whereas waiting for the kernel to free a dead namespace's veths takes seconds when
    // other labs churn namespaces on the machine (measured: 5 s and more under load).
    const [hostsOut, linksOut] = await Promise.allSettled([
      entries.length > 0 ? this.hostDriver.removeHosts(this.teardownCtx, entries.map((e) => e.record)) : Promise.resolve(),
      this.teardown.deleteLinks([...vethEnds, ...bridges.filter(Boolean)]),
    ]);
    if (hostsOut.status === 'rejected') failures.push({ step: 'hosts', error: hostsOut.reason });
    if (linksOut.status === 'rejected') failures.push({ step: 'links and bridges', error: linksOut.reason });
    try {
      // Only this fabric's driver reaps: a netns fabric never made containers, and dockerd is slow under load.
      await gc({ exec: this.exec, runId: this.runId, drivers: [this.driver] });
    } catch (error) {
      failures.push({ step: `reaping run ${this.runId}`, error });
    }
    if (failures.length > 0) throw cleanupFailed('fabric teardown', failures);
  }

  /** `await using fabric = await createFabric(…)`: destroyed at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.destroy();
  }
}

/** The drivers a user may choose (`--driver`, a lab file's `driver:`): the registered ones (drivers.ts). */
export { driverNames } from './drivers.ts';

/**
 * Refuses an unknown driver, or a driver/VLAN mode the machine cannot run, BEFORE building anything.
 * `capabilities` lets tests (and the CLI, which already probed) skip the probe.
 */
export async function createFabric(options: FabricOptions & { capabilities?: Capabilities }): Promise<Fabric> {
  assertRunId(options.runId);
  const driver = getDriver(options.driver);
  const exec = options.exec ?? realExec;
  const caps = options.capabilities ?? (await machineCapabilities(options.exec));
  const missing = driver.missing(caps);
  if (missing.length > 0)
    throw new HarnessError('CAPABILITY_MISSING', `driver ${driver.name} cannot run here: this machine lacks ${missing.join(', ')} (drivers: ${driverNames().join(', ')}; see vracklab doctor)`, {
      details: { driver: driver.name, missing, validChoices: driverNames() },
    });
  const modeName = chooseVlanMode(options.vlanMode, caps.kernel);
  const chain = await acceptChain(exec);
  log('fabric %s: driver %s, VLAN mode %s, accept rules in %s', options.runId, driver.name, modeName, chain ?? '(no iptables)');
  takeLease(options.runId);
  const signal = options.signal;
  const buildExec: Exec = signal === undefined ? exec : (file, args, o) => exec(file, args, { signal, ...o });
  return new LabFabric({ runId: options.runId, labName: options.labName, exec, buildExec, driver, mode: VLAN_MODES[modeName], chain });
}

/** Another process (`vracklab exec`) reattaches to a running lab's host from its state-file record. */
export function hostFromRecord(record: HostRecord, exec: Exec = realExec): LabHost {
  return getDriver(record.driver).hostFromRecord(record, exec);
}
