/**
 * The contract every fabric driver passes, on the real machine. Each driver's integration test
 * calls `defineDriverContract(name)`. All hosts share ONE IP subnet, so only L2 separation (VLAN,
 * vRack) can stop a ping: the isolation checks fail if segments leak. Every negative check sits
 * beside a positive control, so a broken tool cannot make it pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { realExec } from '../core/exec.ts';
import { containerlabDir } from './containerlab/deploy.ts';
import { SSH_CONFIG_DIR } from './containerlab/reap.ts';
import { newRunId, runIdOf, LABEL_RUN_ID } from '../core/run-id.ts';
import { waitFor } from '../core/wait.ts';
import { createFabric, gc, hostFromRecord } from './fabric.ts';
import { listRules } from './firewall.ts';
import { runLinks } from './gc.ts';
import type { Fabric, SegmentKey } from './types.ts';
import { machineCapabilities } from './capabilities.ts';
import { getDriver } from './drivers.ts';
import type { DriverName } from './driver.ts';
import { segmentLayoutProblems } from './segment-layout.ts';
import type { LabHost } from './host.ts';

const vlan = (vrackId: string, v: number | null): SegmentKey => ({ kind: 'vrack', vrackId, vlan: v });

/** One echo request, 1 s deadline: true when answered. */
async function pings(host: LabHost, target: string): Promise<boolean> {
  const r = await host.exec(['ping', '-c', '1', '-W', '1', '-n', target], { allowFailure: true, timeoutMs: 10_000 });
  return r.exitCode === 0;
}

/** A fresh link may drop the first ARP; retry briefly until a reply, bounded. */
async function reaches(host: LabHost, target: string): Promise<boolean> {
  return waitFor(() => pings(host, target), { what: `${host.name} to reach ${target}`, timeoutMs: 6_000, intervalMs: 200 }).then(
    () => true,
    () => false,
  );
}

/** Everything of `runId` still on the machine, as the leak check sees it. */
export async function leftovers(runId: string): Promise<string[]> {
  // The same readers gc uses, so the check and the reaper cannot disagree on what belongs to a run.
  const left: string[] = [];
  const ns = await realExec('ip', ['netns', 'list']);
  left.push(...ns.stdout.split('\n').map((l) => l.split(/\s+/)[0] ?? '').filter((n) => runIdOf(n) === runId).map((n) => `netns ${n}`));
  left.push(...(await runLinks(realExec, runId)).map((n) => `link ${n}`));
  const ctr = await realExec('docker', ['ps', '-aq', '--filter', `label=${LABEL_RUN_ID}=${runId}`], { allowFailure: true });
  if (ctr.exitCode === 0) left.push(...ctr.stdout.split('\n').filter(Boolean).map((c) => `container ${c}`));
  left.push(...(await listRules(realExec)).filter((r) => r.runId === runId).map((r) => `rule ${r.spec.join(' ')}`));
  // What a tool names after the run (containerlab: its namespace links `clab-vracklab-<lab>-<runid>-<host>`,
  // lab directories, topology files, ssh configs): any entry with the run id as a dash-separated word.
  const named = (entry: string) => entry.replace(/\.(clab\.yml|conf)$/, '').split('-').includes(runId);
  for (const dir of ['/var/run/netns', containerlabDir(), SSH_CONFIG_DIR]) left.push(...(await readdir(dir).catch(() => [] as string[])).filter(named).map((e) => `file ${join(dir, e)}`));
  return left;
}

