/**
 * What `vracklab doctor` reports: kernel capabilities, Docker engine, images, host tools the netns
 * driver relies on, and the VLAN mode a lab will get. A library function, so tests and the lab
 * engine can ask the same question as the CLI.
 */
import { realExec } from '../core/exec.ts';
import type { Exec } from '../core/exec.ts';
import { machineCapabilities } from './capabilities.ts';
import type { Capabilities } from './capabilities.ts';
import { allRecipes } from './images/registry.ts';
import { imageStatus } from './images/image-build.ts';
import type { ImageStatus } from './images/image-build.ts';
import { driverNames, getDriver } from './drivers.ts';
import './fabric.ts'; // registers the drivers
import { CONTAINERLAB_VERSION, containerlabBin, containerlabVersion } from './containerlab/cli.ts';

/** Tools run on the machine itself: plumbing for every driver, scenario tools for netns hosts. */
export const MACHINE_TOOLS = ['ip', 'bridge', 'nsenter', 'iptables', 'mmdebstrap', 'ping', 'nc', 'nfs-ls', 'tcpdump', 'nft'] as const;

export interface DoctorReport {
  capabilities: Capabilities;
  images: ImageStatus[];
  tools: Record<string, boolean>;
  /** Per driver: what it lacks here (empty = usable). */
  drivers: Record<string, string[]>;
  /** The containerlab CLI `vracklab export --format containerlab` files are tested with: version null = not installed. */
  containerlab: { version: string | null; path: string; tested: string };
}

export async function doctorReport(exec: Exec = realExec): Promise<DoctorReport> {
  const capabilities = await machineCapabilities(exec === realExec ? undefined : exec);
  const images = capabilities.docker ? await Promise.all(allRecipes().map((r) => imageStatus(r, exec))) : allRecipes().map((r) => ({ name: r.name, tag: '', present: false, description: r.description }));
  const tools: Record<string, boolean> = {};
  const found = await exec('sh', ['-c', MACHINE_TOOLS.map((t) => `command -v ${t} >/dev/null && echo ${t}`).join('; ') + '; true'], { allowFailure: true });
  const present = new Set(found.stdout.split('\n').map((l) => l.trim()));
  for (const t of MACHINE_TOOLS) tools[t] = present.has(t);
  const drivers: Record<string, string[]> = {};
  for (const name of driverNames()) drivers[name] = getDriver(name).missing(capabilities);
  const containerlab = { version: await containerlabVersion(exec), path: containerlabBin(), tested: CONTAINERLAB_VERSION };
  return { capabilities, images, tools, drivers, containerlab };
}

export function formatDoctorReport(r: DoctorReport): string {
  const yes = (b: boolean) => (b ? 'yes' : 'NO');
  const k = r.capabilities.kernel;
  const out: string[] = [];
  out.push('kernel:');
  const rows: [string, boolean][] = [
    ['network namespaces', k.netns],
    ['veth', k.veth],
    ['bridge', k.bridge],
    ['802.1Q sub-interfaces (8021q)', k.vlan8021q],
    ['bridge vlan_filtering', k.vlanFiltering],
    ['netem (impairments)', k.netem],
    ['nftables', k.nftables],
  ];
  for (const [name, ok] of rows) out.push(`  ${name.padEnd(30)} ${yes(ok)}`);
  out.push(`docker engine: ${r.capabilities.docker ? r.capabilities.docker.version : 'NOT reachable'}`);
  out.push('images:');
  for (const i of r.images) out.push(`  ${i.name.padEnd(6)} ${(i.tag || '-').padEnd(28)} ${i.present ? 'present' : 'missing (vracklab images build ' + i.name + ')'}`);
  out.push('machine tools:');
  out.push(`  ${Object.entries(r.tools).map(([t, ok]) => `${t} ${ok ? 'yes' : 'NO'}`).join(', ')}`);
  out.push('drivers:');
  const width = Math.max(6, ...Object.keys(r.drivers).map((d) => d.length));
  for (const [d, missing] of Object.entries(r.drivers)) out.push(`  ${d.padEnd(width)} ${missing.length === 0 ? 'usable' : `unusable: lacks ${missing.join(', ')}`}`);
  const c = r.containerlab;
  out.push(`containerlab: ${c.version === null ? `not installed (scripts/setup.sh containerlab builds ${c.tested})` : `${c.version} (${c.path})${c.version === c.tested ? '' : `, vracklab is tested with ${c.tested}`}`}`);
  const why = r.capabilities.vlanMode === 'dot1q' ? '8021q and vlan_filtering present' : 'no 8021q/vlan_filtering: one bridge per (vRack, VLAN)';
  out.push(`VLAN mode: ${r.capabilities.vlanMode} (${why})`);
  return out.join('\n') + '\n';
}
