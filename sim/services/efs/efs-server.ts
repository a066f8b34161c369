/**
 * The EFS (storageNetApp) emulation: nfs-ganesha (VFS FSAL) inside a lab host, exporting one
 * directory per share with the share's ACLs. It only uses the `LabHost` interface (exec), so it
 * runs the same in a container and in a plain network namespace.
 *
 * Measured with nfs-ganesha 4.3 (Debian 12), no D-Bus:
 * - SIGHUP re-reads the EXPORT blocks and adds, updates and removes exports in place; the daemon,
 *   its sockets and the other shares' clients are untouched. Ganesha logs "Reread exports complete"
 *   when done, which is the condition `sync()` waits for. No restart is needed.
 * - NFSv3 needs rpcbind running in the same host before ganesha starts; without it ganesha exits
 *   ("Cannot register NFS V3 on UDP"). rpcbind keeps a lock file and socket in /run, so where hosts
 *   share one filesystem (netns driver) a second EFS runs rpcbind and ganesha in a private mount
 *   namespace with its own /run (`unshare -m` + tmpfs).
 * - The exported directories must not be on overlayfs (a container's root): ganesha's VFS FSAL needs
 *   file handles the overlay does not give. Use a bind mount or a volume.
 */
import { posix } from 'node:path';
import { HarnessError, invalidInput } from '../../core/errors.ts';
import { shellQuote } from '../../core/exec.ts';
import { logger } from '../../core/logger.ts';
import { waitFor } from '../../core/wait.ts';
import type { StorageServiceView } from '../../api/data-plane.ts';
import type { LabHost } from '../../fabric/host.ts';
import { ANONYMOUS_ID, assignExportIds, DEFAULT_MOUNT_PORT, NFS_PORT, renderGaneshaConfig } from './ganesha-config.ts';

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

const RELOAD_DONE = 'Reread exports complete';

async function sh(host: LabHost, script: string, options: { input?: string; allowFailure?: boolean; timeoutMs?: number } = {}) {
  return host.exec(['sh', '-c', script], { timeoutMs: 15_000, ...options });
}

async function writeFile(host: LabHost, path: string, content: string): Promise<void> {
  // Written to a temporary name then renamed, so ganesha never reads a half-written config.
  const tmp = `${path}.tmp`;
  await sh(host, `mkdir -p ${shellQuote(posix.dirname(path))} && cat > ${shellQuote(tmp)} && mv -f ${shellQuote(tmp)} ${shellQuote(path)}`, { input: content });
}

async function listening(host: LabHost, port: number): Promise<boolean> {
  const r = await host.exec(['ss', '-Hltn', `sport = :${port}`], { allowFailure: true, timeoutMs: 5_000 });
  return r.exitCode === 0 && r.stdout.trim() !== '';
}

/**
 * Whether a process runs, zombies counted as gone: ganesha and rpcbind daemonize, so their parent
 * becomes the host's PID 1, which (`sleep infinity` in a plain container) may never reap them.
 */
async function alive(host: LabHost, pid: number): Promise<boolean> {
  const r = await host.exec(['sh', '-c', `s=$(sed 's/.*) //' /proc/${pid}/stat 2>/dev/null | cut -c1) && [ -n "$s" ] && [ "$s" != Z ]`], {
    allowFailure: true,
    timeoutMs: 5_000,
  });
  return r.exitCode === 0;
}

async function tail(host: LabHost, path: string, lines = 15): Promise<string> {
  const r = await host.exec(['tail', '-n', String(lines), path], { allowFailure: true, timeoutMs: 5_000 });
  return r.stdout.trim() || r.stderr.trim() || '(empty)';
}

/**
 * Configuration errors ganesha logged from line `fromLine` on. Ganesha does not refuse a config with
 * a bad EXPORT: it logs CONFIG CRIT lines, drops that export and serves the rest, so we look.
 */
async function configErrors(host: LabHost, logPath: string, fromLine: number): Promise<string[]> {
  const r = await host.exec(['sh', '-c', `tail -n +${fromLine} "$1" | grep -E ':CONFIG :(CRIT|MAJ|FATAL) ' | grep -v 'Missing RADOS'`, 'errs', logPath], {
    allowFailure: true,
    timeoutMs: 5_000,
  });
  return r.stdout
    .split('\n')
    .map((l) => l.replace(/^.*:CONFIG :(CRIT|MAJ|FATAL) :/, '').trim())
    .filter((l) => l !== '');
}

