/**
 * Builds a lab from its resolved model: fabric (segments, hosts, NICs, pods, routes, sysctls, NAT),
 * the API simulator bound to it, EFS servers, and the control-plane objects the lab file delivers
 * (vRacks, storage services with shares and ACLs, vRack Services, associations, initial subnets).
 * On any failure — or an abort (Ctrl-C) — everything built so far is torn down before the error
 * propagates: nothing is left half-built.
 */
import { mkdir } from 'node:fs/promises';
import { HarnessError, describeError, invalidInput } from '../core/errors.ts';
import { CleanupStack } from '../core/cleanup-stack.ts';
import { logger } from '../core/logger.ts';
import { newRunId } from '../core/run-id.ts';
import { createFabric, type Fabric } from '../fabric/fabric.ts';
import { createSimulator, type Simulator, type SimulatorOptions } from '../api/simulator.ts';
import type { DevCredentials } from '../api/credentials.ts';
import type { Timings } from '../api/timings.ts';
import { createClient } from '../client/client.ts';
import { loadLab } from '../topology/load.ts';
import type { ResolvedHost, ResolvedLab, ResolvedSegment, ResolvedStorageNetApp } from '../topology/model.ts';
import type { SegmentKey } from '../fabric/types.ts';
import { EFS_CAPABILITIES, EFS_SYSCTLS } from '../fabric/images/recipes/efs.ts';
import { FabricDataPlane } from './fabric-data-plane.ts';
import { assertLabNotRunning, removeLabRecord, writeLabRecord, type LabRecord } from './lab-registry.ts';
import { generateCredentials } from '../api/credentials.ts';
import { efsExportRoot, mountRunData, removeRunData, RUN_DATA_ROOT, runDataDir } from './run-data.ts';
import { processStartTime } from '../fabric/run-lease.ts';
import { assertHostName } from '../fabric/names.ts';
import { RunningLab } from './running-lab.ts';
import { hostSetupLines } from '../topology/host-routes.ts';
import { assertNodesRunnable, createNodes, plumbNodes, runNodeExec } from './lab-nodes.ts';

const log = logger('lab');

/** How {@link startLab} builds a lab: driver, VLAN mode, API port and host, timings, limits, progress output, abort signal. */
export interface StartLabOptions {
  /** A registered driver's name (sim/fabric/drivers.ts); default: the lab file's. */
  driver?: string | undefined;
  vlanMode?: 'auto' | 'segment' | 'dot1q';
  /** Port of the simulator (0 = any free port). */
  apiPort?: number;
  apiHost?: string;
  /** Overrides the lab file's API timings (tests use fast ones). */
  timings?: ResolvedLab['api']['timings'] | 'fast' | 'realistic' | Partial<Timings>;
  /** Overrides some of the lab file's API limits. */
  limits?: Partial<ResolvedLab['api']['limits']>;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
  /**
   * Record the lab so other processes (`vracklab status|exec|down|gc`) see it. `true`: under its
   * name (one per machine, the CLI); `'run'`: under `<name>.<runId>` (test runs, many at once).
   */
  register?: boolean | 'run';
  runId?: string;
  /** The API's credentials; default: generated for this lab (never the published DEV_CREDENTIALS). */
  credentials?: DevCredentials;
  /** More routes on the lab's API server (the web page, sim/web) and their public asset prefixes. */
  api?: Pick<SimulatorOptions, 'extend' | 'isPublicPath'>;
}

/** The lab API is a control channel into a root process: it listens on loopback only. */
const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'];

/** The simulator's timings from a preset name, the lab file's resolved timings, or overrides. */
function simulatorTimings(t: ResolvedLab['api']['timings'] | 'fast' | 'realistic' | Partial<Timings>): 'fast' | 'realistic' | Partial<Timings> {
  if (typeof t === 'string' || !('preset' in t)) return t;
  const { preset: _preset, ...fields } = t;
  return fields;
}

export { RUN_DATA_ROOT };

