/**
 * A LabHost reached by prefixing every command: `nsenter -t PID …` for a container, `ip netns exec NS`
 * for a namespace. Both drivers build their hosts from this one class.
 */
import type { Exec, ExecResult } from '../core/exec.ts';
import type { HostExecOptions, HostProcess, LabHost } from './host.ts';
import { spawnLines } from './host-process.ts';

/**
 * The whole environment of every command run in a lab host: a PATH and nothing of the lab process's
 * own (OVH credentials, CI tokens, SUDO_*), which long-lived processes (ganesha, probers) would
 * otherwise expose in /proc/PID/environ inside the host.
 */
export const HOST_ENV: Readonly<Record<string, string>> = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root', LANG: 'C.UTF-8' };

export class PrefixedHost implements LabHost {
  readonly name: string;
  readonly pid: number;
  private readonly prefix: readonly string[];
  private readonly run: Exec;
  private readonly signalChildren: boolean;
  private readonly env: Record<string, string>;

  constructor(name: string, pid: number, prefix: readonly string[], exec: Exec, options: { signalChildren?: boolean; env?: Record<string, string> } = {}) {
    if (prefix.length === 0) throw new Error('PrefixedHost needs a command prefix');
    this.name = name;
    this.pid = pid;
    this.prefix = prefix;
    this.run = exec;
    this.signalChildren = options.signalChildren ?? false;
    this.env = { ...HOST_ENV, ...options.env };
  }

  exec(argv: readonly string[], options: HostExecOptions = {}): Promise<ExecResult> {
    const [file, ...rest] = this.prefix as [string, ...string[]];
    return this.run(file, [...rest, ...argv], { ...options, env: this.env, extendEnv: false });
  }

  spawn(argv: readonly string[]): HostProcess {
    const [file, ...rest] = this.prefix as [string, ...string[]];
    return spawnLines(file, [...rest, ...argv], { signalChildren: this.signalChildren, env: this.env });
  }
}
