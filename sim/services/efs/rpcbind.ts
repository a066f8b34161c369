/**
 * rpcbind for the EFS: NFSv3 needs it running in the same host before ganesha starts (without it
 * ganesha exits with "Cannot register NFS V3 on UDP"). rpcbind keeps a lock file and socket in
 * /run, so where hosts share one filesystem (netns driver) a second EFS cannot start its own there:
 * that outcome is a `conflict`, and ganesha is then launched with rpcbind in a private mount
 * namespace with its own /run (ISOLATED_START_SCRIPT, ganesha-process.ts).
 */
import { HarnessError } from '../../core/errors.ts';
import { shellQuote } from '../../core/exec.ts';
import { waitFor } from '../../core/wait.ts';
import type { LabHost } from '../../fabric/host.ts';
import { alive, listening, sh, tail } from '../host-daemon.ts';

/** `running`: rpcbind listens (`pid` set when this call started it); `conflict`: another one holds /run/rpcbind.lock. */
export type RpcbindOutcome = { kind: 'running'; pid?: number } | { kind: 'conflict'; why: string };

/** Starts rpcbind in the host unless one already listens there. */
export async function ensureRpcbind(host: LabHost, stateDir: string): Promise<RpcbindOutcome> {
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

export async function waitRpcbind(host: LabHost, pid: number): Promise<'up' | 'dead'> {
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