/**
 * The export directory of an EFS host, on the run's own tmpfs (run-data.ts), bind-mounted at the
 * same path inside it. The service name is checked before it becomes a path.
 */
export async function efsVolume(runId: string, service: string): Promise<{ source: string; target: string }> {
  assertHostName('EFS name', service);
  await mountRunData(runId);
  const dir = efsExportRoot(runId, service);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return { source: dir, target: dir };
}

function segmentKeyOf(seg: ResolvedSegment): SegmentKey {
  return seg.kind === 'public' ? { kind: 'public' } : { kind: 'vrack', vrackId: seg.vrackId, vlan: seg.vlan };
}

/** Everything a running lab is made of, passed whole instead of as a long parameter list. */
interface LabParts {
  model: ResolvedLab;
  runId: string;
  apiUrl: string;
  fabric: Fabric;
  simulator: Simulator;
  client: ReturnType<typeof createClient>;
  dataPlane: FabricDataPlane;
  cleanup: CleanupStack;
  progress: (m: string) => void;
}

/** Builds a lab from a lab file (or a resolved model): hosts, networks, EFS, the API simulator; resolves when it is up. Stop it with `lab.stop()`. */
export async function startLab(input: { file: string } | { lab: ResolvedLab }, options: StartLabOptions = {}): Promise<RunningLab> {
  const model = 'lab' in input ? input.lab : await loadLab(input.file);
  const runId = options.runId ?? newRunId();
  const progress = (m: string) => {
    log('%s: %s', model.name, m);
    options.onProgress?.(m);
  };
  const checkAbort = () => {
    if (options.signal?.aborted) throw options.signal.reason ?? new HarnessError('INTERRUPTED', 'lab build interrupted');
  };
  const cleanup = new CleanupStack();
  const driver = options.driver ?? model.defaults.driver;
  // A driver that cannot run the lab's own nodes is refused before the record, the fabric, anything.
  assertNodesRunnable(model, driver);
  const recordKey = options.register === 'run' ? `${model.name}.${runId}` : model.name;
  const apiHost = options.apiHost ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.includes(apiHost)) throw invalidInput('lab API listen address', apiHost, 'the lab API drives a root process: it listens on loopback only', LOOPBACK_HOSTS);
  if (options.register === true) {
    await assertLabNotRunning(model.name);
  }
  const credentials = options.credentials ?? generateCredentials();

  try {
    // The record goes first, so a concurrent `vracklab gc` sees a live lab and keeps its objects.
    const record: LabRecord = {
      name: model.name,
      key: recordKey,
      runId,
      pid: process.pid,
      ...(processStartTime(process.pid) !== undefined ? { pidStartTime: processStartTime(process.pid) as string } : {}),
      file: model.source,
      driver,
      vlanMode: 'pending',
      apiUrl: '',
      credentials,
      hosts: [],
      summary: [],
      ids: {},
      startedAt: new Date().toISOString(),
      state: 'starting',
    };
    if (options.register) {
      await writeLabRecord(record);
      // Last to go, and only after a clean teardown: its removal tells `vracklab down` that nothing of
      // the run is left; after a failed step it stays, and down (or gc) reaps the run by its id.
      cleanup.push('lab record', () => (cleanup.failed ? undefined : removeLabRecord(recordKey)));
    }

    // One data tmpfs per run (EFS exports, and EFS added later), mounted on first use: unmounted and
    // removed once, with the run, after its hosts (no EFS holds it busy then), and by gc after a
    // crash (the mount's source names the run).
    cleanup.push(`run data ${runDataDir(runId)}`, () => removeRunData(runId));
    progress(`creating fabric (driver ${driver}, run ${runId}); starting the vRack Services API simulator`);
    // The simulator starts while the fabric probes the machine (which drivers and VLAN modes it can
    // run); it is bound to the fabric's data plane once the fabric exists.
    const simulatorReady = startSimulator(model, options, credentials, apiHost);
    simulatorReady.catch(() => {}); // awaited below, or closed when the fabric fails
    let fabric: Fabric;
    try {
      // The abort reaches the build's commands (a slow docker run dies at Ctrl-C); teardown ignores it.
      fabric = await createFabric({ runId, labName: model.name, driver, vlanMode: options.vlanMode ?? model.defaults.vlanMode, ...(options.signal ? { signal: options.signal } : {}) });
    } catch (err) {
      await simulatorReady.then((started) => started.simulator.close(), () => {});
      throw err;
    }
    cleanup.push('fabric', () => fabric.destroy());
    const { simulator, apiUrl } = await simulatorReady;
    // After the fabric's: the simulator stops (no task touches the fabric any more) before the fabric goes.
    cleanup.push('simulator', () => simulator.close());
    const dataPlane = new FabricDataPlane(fabric);
    simulator.setDataPlane(dataPlane);
    await simulator.dataPlaneReady();
    const client = createClient({ endpoint: apiUrl, clientId: credentials.oauth2ClientId, clientSecret: credentials.oauth2ClientSecret });
    const parts: LabParts = { model, runId, apiUrl, fabric, simulator, client, dataPlane, cleanup, progress };
    record.vlanMode = fabric.vlanMode;
    checkAbort();

    // Each EFS (nfs-ganesha: the slowest part of a lab) starts as soon as its own host exists,
    // while the other hosts are still being created and plumbed.
    const efsStarts: Promise<StorageIds>[] = [];
    let building = true;
    const onHostUp = (host: string) => {
      if (!building) return; // a host that came up after the build failed: nothing more starts
      for (const st of model.storageNetApp.filter((x) => x.host === host)) {
        const started = deliverStorage(parts, st);
        started.catch(() => {}); // handled below, once everything has settled
        efsStarts.push(started);
      }
    };
    // Every started piece settles before an error propagates: the cleanup then sees all it made.
    const built = await Promise.allSettled([buildDataPlane(model, fabric, runId, progress, onHostUp)]);
    building = false;
    const storages = await Promise.allSettled(efsStarts);
    for (const r of [...built, ...storages]) if (r.status === 'rejected') throw r.reason;
    checkAbort();

    progress('delivering vRacks and vRack Services');
    const { ids, urns } = await deliverControlPlane(parts, storages.map((r) => (r as PromiseFulfilledResult<StorageIds>).value));
    checkAbort();

    const lab = new RunningLab({ ...parts, ids, urns, deliverExtraStorage: (storage) => deliverExtraStorage(parts, storage) });
    const shares = model.storageNetApp.flatMap((st) =>
      (dataPlane.storageViews.get(ids[st.name]!)?.shares ?? []).map((sh) => ({ storage: st.name, urn: urns[st.name]!, share: sh.name, exportPath: sh.exportPath })),
    );
    Object.assign(record, { apiUrl, hosts: fabric.records(), summary: lab.summary(), ids, shares, state: 'up' as const });
    if (options.register) await writeLabRecord(record);
    progress(`lab ${model.name} is up`);
    return lab;
  } catch (err) {
    progress(`build failed (${describeError(err)}); tearing down what was built`);
    await cleanup.unwind().catch((teardownErr: unknown) => log('teardown after failure: %s', describeError(teardownErr)));
    // An abort kills the command in flight (EXEC_FAILED "canceled"): report the abort, as between phases.
    throw options.signal?.aborted ? (options.signal.reason ?? err) : err;
  }
}

