/**
 * The simulator's DataPlane, bound to a lab's fabric: a Service Endpoint becomes a NIC of the
 * managed service's host on the subnet's (vRack, VLAN) segment, with the allocated IP and the
 * subnet's prefix; share/ACL changes re-export on the EFS. Everything it does is journalled by the
 * simulator, so scenarios can line probe timelines up with it.
 *
 * It owns the managed services' hosts and their servers: the lab tells it which host serves a
 * storage service (registerService) and asks it to serve the storage (serveStorage); the EFS then
 * starts from the data plane's own latest view and follows every later change, with no trip back
 * through the lab runner.
 */
import { createHash } from 'node:crypto';
import { HarnessError } from '../core/errors.ts';
import { logger } from '../core/logger.ts';
import type { DataPlane, EndpointAttachment, StorageServiceView } from '../api/data-plane.ts';
import type { Fabric } from '../fabric/fabric.ts';
import { startEfs, type EfsOptions, type EfsServer } from '../services/efs/efs-server.ts';

const log = logger('lab');

export interface ManagedServiceHost {
  /** The lab host that serves this managed service (its EFS container or namespace). */
  host: string;
  serviceName: string;
}

/**
 * The MAC of an endpoint NIC, stable for one (managed service, IP): when a disruptive change gives a
 * service back the same IP, clients' ARP caches stay right. Without it a client keeps sending to the
 * old, vanished MAC for as long as its neighbour entry stays REACHABLE (~30 s), which no real
 * endpoint does (it would announce itself). Locally administered, unicast (02:…).
 */
