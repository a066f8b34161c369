/**
 * The EFS (storageNetApp) emulation: nfs-ganesha (VFS FSAL) inside a lab host, exporting one
 * directory per share with the share's ACLs. It only uses the `LabHost` interface (exec), so it
 * runs the same in a container and in a plain network namespace. Composed of: the configuration
 * (ganesha-config.ts, pure), rpcbind (rpcbind.ts), the daemon (ganesha-process.ts) and the generic
 * in-host supervision (../host-daemon.ts).
 *
 * Measured with nfs-ganesha 4.3 (Debian 12), no D-Bus:
 * - SIGHUP re-reads the EXPORT blocks and adds, updates and removes exports in place; the daemon,
 *   its sockets and the other shares' clients are untouched. No restart is needed.
 * - The exported directories must not be on overlayfs (a container's root): ganesha's VFS FSAL needs
 *   file handles the overlay does not give. Use a bind mount or a volume.
 */
import { posix } from 'node:path';
import { HarnessError, invalidInput } from '../../core/errors.ts';
import { shellQuote } from '../../core/exec.ts';
import { logger } from '../../core/logger.ts';
import type { StorageServiceView } from '../../api/data-plane.ts';
import type { LabHost } from '../../fabric/host.ts';
import { sh, writeFile } from '../host-daemon.ts';
import { ANONYMOUS_ID, assignExportIds, renderGaneshaConfig } from './ganesha-config.ts';
import { GaneshaProcess, type GaneshaPaths } from './ganesha-process.ts';
import { ensureRpcbind } from './rpcbind.ts';

export { ISOLATED_START_SCRIPT } from './rpcbind.ts';

const log = logger('efs');

export interface EfsOptions {
  /** Directory inside the host holding one sub-directory per share; NOT on overlayfs (bind mount or volume). */
  exportRoot: string;
  /** Files written before ganesha starts: share id → (path relative to the share → content). */
  seedFiles?: Record<string, Record<string, string>>;
  /** Config, pid file, log and NFSv4 recovery records; default `<exportRoot>/.efs` (not exported). */
  stateDir?: string;
  /** Bound on the start-up wait for ports 2049 (NFS) and 20048 (MOUNT). Default 20 s. */
  startTimeoutMs?: number;
  /** Bound on the wait for a reload to complete. Default 10 s. */
  syncTimeoutMs?: number;
  /** ACLs whose clients keep root (see GaneshaConfigOptions.noRootSquash); every other client is root-squashed. */
  noRootSquash?: readonly { share: string; accessTo: string }[];
}

/** AsyncDisposable: `await using server = await startEfs(…)` stops it at the end of the scope. */
export interface EfsServer extends AsyncDisposable {
  /** Re-renders the exports from `service` and reloads them in place (SIGHUP); other shares' clients are not cut. */
  sync(service: StorageServiceView): Promise<void>;
  /** Stops ganesha (and the rpcbind this server started). Idempotent. */
  stop(): Promise<void>;
  /** ganesha's log file inside the host. */
  readonly logPath: string;
  /** The rendered configuration file inside the host. */
  readonly configPath: string;
  /** Duration of the last `sync()` in ms (render + write + reload completed), for reports and benchmarks. */
  readonly lastSyncMs: number | undefined;
}

/** What rendering a configuration needs besides the view. */
interface RenderContext {
  exportRoot: string;
  recoveryRoot: string;
  noRootSquash: readonly { share: string; accessTo: string }[];
}

export async function startEfs(host: LabHost, service: StorageServiceView, opts: EfsOptions): Promise<EfsServer> {
  const exportRoot = opts.exportRoot.replace(/\/+$/, '');
  const stateDir = opts.stateDir ?? `${exportRoot}/.efs`;
  const paths: GaneshaPaths = { stateDir, configPath: `${stateDir}/ganesha.conf`, logPath: `${stateDir}/ganesha.log`, pidPath: `${stateDir}/ganesha.pid` };
  const render: RenderContext = { exportRoot, recoveryRoot: `${stateDir}/v4recov`, noRootSquash: opts.noRootSquash ?? [] };
  const exportIds = assignExportIds(service.shares);
  // Render first: a bad share or ACL is refused before anything is started.
  const config = renderGaneshaConfig(service, { ...render, exportIds });
  checkSeedFiles(service, opts.seedFiles ?? {});

  await prepareExportRoot(host, render, stateDir, service);
  await writeSeedFiles(host, exportRoot, opts.seedFiles ?? {});
  await writeFile(host, paths.configPath, config);
  await GaneshaProcess.resetState(host, paths);
  const ganesha = await GaneshaProcess.start(host, paths, await ensureRpcbind(host, stateDir), opts.startTimeoutMs ?? 20_000);
  log('EFS %s up in host %s (ganesha pid %d)', service.serviceName, host.name, ganesha.pid);
  return serverOf(ganesha, render, exportIds, opts.syncTimeoutMs ?? 10_000, config);
}