async function lineCount(host: LabHost, path: string): Promise<number> {
  const r = await host.exec(['sh', '-c', 'wc -l < "$1"', 'wc', path], { allowFailure: true, timeoutMs: 5_000 });
  return Number(r.stdout.trim() || '0');
}

async function terminate(host: LabHost, pid: number, what: string): Promise<void> {
  if (!(await alive(host, pid))) return;
  await host.exec(['kill', '-TERM', String(pid)], { allowFailure: true });
  try {
    await waitFor(async () => !(await alive(host, pid)), { what: `${what} (pid ${pid}) to exit after SIGTERM`, timeoutMs: 10_000, intervalMs: 50 });
  } catch {
    log('%s did not stop on SIGTERM; SIGKILL', what);
    await host.exec(['kill', '-KILL', String(pid)], { allowFailure: true });
  }
}

type RpcbindOutcome = { kind: 'running'; pid?: number } | { kind: 'conflict'; why: string };

/**
 * Starts rpcbind in the host unless one already listens there (`pid` is set when this call started
 * it). `conflict`: rpcbind refused to start because another one, in another network namespace,
 * holds /run/rpcbind.lock — hosts sharing the machine's filesystem (the netns driver).
 */
async function ensureRpcbind(host: LabHost, stateDir: string): Promise<RpcbindOutcome> {
  if (await listening(host, 111)) return { kind: 'running' };
  const errLog = `${stateDir}/rpcbind.log`;
  const r = await sh(host, `rpcbind -f </dev/null >/dev/null 2>${shellQuote(errLog)} & echo $!`);
  const pid = Number(r.stdout.trim());
  const state = await waitRpcbind(host, pid);
  if (state === 'up') return { kind: 'running', pid };
  const why = await tail(host, errLog, 5);
  if (/already running/.test(why)) return { kind: 'conflict', why };
  throw new HarnessError('EFS_START_FAILED', `EFS start failed: rpcbind (needed for NFSv3) exited in host ${host.name} (${why})`, { details: { host: host.name, log: why } });
}

async function waitRpcbind(host: LabHost, pid: number): Promise<'up' | 'dead'> {
  return waitFor(
    async () => {
      if (await listening(host, 111)) return 'up' as const;
      return (await alive(host, pid)) ? false : ('dead' as const);
    },
    { what: `rpcbind to listen on port 111 in host ${host.name}`, timeoutMs: 10_000, intervalMs: 50 },
  );
}

/**
 * rpcbind and ganesha in a private mount namespace with their own /run, for a host whose /run is
 * shared with other hosts: rpcbind's lock and socket are files in /run, and ganesha registers its
 * programs through that socket, so both must see the same private /run. Prints rpcbind's pid.
 * Arguments: $1 rpcbind's stderr log, $2 config, $3 ganesha log, $4 ganesha pid file.
 */
export const ISOLATED_START_SCRIPT = [
  `mount -t tmpfs -o mode=0755 vracklab-efs-run /run || exit 97`,
  `mkdir -p /run/rpcbind /run/ganesha && { chown _rpc /run/rpcbind 2>/dev/null || true; }`,
  `rpcbind -f </dev/null >/dev/null 2>"$1" &`,
  `echo $!`,
  `i=0; while [ ! -S /run/rpcbind.sock ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done`,
  `exec ganesha.nfsd -f "$2" -L "$3" -p "$4" -N NIV_EVENT`,
].join('\n');

