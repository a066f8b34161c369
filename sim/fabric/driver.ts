/**
 * The narrow interface a host driver implements, and the registry drivers add themselves to.
 * A driver only makes, removes and reattaches hosts (a namespace reachable through a PID); all
 * plumbing (bridges, veths, addresses, firewall rules) is shared and lives in the fabric.
 */
import { invalidInput } from '../core/errors.ts';
import type { Exec } from '../core/exec.ts';
import type { LabHost } from './host.ts';
import type { Capabilities } from './capabilities.ts';
import type { HostRecord, HostSpec } from './types.ts';

export interface DriverContext {
  runId: string;
  labName: string;
  exec: Exec;
}

export interface HostDriver {
  readonly name: string;
  /** What this machine lacks for the driver (empty when it can run); checked before anything is built. */
  missing(caps: Capabilities): string[];
  createHost(ctx: DriverContext, spec: HostSpec): Promise<HostRecord>;
  /** Idempotent: a host already gone is not an error. */
  removeHost(ctx: DriverContext, record: HostRecord): Promise<void>;
  /** Bulk removal (destroy of a whole lab) in as few commands as the driver can: one by one costs a round-trip each. Idempotent. */
  removeHosts(ctx: DriverContext, records: readonly HostRecord[]): Promise<void>;
  hostFromRecord(record: HostRecord, exec: Exec): LabHost;
}

const drivers = new Map<string, HostDriver>();

export function registerDriver(driver: HostDriver): void {
  drivers.set(driver.name, driver);
}

export function driverNames(): string[] {
  return [...drivers.keys()].sort();
}

export function getDriver(name: string): HostDriver {
  const d = drivers.get(name);
  if (!d) throw invalidInput('fabric driver', name, 'no driver with this name', driverNames());
  return d;
}
