/**
 * A LabHost reached by prefixing every command: `nsenter -t PID …` for a container, `ip netns exec NS`
 * for a namespace. Both drivers build their hosts from this one class.
 */
import type { Exec, ExecResult } from '../core/exec.ts';
import type { HostExecOptions, HostProcess, LabHost } from './host.ts';
import { spawnLines } from './host-process.ts';

export class PrefixedHost implements LabHost {
  readonly name: string;
  readonly pid: number;
  private readonly prefix: readonly string[];
  private readonly run: Exec;
  private readonly signalChildren: boolean;
  private readonly env: Record<string, string> | undefined;

  constructor(name: string, pid: number, prefix: readonly string[], exec: Exec, options: { signalChildren?: boolean; env?: Record<string, string> } = {}) {
    if (prefix.length === 0) throw new Error('PrefixedHost needs a command prefix');
    this.name = name;
    this.pid = pid;
    this.prefix = prefix;
    this.run = exec;
    this.signalChildren = options.signalChildren ?? false;
    this.env = options.env;
  }

  exec(argv: readonly string[], options: HostExecOptions = {}): Promise<ExecResult> {
    const [file, ...rest] = this.prefix as [string, ...string[]];
    return this.run(file, [...rest, ...argv], this.env ? { ...options, env: this.env } : options);
  }

  spawn(argv: readonly string[]): HostProcess {
    const [file, ...rest] = this.prefix as [string, ...string[]];
    return spawnLines(file, [...rest, ...argv], { signalChildren: this.signalChildren, ...(this.env ? { env: this.env } : {}) });
  }
}