export async function startEfs(host: LabHost, service: StorageServiceView, opts: EfsOptions): Promise<EfsServer> {
  const exportRoot = opts.exportRoot.replace(/\/+$/, '');
  const stateDir = opts.stateDir ?? `${exportRoot}/.efs`;
  const configPath = `${stateDir}/ganesha.conf`;
  const logPath = `${stateDir}/ganesha.log`;
  const pidPath = `${stateDir}/ganesha.pid`;
  const recoveryRoot = `${stateDir}/v4recov`;
  let exportIds = assignExportIds(service.shares);
  // Render first: a bad share or ACL is refused before anything is started.
  const noRootSquash = opts.noRootSquash ?? [];
  const config = renderGaneshaConfig(service, { exportRoot, exportIds, recoveryRoot, noRootSquash });
  for (const shareId of Object.keys(opts.seedFiles ?? {})) {
    if (!service.shares.some((s) => s.id === shareId)) {
      throw invalidInput('EFS seedFiles share', shareId, 'seed files must name a share of the service', service.shares.map((s) => s.id));
    }
  }

  await sh(host, `mkdir -p ${shellQuote(exportRoot)} ${shellQuote(stateDir)} ${shellQuote(recoveryRoot)}`);
  const fsType = (await host.exec(['stat', '-f', '-c', '%T', exportRoot])).stdout.trim();
  if (fsType === 'overlayfs' || fsType === 'overlay') {
    throw new HarnessError('EFS_START_FAILED', `EFS start failed: export root ${exportRoot} is on overlayfs, which nfs-ganesha's VFS FSAL cannot export (host ${host.name}; mount a volume or bind mount there)`, {
      details: { host: host.name, exportRoot, fsType },
    });
  }
  await createShareDirs(host, exportRoot, service);
  for (const [shareId, files] of Object.entries(opts.seedFiles ?? {})) {
    for (const [rel, content] of Object.entries(files)) {
      const path = posix.normalize(`${exportRoot}/${shareId}/${rel}`);
      if (!path.startsWith(`${exportRoot}/${shareId}/`)) throw invalidInput('EFS seed file path', rel, 'must stay inside its share (no "..")');
      await writeFile(host, path, content);
    }
  }
  await writeFile(host, configPath, config);
  await sh(host, `: > ${shellQuote(logPath)}; rm -f ${shellQuote(pidPath)}`);

  const rpcbind = await ensureRpcbind(host, stateDir);
  let rpcbindPid = rpcbind.kind === 'running' ? rpcbind.pid : undefined;
  let ganeshaPid: number;
  try {
    let launch = async () => void (await host.exec(['ganesha.nfsd', '-f', configPath, '-L', logPath, '-p', pidPath, '-N', 'NIV_EVENT']));
    if (rpcbind.kind === 'conflict') {
      log('EFS %s: /run is shared with another rpcbind (%s); starting rpcbind and ganesha with a private /run', service.serviceName, rpcbind.why);
      launch = async () => {
        const r = await host.exec(['unshare', '-m', '--propagation', 'private', 'sh', '-c', ISOLATED_START_SCRIPT, 'efs', `${stateDir}/rpcbind.log`, configPath, logPath, pidPath], { timeoutMs: 30_000 });
        rpcbindPid = Number(r.stdout.trim().split('\n')[0]);
        if ((await waitRpcbind(host, rpcbindPid)) === 'dead') {
          throw new HarnessError('EFS_START_FAILED', `EFS start failed: rpcbind with a private /run exited in host ${host.name} (${await tail(host, `${stateDir}/rpcbind.log`, 5)})`);
        }
      };
    }
    ganeshaPid = await launchGanesha(host, { launch, configPath, logPath, pidPath, startTimeoutMs: opts.startTimeoutMs ?? 20_000 });
  } catch (err) {
    // A failed start leaves nothing running: the caller has no server to stop.
    if (rpcbindPid !== undefined) await terminate(host, rpcbindPid, 'rpcbind');
    throw err;
  }
  log('EFS %s up in host %s (ganesha pid %d)', service.serviceName, host.name, ganeshaPid);

  let stopped: Promise<void> | undefined;
  let queue: Promise<void> = Promise.resolve();
  let lastSyncMs: number | undefined;

  const reload = async (next: StorageServiceView): Promise<void> => {
    if (stopped) throw new HarnessError('EFS_STOPPED', `EFS sync failed: the server was stopped (host ${host.name})`);
    const t0 = performance.now();
    const ids = assignExportIds(next.shares, exportIds);
    // Rendered before anything is touched: a refused render leaves the running config as it was.
    const text = renderGaneshaConfig(next, { exportRoot, exportIds: ids, recoveryRoot, noRootSquash });
    await createShareDirs(host, exportRoot, next);
    const count = async () => Number((await host.exec(['grep', '-c', RELOAD_DONE, logPath], { allowFailure: true })).stdout.trim() || '0');
    const before = await count();
    const logLines = await lineCount(host, logPath);
    await writeFile(host, configPath, text);
    await host.exec(['kill', '-HUP', String(ganeshaPid)]);
    const syncTimeoutMs = opts.syncTimeoutMs ?? 10_000;
    await waitFor(async () => (await count()) > before, { what: `nfs-ganesha to reload its exports in host ${host.name}`, timeoutMs: syncTimeoutMs, intervalMs: 20 }).catch(
      async (err: unknown) => {
        throw new HarnessError('EFS_SYNC_FAILED', `EFS sync failed: nfs-ganesha did not confirm the export reload within ${syncTimeoutMs} ms (host ${host.name}; log: ${await tail(host, logPath)})`, {
          cause: err,
        });
      },
    );
    const errors = await configErrors(host, logPath, logLines + 1);
    if (errors.length > 0) {
      throw new HarnessError('EFS_SYNC_FAILED', `EFS sync failed: nfs-ganesha rejected the new exports (host ${host.name}; ${configPath}: ${errors.join('; ')})`, {
        details: { host: host.name, configPath, errors },
      });
    }
    exportIds = ids;
    lastSyncMs = Math.round(performance.now() - t0);
    log('EFS %s re-exported %d share(s) in %dms', next.serviceName, next.shares.length, lastSyncMs);
  };

  return {
    logPath,
    configPath,
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
        await terminate(host, ganeshaPid, 'nfs-ganesha');
        if (rpcbindPid !== undefined) await terminate(host, rpcbindPid, 'rpcbind');
      })();
      return stopped;
    },
    [Symbol.asyncDispose](this: EfsServer) {
      return this.stop();
    },
  };
}

