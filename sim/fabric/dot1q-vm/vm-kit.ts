/**
 * A throw-away Debian VM that has what this machine's kernel lacks (8021q, bridge vlan_filtering,
 * netem): the Debian kernel and a root with the tools the netns driver's hosts use (iproute2, ping,
 * nc, libnfs-utils, nftables, tcpdump, nfs-ganesha + rpcbind for the EFS), built with mmdebstrap,
 * booted with `qemu-system-x86_64 -machine q35,accel=tcg` (nested KVM fails here) by vm-run.ts.
 * The root is an initramfs; the script to run is appended as a second cpio archive (the kernel
 * unpacks concatenated archives), run by /init, and the VM powers off. Node and the project are not
 * in the image: vm-run.ts shares them into the VM read-only with virtio-9p.
 * Needs qemu-system-x86, cpio and mmdebstrap on the machine; cached under /var/cache/vracklab/dot1q-vm,
 * keyed by the recipe (packages, modules, init).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../../core/errors.ts';
import { realExec } from '../../core/exec.ts';
import type { Exec } from '../../core/exec.ts';
import { formatCommand, shellQuote } from '../../core/exec.ts';
import { machineDebLines } from '../images/apt-sources.ts';
import { mmdebstrapBaseArgs } from '../images/image-build.ts';
import { DEBIAN_SUITE } from '../images/image-tag.ts';
import { efsRecipe } from '../images/recipes/efs.ts';
import { hostRecipe } from '../images/recipes/host.ts';

/** The lab images' packages (a netns host runs on the VM's root), minus iptables (no dockerd there: the fabric skips it) and tini. */
const LAB_PACKAGES = [...new Set([...hostRecipe.packages, ...efsRecipe.packages])].filter((p) => p !== 'iptables' && p !== 'tini');
export const VM_PACKAGES = ['linux-image-amd64', 'kmod', 'mount', 'util-linux', ...LAB_PACKAGES];
/**
 * Kernel module trees kept (the full set is ~350 MB, too much for an initramfs); depmod resolves
 * what they need among themselves. 9p + virtio carry the shares; net/sched has netem; libcrc32c (nf_tables) needs the crc32c of crypto/.
 */
const KEEP_MODULES = ['net/8021q', 'net/bridge', 'net/802', 'net/llc', 'drivers/net/veth.ko', 'net/sched', 'net/netfilter', 'net/ipv4/netfilter', 'net/ipv6/netfilter', 'net/9p', 'fs/9p', 'fs/netfs', 'fs/fscache', 'drivers/virtio', 'lib', 'crypto', 'arch/x86/crypto'];
/** Loaded at boot; nftables' expression modules load on demand (kmod is in the root). */
export const BOOT_MODULES = ['virtio_pci', '9pnet_virtio', '9p', '8021q', 'bridge', 'veth', 'sch_netem', 'nf_tables'];
export const INIT = `#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts /dev/shm && mount -t devpts devpts /dev/pts && mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
mkdir -p /run/netns /run/rpcbind /run/ganesha /var/lib/nfs/ganesha && chown _rpc /run/rpcbind
for m in ${BOOT_MODULES.join(' ')}; do modprobe $m || echo "VLVM-MODPROBE-FAILED $m"; done
ip link set dev lo up
echo VLVM-BOOTED
sh /plan.sh 2>&1
echo VLVM-EXIT=$?
sync
echo o > /proc/sysrq-trigger
sleep 10
`;

/** Keyed by what goes into the VM: a changed package or module list, or init, builds a new kit. */
export function cacheDir(): string {
  const key = createHash('sha256').update(JSON.stringify([VM_PACKAGES, KEEP_MODULES, INIT])).digest('hex').slice(0, 12);
  return join(process.env.VRACKLAB_VM_CACHE ?? '/var/cache/vracklab/dot1q-vm', key);
}

/** What the machine lacks to run the VM (empty = can run). */
export async function vmMissing(exec: Exec = realExec): Promise<string[]> {
  const r = await exec('sh', ['-c', 'for t in qemu-system-x86_64 cpio mmdebstrap; do command -v $t >/dev/null || echo $t; done'], { allowFailure: true });
  return r.stdout.split('\n').filter(Boolean);
}

/** Builds (once) the kernel and the base initramfs. Returns their paths. */
export async function ensureVmKit(exec: Exec = realExec): Promise<{ kernel: string; baseCpio: string }> {
  const dir = cacheDir();
  const kernel = join(dir, 'vmlinuz');
  const baseCpio = join(dir, 'base.cpio');
  if (existsSync(kernel) && existsSync(baseCpio)) return { kernel, baseCpio };
  await mkdir(dir, { recursive: true });
  const root = join(dir, 'root');
  const deb = await machineDebLines(DEBIAN_SUITE);
  // An initramfs must be small: locales go too.
  const mm = formatCommand('mmdebstrap', [...mmdebstrapBaseArgs('directory'), '--dpkgopt=path-exclude=/usr/share/locale/*', `--include=${VM_PACKAGES.join(',')}`, DEBIAN_SUITE, root, ...deb.filter((l) => !l.includes('security') && !l.includes('updates'))]);
  const keep = KEEP_MODULES.map((m) => `-path "./kernel/${m}*"`).join(' -o ');
  const script = [
    'set -eu',
    // Under the kit's lock (below): a build that finished while this one waited is kept.
    `if [ -s ${shellQuote(kernel)} ] && [ -s ${shellQuote(baseCpio)} ]; then exit 0; fi`,
    `rm -rf ${shellQuote(root)}`,
    `mkdir ${shellQuote(root)}`,
    mm,
    `cd ${shellQuote(root)}`,
    `cp boot/vmlinuz-* ${shellQuote(`${kernel}.tmp`)}`,
    'rm -rf boot var/cache/apt/* var/lib/apt/lists/*',
    'ver=$(ls lib/modules)',
    `(cd lib/modules/$ver && find ./kernel -type f ! \\( ${keep} \\) -delete)`,
    'chroot . depmod $ver',
    `find . -print0 | cpio --null -o -H newc --quiet > ${shellQuote(`${baseCpio}.tmp`)}`,
    `mv ${shellQuote(`${kernel}.tmp`)} ${shellQuote(kernel)}`,
    `mv ${shellQuote(`${baseCpio}.tmp`)} ${shellQuote(baseCpio)}`,
    `rm -rf ${shellQuote(root)}`,
  ].join('\n');
  // Renamed into place: a concurrent build reading the previous script keeps its own copy.
  await writeFile(join(dir, `build.sh.${process.pid}`), script);
  await rename(join(dir, `build.sh.${process.pid}`), join(dir, 'build.sh'));
  try {
    // One build at a time per kit: `make test` starts it in the background (scripts/setup.sh
    // vm-kit) while the dot1q VM test may ask for it too; the second waits, then finds it built.
    await exec('flock', [join(dir, '.build.lock'), 'bash', join(dir, 'build.sh')], { timeoutMs: 600_000 });
  } catch (err) {
    throw new HarnessError('VM_BUILD_FAILED', `dot1q test VM could not be built: mmdebstrap/cpio failed (${dir})`, { cause: err });
  }
  return { kernel, baseCpio };
}