export function defineDriverContract(driverName: DriverName): void {
  describe(`fabric driver contract: ${driverName}`, () => {
    const runId = newRunId();
    let fabric: Fabric | undefined;
    let skipReason: string | undefined;
    const f = (): Fabric => fabric as Fabric;

    beforeAll(async () => {
      const caps = await machineCapabilities();
      const missing = getDriver(driverName).missing(caps);
      if (missing.length > 0) {
        skipReason = `this machine lacks ${missing.join(', ')}`;
        console.warn(`[skip] ${driverName} driver contract: ${skipReason}`);
        return;
      }
      fabric = await createFabric({ runId, labName: 'contract', driver: driverName });
      const spec = (name: string, sysctls?: Record<string, string>) => ({ name, image: 'host', ...(sysctls ? { sysctls } : {}) });
      // In bulk (one containerlab deploy; docker and netns create them concurrently), then one alone.
      await f().addHosts(['a1', 'a2', 'b1', 'c1', 'p1'].map((n) => spec(n)));
      await f().addHost(spec('n1', { 'net.ipv4.ip_forward': '1' }));
      await Promise.all([
        f().attachNic('a1', vlan('pn-00001', 10), { ifname: 'eth1', addresses: ['10.9.0.1/24'] }),
        f().attachNic('a2', vlan('pn-00001', 10), { ifname: 'eth1', addresses: ['10.9.0.2/24'] }),
        f().attachNic('b1', vlan('pn-00001', 20), { ifname: 'eth1', addresses: ['10.9.0.3/24'] }),
        f().attachNic('c1', vlan('pn-00002', 10), { ifname: 'eth1', addresses: ['10.9.0.4/24'] }),
        f().attachNic('n1', vlan('pn-00001', 10), { ifname: 'eth1', addresses: ['10.9.0.5/24'], mac: '02:00:00:00:09:05' }),
      ]);
    });

    afterAll(async () => {
      await fabric?.destroy();
    });

    it('hosts on the same vRack VLAN reach each other', async ({ skip }) => {
      if (skipReason) return skip(skipReason);
      expect(await reaches(f().host('a1'), '10.9.0.2')).toBe(true);
      expect(await reaches(f().host('a2'), '10.9.0.5')).toBe(true);
    });

    it('a host on another VLAN of the same vRack, or on another vRack, is unreachable', async ({ skip }) => {
      if (skipReason) return skip(skipReason);
      expect(await reaches(f().host('a1'), '10.9.0.2')).toBe(true); // control: a1's NIC works
      expect(await pings(f().host('a1'), '10.9.0.3')).toBe(false); // pn-00001 VLAN 20
      expect(await pings(f().host('a1'), '10.9.0.4')).toBe(false); // pn-00002 VLAN 10
      expect(await pings(f().host('c1'), '10.9.0.1')).toBe(false);
    });

    it('ensureSegment is idempotent and separates VLANs and vRacks', async ({ skip }) => {
      if (skipReason) return skip(skipReason);
      const br = await f().ensureSegment(vlan('pn-00001', 10));
      expect(await f().ensureSegment(vlan('pn-00001', 10))).toBe(br);
      const [a20, b10, pub] = await Promise.all([f().ensureSegment(vlan('pn-00001', 20)), f().ensureSegment(vlan('pn-00002', 10)), f().ensureSegment({ kind: 'public' })]);
      // Each mode's own evidence (segment: 4 bridges, untagged NICs; dot1q: a VLAN-filtering bridge
      // per vRack, NICs tagged 10 and 20), so neither mode passes without an assertion.
      const details = async (host: LabHost | undefined, dev: string) => (host ? await host.exec(['ip', '-d', 'link', 'show', 'dev', dev]) : await realExec('ip', ['-d', 'link', 'show', 'dev', dev])).stdout;
      const layout = {
        mode: f().vlanMode,
        bridges: { a10: br, a20: a20!, b10: b10!, public: pub! },
        bridgeDetails: { a: await details(undefined, br), b: await details(undefined, b10!) },
        nicDetails: { vlan10: await details(f().host('a1'), 'eth1'), vlan20: await details(f().host('b1'), 'eth1') },
      };
      expect(segmentLayoutProblems(layout), JSON.stringify(layout.bridges)).toEqual([]);
    });

    it('attaches and detaches a NIC at runtime', async ({ skip }) => {
      if (skipReason) return skip(skipReason);
      await f().ipBatch('b1', ['addr add 10.9.1.3/24 dev eth1']);
      expect(await pings(f().host('a2'), '10.9.1.3')).toBe(false);
      await f().attachNic('a2', vlan('pn-00001', 20), { ifname: 'eth2', addresses: ['10.9.1.2/24'] });
      expect(await reaches(f().host('a2'), '10.9.1.3')).toBe(true);
      await f().detachNic('a2', 'eth2');
      expect(await pings(f().host('a2'), '10.9.1.3')).toBe(false);
      const show = await f().host('a2').exec(['ip', 'link', 'show', 'dev', 'eth2'], { allowFailure: true });
      expect(show.exitCode).not.toBe(0);
      await f().detachNic('a2', 'eth2'); // idempotent
    });

    it('links two hosts through a bridge inside one of them, and routes through it with ipBatch', async ({ skip }) => {
      if (skipReason) return skip(skipReason);
      await f().linkHosts({ host: 'p1', ifname: 'eth0', addresses: ['10.2.0.10/24'] }, { host: 'n1', ifname: 'vethp1', bridge: 'cni0' });
      await f().ipBatch('n1', ['addr add 10.2.0.1/24 dev cni0']);
      expect(await reaches(f().host('p1'), '10.2.0.1')).toBe(true);
      const port = await f().host('n1').exec(['ip', '-o', 'link', 'show', 'dev', 'vethp1']);
      expect(port.stdout).toContain('master cni0');
      // Without routes the pod cannot reach a1 across the node…
      expect(await pings(f().host('p1'), '10.9.0.1')).toBe(false);
      await f().ipBatch('p1', ['route add default via 10.2.0.1']);
      await f().ipBatch('a1', ['route add 10.2.0.0/24 via 10.9.0.5']);
      // …with them, it is forwarded by n1 (ip_forward set through the host spec's sysctls).
      expect(await reaches(f().host('p1'), '10.9.0.1')).toBe(true);
      const route = await f().host('a1').exec(['ip', 'route', 'get', '10.2.0.10']);
      expect(route.stdout).toContain('via 10.9.0.5');
    });

    defineHostProcessCases(driverName, f, () => skipReason);


    it('removes a host and everything of the run on destroy', async ({ skip }) => {
      if (skipReason) return skip(skipReason);
      await f().removeHost('c1');
      expect(f().records().map((r) => r.name)).not.toContain('c1');
      expect((await leftovers(runId)).length).toBeGreaterThan(0); // control: the fabric is really there
      await f().destroy();
      expect(await leftovers(runId)).toEqual([]);
      await f().destroy(); // idempotent
    });

    defineCrashedRunCase(driverName, () => skipReason);
  });
}

