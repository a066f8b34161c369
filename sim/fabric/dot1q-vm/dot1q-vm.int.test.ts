// dot1q mode on a real kernel that has it: the exact command plan the fabric produces, replayed in
// a Debian kernel under qemu (this machine's kernel has no 8021q / vlan_filtering). Skips, with the
// reason, where qemu-system-x86_64, cpio or mmdebstrap are missing. First run builds the VM (~1 min).
import { describe, expect, it } from 'vitest';
import { newRunId } from '../../core/run-id.ts';
import { runInVm, vmMissing } from './vm-kit.ts';
import { CHECKS, dot1qScenarioScript } from './dot1q-scenario.ts';

const missing = await vmMissing();
if (missing.length > 0) console.warn(`[skip] dot1q VM test: this machine lacks ${missing.join(', ')} (apt-get install qemu-system-x86 cpio)`);

describe.skipIf(missing.length > 0)('dot1q mode in a VM with 8021q and vlan_filtering', () => {
  it('separates VLANs and vRacks with real 802.1Q tags on VLAN-aware bridges', async () => {
    const { script } = await dot1qScenarioScript(newRunId());
    const console_ = await runInVm(script);
    expect(console_, console_).toContain('VLVM-BOOTED');
    expect(console_, 'the replayed plan failed (set -e)').toContain('VLVM-EXIT=0');
    for (const c of CHECKS) expect(console_, `${c.name}\n${console_}`).toContain(`VLCHECK ${c.from}>${c.to} ${c.reach ? 'reach' : 'noreach'}`);
    expect(console_).toContain('VLTAG vlan protocol 802.1Q id 10');
    expect(console_).toMatch(/VLFILTER\s+\d+ vlan_filtering 1/);
  }, 600_000);
});