/** Starts ganesha with `launch` (it daemonizes and writes its pid file) and waits until it serves; returns its pid. */
async function launchGanesha(host: LabHost, p: { launch: () => Promise<void>; configPath: string; logPath: string; pidPath: string; startTimeoutMs: number }): Promise<number> {
  await p.launch();
  const readPid = async (): Promise<number | undefined> => {
    const r = await host.exec(['cat', p.pidPath], { allowFailure: true, timeoutMs: 5_000 });
    const pid = Number(r.stdout.trim());
    return r.exitCode === 0 && Number.isInteger(pid) && pid > 0 ? pid : undefined;
  };
  let lastPid: number | undefined;
  const outcome = await waitFor(
    async () => {
      const pid = (lastPid = await readPid());
      if (pid !== undefined && !(await alive(host, pid))) return { pid, ok: false };
      if (pid !== undefined && (await listening(host, NFS_PORT)) && (await listening(host, DEFAULT_MOUNT_PORT))) return { pid, ok: true };
      return false;
    },
    { what: `nfs-ganesha to listen on ports ${NFS_PORT} and ${DEFAULT_MOUNT_PORT} in host ${host.name}`, timeoutMs: p.startTimeoutMs, intervalMs: 50 },
  ).catch(async (err: unknown) => {
    if (lastPid !== undefined) await terminate(host, lastPid, 'nfs-ganesha');
    throw new HarnessError('EFS_START_FAILED', `EFS start failed: nfs-ganesha did not listen within ${p.startTimeoutMs} ms (host ${host.name}; log ${p.logPath}: ${await tail(host, p.logPath)})`, {
      cause: err,
    });
  });
  if (!outcome.ok) {
    throw new HarnessError('EFS_START_FAILED', `EFS start failed: nfs-ganesha exited during start-up (host ${host.name}; log ${p.logPath}: ${await tail(host, p.logPath)})`, {
      details: { host: host.name, logPath: p.logPath },
    });
  }
  const errors = await configErrors(host, p.logPath, 1);
  if (errors.length > 0) {
    await terminate(host, outcome.pid, 'nfs-ganesha');
    throw new HarnessError('EFS_START_FAILED', `EFS start failed: nfs-ganesha rejected its configuration (host ${host.name}; ${p.configPath}: ${errors.join('; ')})`, {
      details: { host: host.name, configPath: p.configPath, errors },
    });
  }
  return outcome.pid;
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
