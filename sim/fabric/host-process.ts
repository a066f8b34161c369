/**
 * Long-running commands in a host (probers, daemons). core/exec.ts runs a command to completion; a
 * prober needs each output line as it arrives, stamped on receipt, so this is the one streaming
 * spawner, built on execa like core/exec.ts.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import type { HostProcess } from './host.ts';
import { logger } from '../core/logger.ts';

const log = logger('exec');
const STOP_GRACE_MS = 2_000;

/** Children of a process, from /proc: nsenter -p forks the real command and does not forward signals. */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

export interface SpawnOptions {
  /** Signal the wrapper's children too (nsenter -p forks and does not forward signals). */
  signalChildren?: boolean;
  /** The process's whole environment (nothing of ours is inherited); default: ours. */
  env?: Record<string, string>;
}

export function spawnLines(file: string, args: readonly string[], options: SpawnOptions = {}): HostProcess {
  const child = execa(file, [...args], { reject: false, stdin: 'ignore', stderr: 'ignore', buffer: false, ...(options.env ? { env: options.env, extendEnv: false } : {}) });
  log('spawned %s %s (pid %d)', file, args.join(' '), child.pid ?? -1);
  const listeners: ((line: string, receivedAt: number) => void)[] = [];
  if (child.stdout) {
    const rl = createInterface({ input: child.stdout });
    rl.on('line', (line) => {
      const receivedAt = Date.now();
      for (const l of listeners) l(line, receivedAt);
    });
  }
  const exited = child.then((r) => r.exitCode ?? (r.signal ? 128 : 1));
  let stopping: Promise<void> | undefined;
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const send = (sig: NodeJS.Signals) => {
    const pid = child.pid;
    if (pid === undefined) return;
    if (options.signalChildren) for (const c of childrenOf(pid)) signal(c, sig);
    signal(pid, sig);
  };
  return {
    onLine: (listener) => {
      listeners.push(listener);
    },
    exited,
    stop: () => {
      stopping ??= (async () => {
        if (done) return;
        send('SIGTERM');
        const timer = new Promise<'timeout'>((resolve) => {
          const t = setTimeout(() => resolve('timeout'), STOP_GRACE_MS);
          void exited.then(() => clearTimeout(t));
        });
        if ((await Promise.race([exited.then(() => 'exited' as const), timer])) === 'timeout') send('SIGKILL');
        await exited;
      })();
      return stopping;
    },
  };
}