/**
 * A crashed run (a fabric dropped without destroy) leaves only the machine's state; gc must find
 * and remove all of it from that state alone. Its own fabric, so it runs whatever the shared one did.
 */
function defineCrashedRunCase(driverName: DriverName, skipReasonOf: () => string | undefined): void {
  it('gc removes what a crashed fabric left behind', async ({ skip }) => {
    const skipReason = skipReasonOf();
    if (skipReason) return skip(skipReason);
    const crashedRun = newRunId();
    let crashed: Fabric | undefined = await createFabric({ runId: crashedRun, labName: 'crashed', driver: driverName });
    await Promise.all(['x1', 'x2'].map((n) => crashed?.addHost({ name: n, image: 'host' })));
    await crashed.attachNic('x1', vlan('pn-00009', 5), { ifname: 'eth1', addresses: ['10.9.9.1/24'] });
    await crashed.attachNic('x2', vlan('pn-00009', 5), { ifname: 'eth1', addresses: ['10.9.9.2/24'] });
    crashed = undefined; // the process "crashed": only the machine's state remains
    expect((await leftovers(crashedRun)).length).toBeGreaterThan(0);
    const { removed } = await gc({ runId: crashedRun });
    expect(removed.some((r) => /^(container|netns) /.test(r))).toBe(true);
    expect(removed.some((r) => r.startsWith('iptables rule'))).toBe(true);
    expect(await leftovers(crashedRun)).toEqual([]);
  });
}

/** A host's processes and records: streaming a long-running command, and reattaching from a record. */
function defineHostProcessCases(driverName: DriverName, f: () => Fabric, skipReasonOf: () => string | undefined): void {
  it('streams a long-running command line by line with receive timestamps, and stops it', async ({ skip }) => {
    const skipReason = skipReasonOf();
    if (skipReason) return skip(skipReason);
    const proc = f().host('a1').spawn(['ping', '-n', '-i', '0.2', '10.9.0.2']);
    const lines: { line: string; at: number }[] = [];
    proc.onLine((line, at) => lines.push({ line, at }));
    const before = Date.now();
    await waitFor(() => lines.filter((l) => /bytes from 10\.9\.0\.2/.test(l.line)).length >= 2, { what: 'two ping replies', timeoutMs: 10_000, intervalMs: 50 });
    await proc.stop();
    const code = await proc.exited;
    expect(typeof code).toBe('number');
    const n = lines.length;
    expect(lines.every((l) => l.at >= before - 1_000)).toBe(true);
    // Stopped means stopped: no new line arrives while other commands run.
    await f().host('a1').exec(['ping', '-c', '1', '-W', '1', '10.9.0.2'], { allowFailure: true });
    expect(lines.length).toBe(n);
  });
  it('records reattach from another process’s point of view', async ({ skip }) => {
    const skipReason = skipReasonOf();
    if (skipReason) return skip(skipReason);
    const records = JSON.parse(JSON.stringify(f().records())) as ReturnType<Fabric['records']>;
    const rec = records.find((r) => r.name === 'a1');
    expect(rec?.driver).toBe(driverName);
    const host = hostFromRecord(rec as NonNullable<typeof rec>);
    const addr = await host.exec(['ip', '-o', 'addr', 'show', 'dev', 'eth1']);
    expect(addr.stdout).toContain('10.9.0.1/24');
    expect(() => f().host('zz')).toThrow(/no such host.*valid: a1, a2/);
  });
}
