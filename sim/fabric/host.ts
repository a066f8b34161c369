/**
 * A lab host as every other part of vracklab sees it: a network namespace in which commands run.
 * The docker driver backs it with a container, the netns driver with `ip netns`; services (EFS)
 * and probes only use this interface, so they work on both.
 */
import type { ExecResult } from '../core/exec.ts';

export interface HostExecOptions {
  input?: string;
  timeoutMs?: number;
  /** Return a non-zero exit instead of throwing. */
  allowFailure?: boolean;
  /** Kills the command when aborted (execa's cancelSignal). */
  signal?: AbortSignal;
}

/** A long-running process inside a host (a prober, a daemon): its output streams, it can be stopped. */
export interface HostProcess {
  /** Called for each complete line of standard output. */
  onLine(listener: (line: string, receivedAt: number) => void): void;
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number>;
  /** Stops the process (SIGTERM, then SIGKILL after a grace period). Idempotent. */
  stop(): Promise<void>;
}

/** A host of a running lab: run commands in it, read its interfaces and routes. */
export interface LabHost {
  /** The host's name in the lab file (`bm1`, `node1`, `efs-lim`). */
  readonly name: string;
  /** Runs a command in the host's network namespace (and filesystem, for containers). */
  exec(argv: readonly string[], options?: HostExecOptions): Promise<ExecResult>;
  /** Starts a long-running command in the host. */
  spawn(argv: readonly string[]): HostProcess;
  /** The PID of a process in the host's namespace (for `nsenter`, `ip link set … netns PID`). */
  readonly pid: number;
}
