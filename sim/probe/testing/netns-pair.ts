/**
 * Test support for integration tests of EFS and the probes: two `ip netns` hosts joined by a veth
 * pair, exposed as minimal `LabHost`s. The fabric's netns driver is the real implementation; this
 * one exists so these areas can be tested on real namespaces without depending on it.
 * Every object carries the run id (`vl<run>…`) and `destroy()` removes them all, also after failures.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { realExec } from '../../core/exec.ts';
import type { ExecResult } from '../../core/exec.ts';
import { objectName } from '../../core/run-id.ts';
import type { HostExecOptions, HostProcess, LabHost } from '../../fabric/host.ts';

export interface NetnsPair {
  server: LabHost;
  client: LabHost;
  serverIp: string;
  clientIp: string;
  /** The namespace and interface name of each end, for cutting the link in tests. */
  serverNs: string;
  serverLink: string;
  clientNs: string;
  clientLink: string;
  destroy(): Promise<void>;
}

/** Whether this machine can create network namespaces (root + iproute2), with the reason when not. */
export async function netnsUnavailableReason(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'needs root to create network namespaces';
  const r = await realExec('ip', ['netns', 'list'], { allowFailure: true });
  return r.exitCode === 0 ? undefined : `ip netns is not usable: ${r.stderr.trim()}`;
}

export function netnsHost(name: string, ns: string): LabHost {
  return {
    name,
    pid: -1, // not needed by EFS or the probes; the fabric's hosts provide it
    exec(argv: readonly string[], options: HostExecOptions = {}): Promise<ExecResult> {
      return realExec('ip', ['netns', 'exec', ns, ...argv], options);
    },
    spawn(argv: readonly string[]): HostProcess {
      // `ip netns exec` execs the command in place, so signalling this child signals the command.
      const child = spawn('ip', ['netns', 'exec', ns, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
      const listeners: ((line: string, at: number) => void)[] = [];
      createInterface({ input: child.stdout }).on('line', (line) => {
        const at = Date.now();
        for (const l of listeners) l(line, at);
      });
      child.stderr.resume();
      const exited = new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
      let stopping: Promise<void> | undefined;
      return {
        onLine: (l) => void listeners.push(l),
        exited,
        stop() {
          stopping ??= (async () => {
            if (child.exitCode !== null || child.signalCode !== null) return;
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
            await exited;
            clearTimeout(timer);
          })();
          return stopping;
        },
      };
    },
  };
}

/** Creates `vl<run>s` (server, 10.251.0.1/24) and `vl<run>c` (client, 10.251.0.2/24) joined by a veth. */
export async function createNetnsPair(runId: string): Promise<NetnsPair> {
  const serverNs = objectName(runId, 's');
  const clientNs = objectName(runId, 'c');
  const serverLink = objectName(runId, 'a');
  const clientLink = objectName(runId, 'b');
  const serverIp = '10.251.0.1';
  const clientIp = '10.251.0.2';
  const destroy = async () => {
    // Deleting a namespace deletes the veth end inside it, and with it the peer.
    for (const ns of [serverNs, clientNs]) await realExec('ip', ['netns', 'del', ns], { allowFailure: true });
    await realExec('ip', ['link', 'del', serverLink], { allowFailure: true });
  };
  try {
    await realExec('ip', ['netns', 'add', serverNs]);
    await realExec('ip', ['netns', 'add', clientNs]);
    await realExec('ip', ['link', 'add', serverLink, 'netns', serverNs, 'type', 'veth', 'peer', 'name', clientLink, 'netns', clientNs]);
    await realExec('ip', ['-n', serverNs, '-batch', '-'], { input: `addr add ${serverIp}/24 dev ${serverLink}\nlink set ${serverLink} up\nlink set lo up\n` });
    await realExec('ip', ['-n', clientNs, '-batch', '-'], { input: `addr add ${clientIp}/24 dev ${clientLink}\nlink set ${clientLink} up\nlink set lo up\n` });
  } catch (err) {
    await destroy();
    throw err;
  }
  return {
    server: netnsHost('server', serverNs),
    client: netnsHost('client', clientNs),
    serverIp,
    clientIp,
    serverNs,
    serverLink,
    clientNs,
    clientLink,
    destroy,
  };
}
