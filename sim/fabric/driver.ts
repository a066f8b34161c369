/**
 * The narrow interface a host driver implements, and the registry drivers add themselves to.
 * A driver makes, removes and reattaches hosts (a namespace reachable through a PID) and reaps
 * what crashed runs left of its own kind; all plumbing (bridges, veths, addresses, firewall rules)
 * is shared and lives in the fabric. Built-in drivers are listed once, in drivers.ts.
 */
import { HarnessError, invalidInput } from '../core/errors.ts';
import type { Exec } from '../core/exec.ts';
import type { LabHost } from './host.ts';
import type { Capabilities } from './capabilities.ts';
import type { HostRecord, HostSpec } from './types.ts';

/** The name of a registered driver. Checked at run time against the registry (`getDriver`), which lists the choices. */
export type DriverName = string;

/** What a host driver gets from the lab: run id, lab name, exec, cleanup registration and logs. */
export interface DriverContext {
  runId: string;
  labName: string;
  exec: Exec;
}

/** What gc hands a driver's reaper: which runs it may touch, and how to prove an object is theirs. */
export interface ReapContext {
  exec: Exec;
  /** Only this run's objects (a run-scoped gc, e.g. Fabric.destroy): narrow listings to it when the driver can. */
  runId?: string;
  /** Whether objects of run `id` may go (not kept, not another run's when run-scoped). */
  wanted(id: string | undefined): id is string;
  /**
   * Why an object of run `id` may go, or undefined (it stays): its ownership marker (`vracklab:<runid>`)
   * names the run, or the run's lease is there. Objects found by label need no more proof than the label.
   */
  proofOf(what: string, id: string, marker: string | undefined): string | undefined;
  /** DEBUG=vracklab:gc: each deletion with its proof. */
  proofLog(format: string, ...args: unknown[]): void;
}

/** A host driver plug-in: what it needs from the machine, how it creates, reaps and tears down hosts (docs/fabric.md). */
export interface HostDriver {
  readonly name: DriverName;
  /** What this machine lacks for the driver (empty when it can run); checked before anything is built. */
  missing(caps: Capabilities): string[];
  createHost(ctx: DriverContext, spec: HostSpec): Promise<HostRecord>;
  /**
   * Optional bulk creation (the hosts a lab starts with), for a driver whose tool makes many hosts
   * in one command (containerlab: one deploy). Records in the order of `specs`. Without it the
   * fabric calls createHost for each, concurrently. On failure it leaves none of them.
   */
  createHosts?(ctx: DriverContext, specs: readonly HostSpec[]): Promise<HostRecord[]>;
  /** Idempotent: a host already gone is not an error. */
  removeHost(ctx: DriverContext, record: HostRecord): Promise<void>;
  /** Bulk removal (destroy of a whole lab) in as few commands as the driver can: one by one costs a round-trip each. Idempotent. */
  removeHosts(ctx: DriverContext, records: readonly HostRecord[]): Promise<void>;
  hostFromRecord(record: HostRecord, exec: Exec): LabHost;
  /**
   * The reaper: removes this driver's objects of wanted runs found in the machine's REAL state
   * (a crashed run's memory is gone), and returns what it removed (`container vl-…`, `netns vl…`).
   * Runs before the shared plumbing is reaped (a host's namespace takes its veths with it).
   */
  reap(ctx: ReapContext): Promise<string[]>;
}

const drivers = new Map<DriverName, HostDriver>();

const DRIVER_NAME_PATTERN = /^[a-z][a-z0-9-]{0,30}$/;

/** Adds a driver. A second driver under a taken name is refused: it would silently replace the first. */
export function registerDriver(driver: HostDriver): void {
  if (!DRIVER_NAME_PATTERN.test(driver.name)) throw invalidInput('driver name', driver.name, 'lowercase letters, digits and dashes, at most 31, starting with a letter');
  if (drivers.has(driver.name))
    throw new HarnessError('DRIVER_EXISTS', `driver ${driver.name} cannot be registered: a driver with this name is already registered (registered: ${driverNames().join(', ')})`, {
      details: { driver: driver.name, registered: driverNames() },
    });
  drivers.set(driver.name, driver);
}

/** For tests that register a throw-away driver: it leaves the registry as it found it. */
export function unregisterDriver(name: DriverName): void {
  drivers.delete(name);
}

/** The names of the registered host drivers (docker, netns, …). */
export function driverNames(): DriverName[] {
  return [...drivers.keys()].sort();
}

export function registeredDrivers(): HostDriver[] {
  return driverNames().map((n) => drivers.get(n) as HostDriver);
}

export function getDriver(name: string): HostDriver {
  const d = drivers.get(name);
  if (!d) throw invalidInput('fabric driver', name, 'no driver with this name', driverNames());
  return d;
}