/** `onHostUp`: called as each host exists (before the NICs are plumbed), so its services can start. */
async function buildDataPlane(model: ResolvedLab, fabric: Fabric, runId: string, progress: (m: string) => void, onHostUp: (host: string) => void = () => {}): Promise<void> {
  progress(`creating ${model.segments.length} segment(s)`);
  // Bridges are independent: created concurrently (each is one `ip -batch` and its firewall rule).
  await Promise.all(model.segments.map((seg) => fabric.ensureSegment(segmentKeyOf(seg))));
  const realHosts = model.hosts.filter((h) => !h.pod?.hostNetwork);
  progress(`creating ${realHosts.length} host(s)${model.nodes.length > 0 ? ` and ${model.nodes.length} node(s)` : ''}`);
  // Hosts are independent: created together (one containerlab deploy, or containers started in parallel).
  const specs = await Promise.all(
    realHosts.map(async (h) => {
      const storage = model.storageNetApp.find((s) => s.host === h.name);
      const volumes = storage ? [await efsVolume(runId, storage.name)] : [];
      return { name: h.name, image: h.image, capAdd: h.capAdd, volumes, sysctls: h.sysctls };
    }),
  );
  // allSettled: a node refused at once (a missing image) must not leave hosts still starting when the rollback runs.
  // Once the hosts exist their services start (onHostUp: each EFS), while the NICs are plumbed.
  const hostsUp = fabric.addHosts(specs).then(() => realHosts.forEach((h) => onHostUp(h.name)));
  const started = await Promise.allSettled([hostsUp, createNodes(model, fabric)]);
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  progress('plumbing NICs');
  for (const h of realHosts) {
    for (const nic of h.nics) {
      const seg = model.segments.find((s) => s.key === nic.segment);
      if (!seg) throw new HarnessError('BAD_MODEL', `host ${h.name} NIC ${nic.ifname} names unknown segment ${nic.segment}`);
      await fabric.attachNic(h.name, segmentKeyOf(seg), { ifname: nic.ifname, addresses: [nic.address] });
    }
  }
  await plumbNodes(model, fabric, (key) => segmentKeyOf(model.segments.find((s) => s.key === key)!));
  for (const h of realHosts) {
    if (!h.pod || h.pod.hostNetwork || !h.pod.address || !h.pod.nodeIfname) continue;
    await fabric.linkHosts({ host: h.name, ifname: 'eth0', addresses: [h.pod.address] }, { host: h.pod.node, ifname: h.pod.nodeIfname, bridge: 'cni0' });
  }
  progress('routes, sysctls and NAT');
  const nodesWithPods = new Set(realHosts.filter((h) => h.pod && !h.pod.hostNetwork).map((h) => h.pod!.node));
  await Promise.all(realHosts.map((h) => configureHost(fabric, h, nodesWithPods.has(h.name))));
  if (model.nodes.length > 0) progress(`running the exec commands of ${model.nodes.length} node(s)`);
  await runNodeExec(model, fabric);
}

