/**
 * The plumbing both drivers share: a host is a network namespace reachable through a PID, so bridges,
 * veths and addresses are set the same way whether the PID is a container's or a netns keeper's.
 * Machine-side changes go through one `ip -batch -` where possible (one process for many lines), and
 * concurrent callers share processes (batch-queue.ts): a fabric's hosts are built in parallel.
 */
import { HarnessError } from '../core/errors.ts';
import type { Exec } from '../core/exec.ts';
import { ipBatch, shellBatch } from './batch-queue.ts';

export class Plumbing {
  private readonly exec: Exec;

  constructor(exec: Exec) {
    this.exec = exec;
  }

  /** `ip -batch -` on the machine; lines of concurrent callers share one process. */
  async hostBatch(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    await ipBatch(this.exec, lines);
  }

  /** `bridge -batch -` on the machine (VLAN membership of bridge ports). */
  async bridgeBatch(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    await this.exec('bridge', ['-batch', '-'], { input: lines.join('\n') + '\n' });
  }

  /** `ip -batch -` inside the namespace of `pid`; concurrent callers' batches share one `sh`. */
  async nsBatch(pid: number, lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    const r = await shellBatch(this.exec, { file: 'nsenter', args: ['-t', String(pid), '-n', 'ip', '-batch', '-'], input: lines.join('\n') + '\n' });
    if (r.exitCode !== 0) throw new HarnessError('EXEC_FAILED', `command failed: exit code ${r.exitCode} (nsenter -t ${pid} -n ip -batch -): ${r.output.trim() || 'no output'}`, { details: { pid, lines, ...r } });
  }

  /** One command inside the namespace of `pid`. */
  nsRun(pid: number, argv: readonly string[], allowFailure = false) {
    return this.exec('nsenter', ['-t', String(pid), '-n', ...argv], { allowFailure });
  }

  async nsLinkExists(pid: number, name: string): Promise<boolean> {
    const r = await this.nsRun(pid, ['ip', 'link', 'show', 'dev', name], true);
    return r.exitCode === 0;
  }

  /** Deletes many machine-side links in one process; `-force` goes on past the ones already gone. */
  async deleteLinks(names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    await this.exec('ip', ['-force', '-batch', '-'], { input: names.map((n) => `link del dev ${n}`).join('\n') + '\n', allowFailure: true });
  }

  /** Deletes a machine-side link; a veth's peer goes with it. Missing is fine (idempotent). */
  async deleteLink(name: string): Promise<void> {
    await this.exec('ip', ['link', 'del', 'dev', name], { allowFailure: true });
  }
}

/** Lines that configure an interface: MAC (before up), addresses, up. */
export function interfaceLines(ifname: string, addresses: readonly string[], mac?: string): string[] {
  return [...(mac ? [`link set dev ${ifname} address ${mac}`] : []), ...addresses.map((a) => `addr add ${a} dev ${ifname}`), `link set dev ${ifname} up`];
}

/** A veth whose machine end is `machineEnd` and whose other end appears as `ifname` in the namespace of `pid`. */
export function vethIntoPidLine(machineEnd: string, ifname: string, pid: number): string {
  return `link add ${machineEnd} type veth peer name ${ifname} netns ${pid}`;
}
