/**
 * The dot1q VM layer of `make test` (scripts/test-all.sh): builds the VM kit once (cached by its
 * recipe under /var/cache/vracklab/dot1q-vm), boots it, and runs the @dot1q-vm scenarios there by
 * cucumber (sim/fabric/dot1q-vm/cucumber-in-vm.ts). The report: reports/cucumber-dot1q-vm.json.
 * A VM that does not boot after bounded retries fails the layer. Exit code = cucumber's in the VM.
 * Run: node scripts/dot1q-vm.ts [--segment] [feature paths…]   (--segment: the red check, tags must fail)
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { ensureVmKit } from '../sim/fabric/dot1q-vm/vm-kit.ts';
import { runInVm } from '../sim/fabric/dot1q-vm/vm-run.ts';
import { cucumberScript, vmExitCode, vmShares } from '../sim/fabric/dot1q-vm/cucumber-in-vm.ts';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const vlanMode = args.includes('--segment') ? 'segment' : 'dot1q';
const features = args.filter((a) => !a.startsWith('--'));
const t0 = performance.now();
await ensureVmKit();
const kitS = (performance.now() - t0) / 1000;
const script = cucumberScript({ root, nodeExec: process.execPath, vlanMode, ...(features.length > 0 ? { features } : {}) });
// 4 GiB, 2 vCPUs. Measured on a loaded shared 2-core machine: ~20 min (docs/fabric.md); the bound is 25.
const out = await runInVm(script, { shares: vmShares({ root, nodeExec: process.execPath }), memoryMiB: 4096, cpus: 2, timeoutMs: 1_500_000 });
process.stdout.write(out.replace(/^\[ *\d+\.\d+\] .*\n/gm, ''));
const code = vmExitCode(out);
console.log(`dot1q VM layer: ${((performance.now() - t0) / 1000).toFixed(0)} s (kit ${kitS.toFixed(0)} s), VLAN mode ${vlanMode}, cucumber exit ${code ?? 'none (the script did not finish)'}`);
process.exit(code ?? 1);