async function configureHost(fabric: Fabric, h: ResolvedHost, hasPods: boolean): Promise<void> {
  const lines = hostSetupLines(h, { hasPods });
  if (lines.length > 0) await fabric.ipBatch(h.name, lines);
  const host = fabric.host(h.name);
  if (h.firewall.trim()) await host.exec(['nft', '-f', '-'], { input: h.firewall });
}

type StorageIds = { name: string; serviceName: string; urn: string };

/** The lab's simulator, listening on loopback (its data plane is bound once the fabric exists). */
async function startSimulator(model: ResolvedLab, options: StartLabOptions, credentials: DevCredentials, apiHost: string): Promise<{ simulator: Simulator; apiUrl: string }> {
  const simulator = await createSimulator({
    profile: model.api.profile,
    timings: simulatorTimings(options.timings ?? model.api.timings),
    limits: { ...model.api.limits, ...options.limits },
    credentials,
    ...options.api,
  });
  try {
    return { simulator, apiUrl: await simulator.listen({ host: apiHost, port: options.apiPort ?? 0 }) };
  } catch (err) {
    await simulator.close();
    throw err;
  }
}

/**
 * What the lab file says the user already owns, delivered as it is when the user arrives: vRacks,
 * then each vRack Services READY with its subnets and association (seedVrackServices: no delivery,
 * task or association delay; the user's own API calls keep the lab's timings). The EFS are
 * already delivered (`storages`).
 */
