/**
 * One nfs-ganesha daemon in a lab host: started (with rpcbind's outcome deciding how), reloaded in
 * place with a new configuration, stopped. Measured with nfs-ganesha 4.3 (Debian 12), no D-Bus:
 * SIGHUP re-reads the EXPORT blocks and adds, updates and removes exports in place, and ganesha
 * logs "Reread exports complete" when done, which is what reload() waits for. Ganesha does not
 * refuse a config with a bad EXPORT: it logs CONFIG CRIT lines, drops that export and serves the
 * rest, so start() and reload() look for those lines.
 */
import { HarnessError } from '../../core/errors.ts';
import { shellQuote } from '../../core/exec.ts';
import { logger } from '../../core/logger.ts';
import { waitFor } from '../../core/wait.ts';
import type { LabHost } from '../../fabric/host.ts';
import { alive, lineCount, listening, sh, tail, terminate, writeFile } from '../host-daemon.ts';
import { DEFAULT_MOUNT_PORT, NFS_PORT } from './ganesha-config.ts';
import { ISOLATED_START_SCRIPT, waitRpcbind, type RpcbindOutcome } from './rpcbind.ts';

const log = logger('efs');
const RELOAD_DONE = 'Reread exports complete';

export interface GaneshaPaths {
  stateDir: string;
  configPath: string;
  logPath: string;
  pidPath: string;
}

/**
 * Configuration errors ganesha logged from line `fromLine` on (CONFIG CRIT/MAJ/FATAL lines, without
 * the RADOS noise of a build that has no RADOS).
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

export class GaneshaProcess {
  readonly host: LabHost;
  readonly paths: GaneshaPaths;
  readonly pid: number;
  /** The rpcbind this process started with, when it started one (stopped with it). */
  private readonly rpcbindPid: number | undefined;

  private constructor(host: LabHost, paths: GaneshaPaths, pid: number, rpcbindPid: number | undefined) {
    this.host = host;
    this.paths = paths;
    this.pid = pid;
    this.rpcbindPid = rpcbindPid;
  }

  /** Empties the log and removes a stale pid file: start() reads both. Before rpcbind starts. */
  static async resetState(host: LabHost, paths: GaneshaPaths): Promise<void> {
    await sh(host, `: > ${shellQuote(paths.logPath)}; rm -f ${shellQuote(paths.pidPath)}`);
  }

  /**
   * Starts ganesha on the configuration already written at `paths.configPath`, after rpcbind: in
   * the host itself, or with a private /run when rpcbind's /run is taken (`conflict`). A failed
   * start leaves nothing running, the rpcbind started for it included.
   */
  static async start(host: LabHost, paths: GaneshaPaths, rpcbind: RpcbindOutcome, startTimeoutMs: number): Promise<GaneshaProcess> {
    let rpcbindPid = rpcbind.kind === 'running' ? rpcbind.pid : undefined;
    try {
      let launch = async () => void (await host.exec(['ganesha.nfsd', '-f', paths.configPath, '-L', paths.logPath, '-p', paths.pidPath, '-N', 'NIV_EVENT']));
      if (rpcbind.kind === 'conflict') {
        log('host %s: /run is shared with another rpcbind (%s); starting rpcbind and ganesha with a private /run', host.name, rpcbind.why);
        launch = async () => {
          const r = await host.exec(['unshare', '-m', '--propagation', 'private', 'sh', '-c', ISOLATED_START_SCRIPT, 'efs', `${paths.stateDir}/rpcbind.log`, paths.configPath, paths.logPath, paths.pidPath], { timeoutMs: 30_000 });
          rpcbindPid = Number(r.stdout.trim().split('\n')[0]);
          if ((await waitRpcbind(host, rpcbindPid)) === 'dead') {
            throw new HarnessError('EFS_START_FAILED', `EFS start failed: rpcbind with a private /run exited in host ${host.name} (${await tail(host, `${paths.stateDir}/rpcbind.log`, 5)})`);
          }
        };
      }
      await launch();
      return new GaneshaProcess(host, paths, await waitServing(host, paths, startTimeoutMs), rpcbindPid);
    } catch (err) {
      if (rpcbindPid !== undefined) await terminate(host, rpcbindPid, 'rpcbind');
      throw err;
    }
  }

  /** Writes `config` and reloads it in place (SIGHUP); resolves once ganesha confirms, refusing CONFIG errors. */
  async reload(config: string, timeoutMs: number): Promise<void> {
    const { host, paths } = this;
    const count = async () => Number((await host.exec(['grep', '-c', RELOAD_DONE, paths.logPath], { allowFailure: true })).stdout.trim() || '0');
    const before = await count();
    const logLines = await lineCount(host, paths.logPath);
    await writeFile(host, paths.configPath, config);
    await host.exec(['kill', '-HUP', String(this.pid)]);
    await waitFor(async () => (await count()) > before, { what: `nfs-ganesha to reload its exports in host ${host.name}`, timeoutMs, intervalMs: 20 }).catch(async (err: unknown) => {
      throw new HarnessError('EFS_SYNC_FAILED', `EFS sync failed: nfs-ganesha did not confirm the export reload within ${timeoutMs} ms (host ${host.name}; log: ${await tail(host, paths.logPath)})`, {
        cause: err,
      });
    });
    const errors = await configErrors(host, paths.logPath, logLines + 1);
    if (errors.length > 0) {
      throw new HarnessError('EFS_SYNC_FAILED', `EFS sync failed: nfs-ganesha rejected the new exports (host ${host.name}; ${paths.configPath}: ${errors.join('; ')})`, {
        details: { host: host.name, configPath: paths.configPath, errors },
      });
    }
  }

  /** Stops ganesha, then the rpcbind it started with. */
  async stop(): Promise<void> {
    await terminate(this.host, this.pid, 'nfs-ganesha');
    if (this.rpcbindPid !== undefined) await terminate(this.host, this.rpcbindPid, 'rpcbind');
  }
}

/** Waits until the launched ganesha (it daemonizes and writes its pid file) serves NFS and MOUNT; returns its pid. */
async function waitServing(host: LabHost, p: GaneshaPaths, startTimeoutMs: number): Promise<number> {
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
    { what: `nfs-ganesha to listen on ports ${NFS_PORT} and ${DEFAULT_MOUNT_PORT} in host ${host.name}`, timeoutMs: startTimeoutMs, intervalMs: 50 },
  ).catch(async (err: unknown) => {
    if (lastPid !== undefined) await terminate(host, lastPid, 'nfs-ganesha');
    throw new HarnessError('EFS_START_FAILED', `EFS start failed: nfs-ganesha did not listen within ${startTimeoutMs} ms (host ${host.name}; log ${p.logPath}: ${await tail(host, p.logPath)})`, {
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
