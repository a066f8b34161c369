/**
 * The dot1q VM layer: the lab features tagged @dot1q-vm, run by cucumber (profile dot1qVm: netns
 * driver, VLAN mode forced to dot1q) inside the Debian-kernel VM, which has 8021q, vlan_filtering
 * and netem. The project, node_modules and Node are shared into the VM read-only (virtio-9p); the
 * project's reports/ read-write, so the cucumber JSON report lands where the tally reads it.
 */
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { shellQuote } from '../../core/exec.ts';
import { invalidInput } from '../../core/errors.ts';
import type { VmShare } from './vm-run.ts';

/** Where Node's install prefix is mounted in the VM (its own path may be /usr/local, which the VM has). */
export const VM_NODE_PREFIX = '/opt/vracklab-node';
export const DOT1Q_VM_REPORT = 'reports/cucumber-dot1q-vm.json';
export const DEFAULT_FEATURES = ['features/endpoint', 'features/routing', 'features/link'];
/** Outage allowed beyond a cut in the VM: a 1 s cut measured 8.2 s there under load (TCG, shared 2-core machine). */
export const VM_RECOVERY_TOLERANCE_MS = 12_000;
const FEATURE_RULE = /^features\/[A-Za-z0-9_./:-]+$/;

export interface CucumberInVmOptions {
  /** The project root on this machine. */
  root: string;
  /** Node's executable on this machine (process.execPath). */
  nodeExec: string;
  features?: readonly string[];
  vlanMode?: 'dot1q' | 'segment';
  parallel?: number;
}

/** The shares: the project (ro), its reports/ (rw), node_modules when it lives elsewhere (ro), Node's prefix (ro). */
export function vmShares(o: Pick<CucumberInVmOptions, 'root' | 'nodeExec'>): VmShare[] {
  const root = realpathSync(o.root);
  const reports = join(root, 'reports');
  mkdirSync(reports, { recursive: true });
  const shares: VmShare[] = [{ path: root }, { path: reports, writable: true }];
  const modules = join(root, 'node_modules');
  if (existsSync(modules)) {
    const real = realpathSync(modules);
    if (!real.startsWith(`${root}/`)) shares.push({ path: real });
  }
  shares.push({ path: dirname(dirname(realpathSync(o.nodeExec))), at: VM_NODE_PREFIX });
  return shares;
}

/** The script the VM runs: cucumber with the dot1qVm profile, its exit code on the console. */
export function cucumberScript(o: CucumberInVmOptions): string {
  const features = o.features ?? DEFAULT_FEATURES;
  for (const f of features) if (!FEATURE_RULE.test(f) || f.includes('..')) throw invalidInput('VM layer feature path', f, 'a path under features/ (letters, digits, _ . / : -), no ".."');
  const parallel = o.parallel ?? 2;
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 4) throw invalidInput('VM layer parallel', parallel, 'an integer 1–4');
  const env = {
    PATH: `${VM_NODE_PREFIX}/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
    HOME: '/root',
    VRACKLAB_SKIP_GC: '1',
    VRACKLAB_PARALLEL: String(parallel),
    VRACKLAB_VLAN_MODE: o.vlanMode ?? 'dot1q',
    VRACKLAB_FEATURES: features.join(' '),
    // The CPU is emulated: a disruptive change's detach + attach takes seconds (lab.steps.ts).
    VRACKLAB_RECOVERY_TOLERANCE_MS: String(VM_RECOVERY_TOLERANCE_MS),
  };
  return [
    `cd ${shellQuote(realpathSync(o.root))}`,
    `export ${Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)}`).join(' ')}`,
    'echo "VLVM-KERNEL $(uname -r)"',
    `node node_modules/@cucumber/cucumber/bin/cucumber.js --profile dot1qVm --format json:${DOT1Q_VM_REPORT}`,
  ].join('\n');
}

/** cucumber's exit code from the console, or null when the script never got that far. */
export function vmExitCode(console_: string): number | null {
  const m = /VLVM-EXIT=(\d+)/.exec(console_);
  return m ? Number(m[1]) : null;
}
