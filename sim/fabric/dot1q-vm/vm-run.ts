/**
 * Boots the VM kit (vm-kit.ts) with a script as /plan.sh and returns its console. Directories of
 * this machine can be shared into the VM with virtio-9p at the same path (read-only, or read-write
 * for what the VM hands back, e.g. a cucumber report): the project, Node, node_modules.
 */
import { mkdir, readFile, writeFile, rm } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { HarnessError } from '../../core/errors.ts';
import { realExec, shellQuote } from '../../core/exec.ts';
import type { Exec } from '../../core/exec.ts';
import { INIT, cacheDir, ensureVmKit } from './vm-kit.ts';

export interface VmShare {
  /** Absolute path on this machine. */
  path: string;
  /** Where it is mounted in the VM; default: the same path. */
  at?: string;
  writable?: boolean;
}

export interface VmRunOptions {
  shares?: readonly VmShare[];
  memoryMiB?: number;
  cpus?: number;
  /** Bound for one boot + script. */
  timeoutMs?: number;
}

const BOOT_ATTEMPTS = 3;
/** A q35 TCG boot reaches init in ~20–40 s here under load: one that has not in this long is stuck. */
const BOOT_DEADLINE_MS = 180_000;

/** One qemu run; killed early when the console shows no boot by the deadline. */
async function bootOnce(exec: Exec, argv: string[], consoleFile: string, timeoutMs: number): Promise<{ console: string; exitCode: number; stderr: string }> {
  const stuck = new AbortController();
  const started = Date.now();
  const read = async () => readFile(consoleFile, 'utf8').catch(() => '');
  const watch = (async () => {
    while (!stuck.signal.aborted && Date.now() - started < BOOT_DEADLINE_MS) {
      await delay(1000);
      if ((await read()).includes('VLVM-BOOTED')) return;
    }
    stuck.abort();
  })();
  const r = await exec('qemu-system-x86_64', argv, { timeoutMs, allowFailure: true, signal: stuck.signal }).catch((err: unknown) => ({ exitCode: -1, stderr: String(err) }));
  if (!stuck.signal.aborted) stuck.abort();
  await watch;
  return { console: await read(), exitCode: r.exitCode, stderr: r.stderr };
}
const PATH_RULE = /^\/[A-Za-z0-9_./@+-]*$/;

/** qemu `-fsdev`/`-device` arguments for the shares; tags vl0, vl1… */
export function shareArgs(shares: readonly VmShare[]): string[] {
  return shares.flatMap((s, i) => {
    // qemu splits its option strings at commas: a path is checked, never escaped.
    for (const p of [s.path, s.at ?? s.path])
      if (!PATH_RULE.test(p) || p.includes('..')) throw new HarnessError('INVALID_INPUT', `VM share path ${JSON.stringify(p)} refused: absolute, letters, digits and _ . / @ + - only, no ".."`);
    return ['-fsdev', `local,id=fs${i},path=${s.path},security_model=none${s.writable ? '' : ',readonly=on'}`, '-device', `virtio-9p-pci,fsdev=fs${i},mount_tag=vl${i}`];
  });
}

/** Shell lines mounting the shares in the VM (before the script proper). */
export function shareMounts(shares: readonly VmShare[]): string {
  return shares
    .map((s, i) => {
      const at = shellQuote(s.at ?? s.path);
      return `mkdir -p ${at} && mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,${s.writable ? 'rw' : 'ro,cache=loose'} vl${i} ${at} || { echo "VLVM-SHARE-FAILED ${s.at ?? s.path}"; exit 97; }`;
    })
    .join('\n');
}

/**
 * q35, not microvm: microvm has no HPET, and under load (TCG on a shared 2-core machine) the
 * kernel's TSC calibration against the PIT fails ("tsc: No reference (HPET/PMTIMER) available")
 * and the boot stops there; with q35's HPET it calibrates, and the guest's clock (the probers'
 * time stamps) runs true. A boot that shows no sign of life is still retried, bounded; after the
 * last attempt the run fails (VM_BOOT_FAILED), it is not a skip.
 */
export async function runInVm(script: string, options: VmRunOptions = {}, exec: Exec = realExec): Promise<string> {
  const { kernel, baseCpio } = await ensureVmKit(exec);
  const shares = options.shares ?? [];
  const work = join(cacheDir(), `run-${process.pid}-${Date.now()}`);
  await mkdir(work, { recursive: true });
  try {
    await writeFile(join(work, 'init'), INIT, { mode: 0o755 });
    // nfs-ganesha's VFS FSAL finds an export's filesystem through /etc/mtab, which an initramfs lacks.
    await writeFile(join(work, 'plan.sh'), `ln -sf /proc/self/mounts /etc/mtab\n${shareMounts(shares)}\n${script}`, { mode: 0o755 });
    await exec('sh', ['-c', `cd ${shellQuote(work)} && printf 'init\\nplan.sh\\n' | cpio -o -H newc --quiet > extra.cpio && cat ${shellQuote(baseCpio)} extra.cpio > initrd`]);
    const consoleFile = join(work, 'console.txt');
    const argv = [
      ...['-machine', 'q35,accel=tcg', '-cpu', 'max', '-m', String(options.memoryMiB ?? 1024), '-smp', String(options.cpus ?? 1)],
      ...['-nodefaults', '-no-user-config', '-display', 'none', '-serial', `file:${consoleFile}`, '-no-reboot'],
      ...shareArgs(shares),
      ...['-kernel', kernel, '-initrd', join(work, 'initrd'), '-append', 'console=ttyS0 rdinit=/init panic=-1 quiet'],
    ];
    let out = '';
    for (let attempt = 1; attempt <= BOOT_ATTEMPTS; attempt++) {
      const r = await bootOnce(exec, argv, consoleFile, options.timeoutMs ?? 90_000);
      out = r.console + (r.exitCode === 0 ? '' : `\n[qemu exit ${r.exitCode}, attempt ${attempt}/${BOOT_ATTEMPTS}] ${r.stderr}`);
      if (r.console.includes('VLVM-BOOTED')) return out;
    }
    throw new HarnessError('VM_BOOT_FAILED', `the dot1q test VM did not boot in ${BOOT_ATTEMPTS} attempts (no VLVM-BOOTED on its console within ${BOOT_DEADLINE_MS / 1000} s each); last console:\n${out.slice(-4000)}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
