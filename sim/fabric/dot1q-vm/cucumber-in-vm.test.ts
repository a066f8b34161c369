import { mkdirSync, mkdtempSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VM_NODE_PREFIX, cucumberScript, vmExitCode, vmShares } from './cucumber-in-vm.ts';

const scratch = mkdtempSync(join(tmpdir(), 'vl-cuvm-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const root = join(scratch, 'project');
mkdirSync(root);
mkdirSync(join(scratch, 'shared-modules'));
symlinkSync(join(scratch, 'shared-modules'), join(root, 'node_modules'));
mkdirSync(join(scratch, 'node', 'bin'), { recursive: true });
const nodeExec = join(scratch, 'node', 'bin', 'node');

describe('cucumber in the dot1q VM', () => {
  it('shares the project read-only, its reports read-write, node_modules where it really is, and Node at a fixed prefix', () => {
    symlinkSync('/bin/true', nodeExec);
    const shares = vmShares({ root, nodeExec: join(scratch, 'node', 'bin', 'node') });
    expect(shares.slice(0, 3)).toEqual([{ path: root }, { path: join(root, 'reports'), writable: true }, { path: join(scratch, 'shared-modules') }]);
    expect(shares[3]?.at).toBe(VM_NODE_PREFIX);
  });

  it('runs the dot1qVm profile on the chosen features and VLAN mode, writing the report the tally reads', () => {
    const script = cucumberScript({ root, nodeExec, features: ['features/link'], vlanMode: 'segment' });
    expect(script).toContain(`VRACKLAB_VLAN_MODE='segment'`);
    expect(script).toContain(`VRACKLAB_FEATURES='features/link'`);
    expect(script).toContain('--profile dot1qVm --format json:reports/cucumber-dot1q-vm.json');
    expect(() => cucumberScript({ root, nodeExec, features: ['features/$(reboot)'] })).toThrow(/a path under features\//);
    expect(() => cucumberScript({ root, nodeExec, features: ['/etc'] })).toThrow(/a path under features\//);
  });

  it("reads cucumber's exit code off the console, and none when the script never finished", () => {
    expect(vmExitCode('VLVM-BOOTED\n...\nVLVM-EXIT=1\n')).toBe(1);
    expect(vmExitCode('VLVM-BOOTED\n')).toBeNull();
  });
});