async function deliverControlPlane(parts: LabParts, storages: readonly StorageIds[]): Promise<{ ids: Record<string, string>; urns: Record<string, string> }> {
  const { model, simulator } = parts;
  const ids: Record<string, string> = {};
  const urns: Record<string, string> = {};
  for (const vrack of model.vracks) {
    const { serviceName } = await simulator.admin.createVrack({ serviceName: vrack });
    ids[vrack] = serviceName;
  }
  for (const st of storages) {
    ids[st.name] = st.serviceName;
    urns[st.name] = st.urn;
  }
  for (const vrs of model.vrackServices) {
    const subnets = vrs.subnets.map((s) => ({
      cidr: s.cidr,
      displayName: s.displayName,
      vlan: s.vlan,
      serviceRange: { cidr: s.serviceRange },
      serviceEndpoints: s.serviceEndpoints.map((name) => ({ managedServiceURN: urns[name]! })),
    }));
    const vrackId = vrs.vrackId ? (ids[vrs.vrackId] ?? vrs.vrackId) : undefined;
    const { id } = await simulator.admin.seedVrackServices({
      region: vrs.region,
      ...(vrs.displayName ? { displayName: vrs.displayName } : {}),
      subnets,
      ...(vrackId ? { vrackId } : {}),
    });
    ids[vrs.name] = id;
  }
  return { ids, urns };
}

/** One EFS: the storage service in the API, its shares and ACLs, then nfs-ganesha in its host seeded with the share files. */
async function deliverStorage(parts: LabParts, storage: ResolvedStorageNetApp): Promise<StorageIds> {
  const { simulator, dataPlane, fabric, runId, progress } = parts;
  // One call: the storage service with its shares and their ACLs (the simulator's deliverStorage).
  const shares = storage.shares.map((sh) => ({ name: sh.name, protocol: 'NFS' as const, size: sh.sizeGiB, acls: sh.acls.map((a) => ({ accessTo: a.accessTo, accessLevel: a.accessLevel })) }));
  const { serviceName, urn, shares: delivered } = await simulator.admin.deliverStorage({ region: storage.region, name: storage.name, shares });
  dataPlane.registerService(urn, { host: storage.host, serviceName });
  const seedFiles = Object.fromEntries(delivered.map((sh, i) => [sh.id, storage.shares[i]!.files]));
  const view = dataPlane.storageViews.get(serviceName);
  if (!view) throw new HarnessError('NO_STORAGE_VIEW', `the simulator did not report the shares of ${storage.name} (${serviceName}) to the data plane`);
  progress(`starting EFS ${storage.name} in host ${storage.host} (${fabric.driver})`);
  // Root squash is the default; an ACL of the lab file may keep root (rootSquash: false).
  const noRootSquash = storage.shares.flatMap((sh) => sh.acls.filter((a) => a.rootSquash === false).map((a) => ({ share: sh.name, accessTo: a.accessTo })));
  // The data plane starts the EFS from its own view of the storage and keeps it in step.
  // No stop of its own on the lab's cleanup: the EFS goes with its host (docker rm kills the
  // container; a namespace's processes are killed before it is deleted), so a graceful ganesha
  // stop (~0.3 s) would only delay the teardown. Its files go with the run's data, after the hosts.
  await dataPlane.serveStorage(serviceName, { exportRoot: efsExportRoot(runId, storage.name), seedFiles, noRootSquash });
  return { name: storage.name, serviceName, urn };
}

/** One more EFS at runtime (RunningLab.addStorage): its host, then the same delivery as at start. */
async function deliverExtraStorage(parts: LabParts, storage: ResolvedStorageNetApp): Promise<{ serviceName: string; urn: string }> {
  await parts.fabric.addHost({ name: storage.host, image: 'efs', capAdd: [...EFS_CAPABILITIES], sysctls: { ...EFS_SYSCTLS }, volumes: [await efsVolume(parts.runId, storage.name)] });
  return deliverStorage({ ...parts, progress: () => {} }, storage);
}