export function endpointMac(urn: string, ip: string): string {
  const h = createHash('sha1').update(`${urn}|${ip}`).digest();
  return ['02', ...[...h.subarray(0, 5)].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

/** A MAC one bit away from `mac` (locally administered, unicast): set and reset to announce `mac`. */
function announceMac(mac: string): string {
  const last = parseInt(mac.slice(-2), 16) ^ 1;
  return `${mac.slice(0, -2)}${last.toString(16).padStart(2, '0')}`;
}

export class FabricDataPlane implements DataPlane {
  private readonly fabric: Fabric;
  /** managedServiceURN → where it runs. */
  private readonly services = new Map<string, ManagedServiceHost>();
  private readonly servers = new Map<string, EfsServer>();
  /** The latest share/ACL state per storage service, also before its server started. */
  private readonly views = new Map<string, StorageServiceView>();
  /** endpoint key → the NIC that carries it in the service host. */
  private readonly nics = new Map<string, { ifname: string; urn: string; ip: string; host: string }>();
  private readonly startServer: typeof startEfs;

  /** `startServer`: how an EFS starts in its host (tests pass a fake). */
  constructor(fabric: Fabric, options: { startServer?: typeof startEfs } = {}) {
    this.fabric = fabric;
    this.startServer = options.startServer ?? startEfs;
  }

  /** The latest share/ACL state the simulator reported, per storage service name (read-only). */
  get storageViews(): ReadonlyMap<string, StorageServiceView> {
    return this.views;
  }

  /** Where a managed service runs: its endpoints are plugged into that host. */
  registerService(urn: string, where: ManagedServiceHost): void {
    this.services.set(urn, where);
  }

  /**
   * Starts the EFS of a registered storage service in its host, from the latest view, and keeps it
   * in step with every later change. Returns its stop, for the lab's cleanup.
   */
  async serveStorage(serviceName: string, options: EfsOptions): Promise<() => Promise<void>> {
    const where = [...this.services.values()].find((s) => s.serviceName === serviceName);
    const view = this.views.get(serviceName);
    if (!where || !view) {
      const known = [...this.services.values()].map((s) => s.serviceName).join(', ') || 'none';
      throw new HarnessError('NO_STORAGE_VIEW', `cannot serve storage ${serviceName}: ${where ? 'the simulator has not reported its shares' : `no host was registered for it (registered: ${known})`}`);
    }
    const server = await this.startServer(this.fabric.host(where.host), view, options);
    this.servers.set(serviceName, server);
    // A change reported while the server was starting reached no server: apply the latest now.
    const latest = this.views.get(serviceName);
    if (latest && latest !== view) await server.sync(latest);
    return () => server.stop();
  }

  /**
   * Stops serving a storage service and forgets it and its host (a reused lab takes back an EFS
   * added at runtime). Its endpoints must be detached first (the simulator's restore does it).
   */
  async retire(urn: string): Promise<void> {
    const where = this.services.get(urn);
    if (!where) return;
    const attached = [...this.nics.values()].filter((n) => n.urn === urn).map((n) => n.ip);
    if (attached.length > 0) throw new HarnessError('ENDPOINT_ATTACHED', `cannot retire ${where.serviceName}: endpoints still attached (${attached.join(', ')})`);
    await this.servers.get(where.serviceName)?.stop();
    this.servers.delete(where.serviceName);
    this.views.delete(where.serviceName);
    this.services.delete(urn);
  }

  /** The managed service URN whose endpoint currently holds `ip`, if any. */
  serviceAt(ip: string): string | undefined {
    return [...this.nics.values()].find((n) => n.ip === ip)?.urn;
  }

  /** The NICs currently attached for endpoints: `ip → ifname` (for status and tests). */
  attached(): Map<string, string> {
    return new Map([...this.nics.values()].map((n) => [n.ip, n.ifname]));
  }

  private keyOf(e: EndpointAttachment): string {
    return `${e.managedServiceURN}|${e.vrackId}|${e.ip}|${e.vlan ?? 'untagged'}`;
  }

  private where(e: EndpointAttachment): ManagedServiceHost {
    const where = this.services.get(e.managedServiceURN);
    if (!where) {
      throw new HarnessError('NO_SERVICE_HOST', `cannot attach endpoint ${e.ip}: managed service ${e.managedServiceURN} has no host in this lab (known: ${[...this.services.keys()].join(', ') || 'none'})`);
    }
    return where;
  }

  async attach(e: EndpointAttachment): Promise<void> {
    const key = this.keyOf(e);
    if (this.nics.has(key)) return;
    const where = this.where(e);
    const prefix = e.subnetCidr.split('/')[1];
    // Short, unique per host (interface names are limited to 15 characters), and the lowest free:
    // a reused lab whose endpoints were detached and attached again gets the names a fresh build
    // gives, so the reset proof (lab-snapshot.ts) compares like with like.
    const ifname = this.freeIfname(where.host);
    const mac = endpointMac(e.managedServiceURN, e.ip);
    await this.fabric.attachNic(where.host, { kind: 'vrack', vrackId: e.vrackId, vlan: e.vlan }, { ifname, addresses: [`${e.ip}/${prefix}`], mac });
    this.nics.set(key, { ifname, urn: e.managedServiceURN, ip: e.ip, host: where.host });
    // Announce the address (EFS_SYSCTLS' arp_notify: a MAC change on an up NIC sends a gratuitous
    // ARP; one set before the link is up goes out before the carrier and is lost).
    await this.fabric.ipBatch(where.host, [`link set dev ${ifname} address ${announceMac(mac)}`, `link set dev ${ifname} address ${mac}`]);
    log('endpoint %s of %s up on %s (vrack %s, vlan %s)', e.ip, where.host, ifname, e.vrackId, e.vlan ?? 'untagged');
  }

  private freeIfname(host: string): string {
    const used = new Set([...this.nics.values()].filter((n) => n.host === host).map((n) => n.ifname));
    let i = 0;
    while (used.has(`se${i}`)) i++;
    return `se${i}`;
  }

  async detach(e: EndpointAttachment): Promise<void> {
    const key = this.keyOf(e);
    const nic = this.nics.get(key);
    if (!nic) return;
    await this.fabric.detachNic(this.where(e).host, nic.ifname);
    this.nics.delete(key);
    log('endpoint %s down (%s)', e.ip, nic.ifname);
  }

  async syncStorage(service: StorageServiceView): Promise<void> {
    this.views.set(service.serviceName, service);
    await this.servers.get(service.serviceName)?.sync(service);
  }
}
