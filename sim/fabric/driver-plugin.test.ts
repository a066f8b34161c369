/**
 * Done-when of issue 12 (drivers): a new driver is written by touching only its own folder and one
 * registration line. This test writes a throw-away driver into a temporary folder (imports of the
 * project's public driver interfaces only), registers it with the same one line drivers.ts uses, and
 * drives it through the normal paths with a recording Exec: the CLI's `--driver` choice, a fabric
 * (hosts, a NIC, destroy) and a global gc, which must call its reaper.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingExec } from '../core/exec.ts';
import type { Capabilities } from './capabilities.ts';
import { driverNames, registerDriver, unregisterDriver } from './drivers.ts';
import { createFabric, gc } from './fabric.ts';
import { parseDriver } from '../cli/commands/lab.ts';

process.env.VRACKLAB_RUN_DIR = mkdtempSync(join(tmpdir(), 'vl-lease-'));

const fabricDir = fileURLToPath(new URL('.', import.meta.url));
const at = (file: string) => JSON.stringify(pathToFileURL(join(fabricDir, file)).href);

/** The whole new driver, as its author would write it in sim/fabric/fakevm/fakevm-driver.ts. */
const DRIVER_SOURCE = `
import type { HostDriver } from ${at('driver.ts')};
import { PrefixedHost } from ${at('prefixed-host.ts')};

/** Hosts are micro-VMs run by an imaginary \`fakectl\`, labelled with the run id. */
export const fakevmDriver: HostDriver = {
  name: 'fakevm',
  missing: (caps) => (caps.kernel.veth ? [] : ['veth']),
  async createHost(ctx, spec) {
    const r = await ctx.exec('fakectl', ['start', '--label', 'vracklab.run-id=' + ctx.runId, ctx.runId + '-' + spec.name]);
    return { name: spec.name, driver: 'fakevm', pid: Number(r.stdout) };
  },
  async removeHost(ctx, record) {
    await ctx.exec('fakectl', ['rm', ctx.runId + '-' + record.name], { allowFailure: true });
  },
  async removeHosts(ctx, records) {
    if (records.length > 0) await ctx.exec('fakectl', ['rm', ...records.map((r) => ctx.runId + '-' + r.name)], { allowFailure: true });
  },
  hostFromRecord: (record, exec) => new PrefixedHost(record.name, record.pid, ['fakectl', 'enter', String(record.pid)], exec),
  async reap(ctx) {
    const listing = await ctx.exec('fakectl', ['list'], { allowFailure: true });
    const mine = listing.stdout.split('\\n').map((l) => l.split(' ')).filter((w) => ctx.wanted(w[1]));
    for (const w of mine) ctx.proofLog('removing fakevm %s: proof label run-id=%s', w[0], w[1]);
    if (mine.length > 0) await ctx.exec('fakectl', ['rm', ...mine.map((w) => w[0])], { allowFailure: true });
    return mine.map((w) => 'fakevm ' + w[0]);
  },
};
`;

const caps: Capabilities = { kernel: { netns: true, veth: true, bridge: true, vlan8021q: false, vlanFiltering: false, netem: false, nftables: true }, docker: null, vlanMode: 'segment' };

/** A machine running fakectl: VM pids count up; `fakectl list` shows a VM of a crashed run dead999 and one of a live run. */
function machine() {
  let pid = 7000;
  return recordingExec((c) => {
    if (c.file === 'fakectl' && c.args[0] === 'start') return { stdout: String(++pid) };
    if (c.file === 'fakectl' && c.args[0] === 'list') return { stdout: 'dead999-vm1 dead999\nkept42-vm1 kept42' };
    return undefined;
  });
}

const fakectl = (exec: ReturnType<typeof machine>) => exec.calls.filter((c) => c.file === 'fakectl').map((c) => c.args.join(' '));

describe('a driver from its own folder plus one registration line', () => {
  beforeAll(async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'vl-driver-')), 'fakevm');
    mkdirSync(folder);
    writeFileSync(join(folder, 'fakevm-driver.ts'), DRIVER_SOURCE);
    // The one line, as in drivers.ts:
    registerDriver((await import(pathToFileURL(join(folder, 'fakevm-driver.ts')).href)).fakevmDriver);
  });
  afterAll(() => unregisterDriver('fakevm'));

  it('is a --driver choice of the CLI, and in the listed choices', () => {
    expect(parseDriver('fakevm')).toBe('fakevm');
    expect(() => parseDriver('fakevn')).toThrow('invalid --driver: unknown driver (got "fakevn"; valid: containerlab, docker, fakevm, netns)');
    expect(driverNames()).toContain('fakevm');
  });

  it('builds hosts with NICs through the fabric, and destroy removes them and reaps only its own run with its own reaper', async () => {
    const exec = machine();
    const fabric = await createFabric({ runId: 'abc123', labName: 'demo', driver: 'fakevm', exec, capabilities: caps });
    const host = await fabric.addHost({ name: 'vm1', image: 'host' });
    await fabric.attachNic('vm1', { kind: 'vrack', vrackId: 'pn-1', vlan: null }, { ifname: 'eth1', addresses: ['10.0.0.5/24'] });
    await host.exec(['ping', '-c1', '10.0.0.1']);
    expect(fabric.records()).toEqual([{ name: 'vm1', driver: 'fakevm', pid: 7001 }]);
    // The shared plumbing moved the NIC into the VM's namespace through its pid.
    expect(exec.calls.some((c) => (c.input ?? '').includes('netns 7001'))).toBe(true);
    await fabric.destroy();
    expect(fakectl(exec)).toEqual(['start --label vracklab.run-id=abc123 abc123-vm1', 'enter 7001 ping -c1 10.0.0.1', 'rm abc123-vm1', 'list']);
    // Its reaper found no VM of run abc123 in the listing: nothing else removed. The other drivers were not asked.
    expect(exec.calls.some((c) => c.file === 'docker' || (c.file === 'ip' && c.args.join(' ') === 'netns list'))).toBe(false);
  });

  it('a global gc calls its reaper with the rules of ownership: the crashed run goes, a kept run stays', async () => {
    const exec = machine();
    const { removed } = await gc({ exec, keepRunIds: ['kept42'] });
    expect(removed).toContain('fakevm dead999-vm1');
    expect(removed).not.toContain('fakevm kept42-vm1');
    expect(fakectl(exec)).toEqual(['list', 'rm dead999-vm1']);
  });
});