function checkSeedFiles(service: StorageServiceView, seedFiles: Record<string, Record<string, string>>): void {
  for (const shareId of Object.keys(seedFiles)) {
    if (!service.shares.some((s) => s.id === shareId)) {
      throw invalidInput('EFS seedFiles share', shareId, 'seed files must name a share of the service', service.shares.map((s) => s.id));
    }
  }
}

/** The export, state and recovery directories, on a file system ganesha can export, and one directory per share. */
async function prepareExportRoot(host: LabHost, render: RenderContext, stateDir: string, service: StorageServiceView): Promise<void> {
  const { exportRoot } = render;
  await sh(host, `mkdir -p ${shellQuote(exportRoot)} ${shellQuote(stateDir)} ${shellQuote(render.recoveryRoot)}`);
  const fsType = (await host.exec(['stat', '-f', '-c', '%T', exportRoot])).stdout.trim();
  if (fsType === 'overlayfs' || fsType === 'overlay') {
    throw new HarnessError('EFS_START_FAILED', `EFS start failed: export root ${exportRoot} is on overlayfs, which nfs-ganesha's VFS FSAL cannot export (host ${host.name}; mount a volume or bind mount there)`, {
      details: { host: host.name, exportRoot, fsType },
    });
  }
  await createShareDirs(host, exportRoot, service);
}

async function writeSeedFiles(host: LabHost, exportRoot: string, seedFiles: Record<string, Record<string, string>>): Promise<void> {
  for (const [shareId, files] of Object.entries(seedFiles)) {
    for (const [rel, content] of Object.entries(files)) {
      const path = posix.normalize(`${exportRoot}/${shareId}/${rel}`);
      if (!path.startsWith(`${exportRoot}/${shareId}/`)) throw invalidInput('EFS seed file path', rel, 'must stay inside its share (no "..")');
      await writeFile(host, path, content);
    }
  }
}

/** The server over a running ganesha: serialized reloads, each keeping the shares' export ids, and a memoised stop. */
function serverOf(ganesha: GaneshaProcess, render: RenderContext, initialIds: Map<string, number>, syncTimeoutMs: number, initialConfig: string): EfsServer {
  const { host } = ganesha;
  let exportIds = initialIds;
  let stopped: Promise<void> | undefined;
  let queue: Promise<void> = Promise.resolve();
  let lastSyncMs: number | undefined;
  /** The config ganesha runs: a sync that renders the same text (a reused lab's reset) reloads nothing. */
  let running = initialConfig;

  const reload = async (next: StorageServiceView): Promise<void> => {
    if (stopped) throw new HarnessError('EFS_STOPPED', `EFS sync failed: the server was stopped (host ${host.name})`);
    const t0 = performance.now();
    const ids = assignExportIds(next.shares, exportIds);
    // Rendered before anything is touched: a refused render leaves the running config as it was.
    const text = renderGaneshaConfig(next, { ...render, exportIds: ids });
    // The same config serves the same shares, whose directories exist: nothing to do.
    if (text === running) return;
    await createShareDirs(host, render.exportRoot, next);
    await ganesha.reload(text, syncTimeoutMs);
    running = text;
    exportIds = ids;
    lastSyncMs = Math.round(performance.now() - t0);
    log('EFS %s re-exported %d share(s) in %dms', next.serviceName, next.shares.length, lastSyncMs);
  };

  return {
    logPath: ganesha.paths.logPath,
    configPath: ganesha.paths.configPath,
    get lastSyncMs() {
      return lastSyncMs;
    },
    sync(next) {
      // Reloads are serialized: two overlapping SIGHUPs could make the log-count wait ambiguous.
      const run = queue.then(() => reload(next));
      queue = run.catch(() => {});
      return run;
    },
    stop() {
      stopped ??= (async () => {
        await queue;
        await ganesha.stop();
      })();
      return stopped;
    },
    [Symbol.asyncDispose](this: EfsServer) {
      return this.stop();
    },
  };
}

/**
 * One directory per share, owned by the anonymous user: root clients are squashed to it, and a
 * fresh NetApp volume lets them write (its default export policy maps root to an anonymous user who
 * may create files at the volume root). Seed files stay root's (readable, not writable by clients).
 */
async function createShareDirs(host: LabHost, exportRoot: string, service: StorageServiceView): Promise<void> {
  if (service.shares.length === 0) return;
  const dirs = service.shares.map((s) => `${exportRoot}/${s.id}`);
  await host.exec(['mkdir', '-p', ...dirs]);
  await host.exec(['chown', `${ANONYMOUS_ID}:${ANONYMOUS_ID}`, ...dirs]);
}
