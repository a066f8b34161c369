/**
 * A throw-away Debian VM that has what this machine's kernel lacks (8021q, bridge vlan_filtering):
 * the Debian kernel and a minimal root (iproute2, ping, util-linux, procps, kmod) built with
 * mmdebstrap, booted with `qemu-system-x86_64 -machine microvm,accel=tcg` (nested KVM fails here;
 * TCG boots in tens of seconds). The root is an initramfs; a script is appended as a second cpio
 * archive (the kernel unpacks concatenated archives), run by /init, and the VM powers off.
 * Needs qemu-system-x86 and cpio on the machine; cached under /var/cache/vracklab/dot1q-vm.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../../core/errors.ts';
import { realExec } from '../../core/exec.ts';
import type { Exec } from '../../core/exec.ts';
import { formatCommand, shellQuote } from '../../core/exec.ts';
import { machineDebLines } from '../images/apt-sources.ts';
import { mmdebstrapBaseArgs } from '../images/image-build.ts';
import { DEBIAN_SUITE } from '../images/image-tag.ts';

export const VM_PACKAGES = ['linux-image-amd64', 'kmod', 'mount', 'iproute2', 'iputils-ping', 'procps', 'util-linux'];
/** Kernel modules the data plane needs (and their dependencies, resolved by depmod). */
const KEEP_MODULES = ['net/8021q', 'net/bridge', 'net/802', 'net/llc', 'drivers/net/veth.ko'];
const INIT = `#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tmpfs tmpfs /run
mkdir -p /run/netns
for m in 8021q bridge veth; do modprobe $m; done
echo VLVM-BOOTED
sh /plan.sh 2>&1
echo VLVM-EXIT=$?
echo o > /proc/sysrq-trigger
sleep 10
`;

/** Keyed by what goes into the VM: a changed package or module list builds a new kit. */
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
    // Only the modules we load: the full set is ~350 MB, too much for an initramfs.
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

/** Boots the VM with `script` as /plan.sh; returns the console output. */
const BOOT_ATTEMPTS = 3;
const BOOT_TIMEOUT_MS = 90_000;

export async function runInVm(script: string, exec: Exec = realExec): Promise<string> {
  const { kernel, baseCpio } = await ensureVmKit(exec);
  const work = join(cacheDir(), `run-${process.pid}-${Date.now()}`);
  await mkdir(work, { recursive: true });
  try {
    await writeFile(join(work, 'init'), INIT, { mode: 0o755 });
    await writeFile(join(work, 'plan.sh'), script, { mode: 0o755 });
    await exec('sh', ['-c', `cd ${shellQuote(work)} && printf 'init\\nplan.sh\\n' | cpio -o -H newc --quiet > extra.cpio && cat ${shellQuote(baseCpio)} extra.cpio > initrd`]);
    // A TCG boot takes ~10–20 s here, but now and then one never reaches init (no console output
    // at all within minutes; seen ~1 run in 4 under load, never twice in a row). The thing under
    // test is the plan, not qemu's boot: a boot that shows no sign of life is retried, bounded.
    let out = '';
    for (let attempt = 1; attempt <= BOOT_ATTEMPTS; attempt++) {
      const r = await exec(
        'qemu-system-x86_64',
        ['-machine', 'microvm,accel=tcg', '-cpu', 'max', '-m', '1024', '-nodefaults', '-no-user-config', '-display', 'none', '-serial', 'stdio', '-no-reboot', '-kernel', kernel, '-initrd', join(work, 'initrd'), '-append', 'console=ttyS0 rdinit=/init panic=-1 quiet'],
        { timeoutMs: BOOT_TIMEOUT_MS, allowFailure: true },
      );
      out = r.stdout + (r.exitCode === 0 ? '' : `\n[qemu exit ${r.exitCode}, attempt ${attempt}/${BOOT_ATTEMPTS}] ${r.stderr}`);
      if (r.stdout.includes('VLVM-BOOTED')) break;
    }
    return out;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
