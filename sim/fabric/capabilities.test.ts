import { describe, expect, it } from 'vitest';
import { recordingExec } from '../core/exec.ts';
import { chooseVlanMode, probeKernel } from './capabilities.ts';
import type { KernelCapabilities } from './capabilities.ts';

const all: KernelCapabilities = { netns: true, veth: true, bridge: true, vlan8021q: true, vlanFiltering: true, netem: true, nftables: true };
const ciKernel: KernelCapabilities = { ...all, vlan8021q: false, vlanFiltering: false, netem: false };

describe('VLAN mode choice', () => {
  it('auto picks dot1q only with 8021q and vlan_filtering', () => {
    expect(chooseVlanMode('auto', all)).toBe('dot1q');
    expect(chooseVlanMode(undefined, ciKernel)).toBe('segment');
    expect(chooseVlanMode('auto', { ...all, vlanFiltering: false })).toBe('segment');
  });

  it('refuses a forced dot1q on a kernel without it, naming what is missing', () => {
    expect(() => chooseVlanMode('dot1q', ciKernel)).toThrow(/VLAN mode dot1q cannot run here: the kernel lacks 8021q sub-interfaces and bridge vlan_filtering/);
    expect(chooseVlanMode('segment', ciKernel)).toBe('segment');
  });

  it('refuses an unknown mode listing the valid ones', () => {
    expect(() => chooseVlanMode('qinq', all)).toThrow(/invalid VLAN mode: not a known mode \(got "qinq"; valid: auto, segment, dot1q\)/);
  });
});

describe('kernel probe', () => {
  it('tries each feature in a scratch namespace, reads vlan_filtering back, and removes the namespace', async () => {
    const exec = recordingExec((c) => {
      if (c.args.includes('vlan') && c.args.includes('id')) return { exitCode: 2, stderr: 'Error: Unknown device type.' };
      if (c.args.includes('netem')) return { exitCode: 2 };
      // The attribute is accepted but does not stick: must not count as vlan_filtering.
      if (c.args.includes('-d')) return { stdout: 'pbf: <BROADCAST> bridge forward_delay 1500 vlan_filtering 0' };
      return undefined;
    });
    const caps = await probeKernel(exec);
    expect(caps).toEqual({ ...all, vlan8021q: false, vlanFiltering: false, netem: false });
    const ns = exec.calls[0]?.args[2];
    expect(exec.calls[0]?.args.slice(0, 2)).toEqual(['netns', 'add']);
    expect(ns).toMatch(/^vl[a-z0-9]{6}-probe$/);
    expect(exec.calls.at(-1)?.args).toEqual(['netns', 'del', ns]);
  });

  it('reports nothing when namespaces cannot be created', async () => {
    const exec = recordingExec(() => ({ exitCode: 1, stderr: 'Operation not permitted' }));
    expect(await probeKernel(exec)).toEqual({ netns: false, veth: false, bridge: false, vlan8021q: false, vlanFiltering: false, netem: false, nftables: false });
  });
});
