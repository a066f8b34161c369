/**
 * What this machine can run, probed rather than assumed: kernels differ (CI here has no 8021q, no
 * bridge vlan_filtering, no netem). Kernel features are tried in a scratch namespace that is
 * removed afterwards, so probing changes nothing on the machine.
 */
import { HarnessError, invalidInput } from '../core/errors.ts';
import { realExec } from '../core/exec.ts';
import type { Exec } from '../core/exec.ts';
import { newRunId } from '../core/run-id.ts';
import { netnsName } from './names.ts';
import type { VlanModeName } from './types.ts';
import { DockerCli } from './docker/docker-cli.ts';

export interface KernelCapabilities {
  netns: boolean;
  veth: boolean;
  bridge: boolean;
  /** 802.1Q sub-interfaces (8021q module). */
  vlan8021q: boolean;
  /** Bridge vlan_filtering 1 really applied. */
  vlanFiltering: boolean;
  /** tc qdisc netem (delay/loss impairments). */
  netem: boolean;
  nftables: boolean;
}

export interface Capabilities {
  kernel: KernelCapabilities;
  /** Docker engine version, or null when the engine is not reachable. */
  docker: { version: string } | null;
  /** The VLAN mode `auto` resolves to. */
  vlanMode: VlanModeName;
}

/** Each probe is one command in the scratch namespace; success means the feature works. */
const KERNEL_PROBES: { key: keyof Omit<KernelCapabilities, 'netns'>; argv: (ns: string) => string[] }[] = [
  { key: 'veth', argv: (ns) => ['ip', '-n', ns, 'link', 'add', 'pv0', 'type', 'veth', 'peer', 'name', 'pv1'] },
  { key: 'bridge', argv: (ns) => ['ip', '-n', ns, 'link', 'add', 'pbr', 'type', 'bridge'] },
  { key: 'vlan8021q', argv: (ns) => ['ip', '-n', ns, 'link', 'add', 'link', 'pv0', 'name', 'pv0.42', 'type', 'vlan', 'id', '42'] },
  { key: 'vlanFiltering', argv: (ns) => ['ip', '-n', ns, 'link', 'add', 'pbf', 'type', 'bridge', 'vlan_filtering', '1'] },
  { key: 'netem', argv: (ns) => ['ip', 'netns', 'exec', ns, 'tc', 'qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '1ms'] },
  { key: 'nftables', argv: (ns) => ['ip', 'netns', 'exec', ns, 'nft', 'add', 'table', 'inet', 'vlprobe'] },
];

export async function probeKernel(exec: Exec = realExec): Promise<KernelCapabilities> {
  const ns = netnsName(newRunId(), 'probe');
  const caps: KernelCapabilities = { netns: false, veth: false, bridge: false, vlan8021q: false, vlanFiltering: false, netem: false, nftables: false };
  const add = await exec('ip', ['netns', 'add', ns], { allowFailure: true }).catch(() => null);
  if (!add || add.exitCode !== 0) return caps;
  caps.netns = true;
  try {
    for (const probe of KERNEL_PROBES) {
      const [file, ...args] = probe.argv(ns) as [string, ...string[]];
      const r = await exec(file, args, { allowFailure: true, timeoutMs: 10_000 }).catch(() => null);
      caps[probe.key] = r?.exitCode === 0;
    }
    // Some kernels accept the vlan_filtering attribute and silently ignore it: read it back.
    if (caps.vlanFiltering) {
      const r = await exec('ip', ['-n', ns, '-d', 'link', 'show', 'pbf'], { allowFailure: true });
      caps.vlanFiltering = /vlan_filtering 1/.test(r.stdout);
    }
  } finally {
    await exec('ip', ['netns', 'del', ns], { allowFailure: true }).catch(() => null);
  }
  return caps;
}

export async function probeDocker(exec: Exec = realExec): Promise<{ version: string } | null> {
  const version = await new DockerCli(exec).serverVersion();
  return version === null ? null : { version };
}

/** What `dot1q` needs that the kernel lacks (empty when it can run). */
export function dot1qMissing(kernel: KernelCapabilities): string[] {
  return [...(kernel.vlan8021q ? [] : ['8021q sub-interfaces']), ...(kernel.vlanFiltering ? [] : ['bridge vlan_filtering'])];
}

export const VLAN_MODE_CHOICES = ['auto', 'segment', 'dot1q'] as const;

/**
 * `auto` → dot1q when the kernel can, else segment; a forced mode the kernel cannot run is refused.
 * dot1q is what most users' kernels pick, and this machine cannot run it: it is proven by the dot1q
 * VM layer of `make test` (scripts/dot1q-vm.ts). Keep `auto` choosing it only while that layer is green.
 */
export function chooseVlanMode(requested: string | undefined, kernel: KernelCapabilities): VlanModeName {
  const mode = requested ?? 'auto';
  if (mode === 'auto') return dot1qMissing(kernel).length === 0 ? 'dot1q' : 'segment';
  if (mode === 'segment') {
    const missing = [...(kernel.bridge ? [] : ['bridge']), ...(kernel.veth ? [] : ['veth'])];
    if (missing.length > 0) throw new HarnessError('CAPABILITY_MISSING', `VLAN mode segment cannot run here: the kernel lacks ${missing.join(', ')} (probed in a scratch namespace)`, { details: { missing } });
    return 'segment';
  }
  if (mode === 'dot1q') {
    const missing = dot1qMissing(kernel);
    if (missing.length > 0)
      throw new HarnessError('CAPABILITY_MISSING', `VLAN mode dot1q cannot run here: the kernel lacks ${missing.join(' and ')} (use vlanMode 'segment' or 'auto'; dot1q runs on a kernel with 8021q, e.g. a Debian kernel under qemu)`, {
        details: { missing, validChoices: ['auto', 'segment'] },
      });
    return 'dot1q';
  }
  throw invalidInput('VLAN mode', mode, 'not a known mode', VLAN_MODE_CHOICES);
}

let cached: Promise<Capabilities> | undefined;

/** Probes once per process (the machine does not change under a run); `exec` given → no cache. */
export function machineCapabilities(exec?: Exec): Promise<Capabilities> {
  const run = async (e: Exec): Promise<Capabilities> => {
    const [kernel, docker] = await Promise.all([probeKernel(e), probeDocker(e)]);
    return { kernel, docker, vlanMode: chooseVlanMode('auto', kernel) };
  };
  if (exec && exec !== realExec) return run(exec);
  cached ??= run(realExec).catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}
