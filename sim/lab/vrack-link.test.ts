import { describe, expect, it } from 'vitest';
import type { KernelCapabilities } from '../fabric/capabilities.ts';
import type { RunningLab } from './running-lab.ts';
import { impairVrackLink, netemArgs, vrackNicOf } from './vrack-link.ts';

const KERNEL: KernelCapabilities = { netns: true, veth: true, bridge: true, vlan8021q: true, vlanFiltering: true, netem: true, nftables: true };

/** A lab with bm1 on a vRack segment and gw on the public network only; records the commands run in hosts. */
function fakeLab(): { lab: RunningLab; commands: string[][] } {
  const commands: string[][] = [];
  const lab = {
    model: {
      name: 'fake',
      segments: [
        { key: 'v', kind: 'vrack' },
        { key: 'p', kind: 'public' },
      ],
      hosts: [
        { name: 'bm1', nics: [{ ifname: 'eth0', segment: 'v', network: 'priv', ip: '10.0.0.5', address: '10.0.0.5/24' }] },
        { name: 'gw', nics: [{ ifname: 'eth0', segment: 'p', network: 'public', ip: '1.2.3.4', address: '1.2.3.4/24' }] },
      ],
    },
    host: () => ({ exec: async (argv: string[]) => void commands.push(argv) }),
  } as unknown as RunningLab;
  return { lab, commands };
}

describe('vRack link impairments', () => {
  it('turns a delay and a loss into netem arguments, refusing numbers out of range', () => {
    expect(netemArgs({ delayMs: 100 })).toEqual(['delay', '100ms']);
    expect(netemArgs({ lossPercent: 20 })).toEqual(['loss', '20%']);
    expect(() => netemArgs({ delayMs: 0 })).toThrow(/1–10000/);
    expect(() => netemArgs({ lossPercent: 120 })).toThrow(/at most 100/);
    expect(() => netemArgs({})).toThrow(/a delay or a loss/);
  });

  it('puts netem on the host vRack NIC where the kernel has it', async () => {
    const { lab, commands } = fakeLab();
    await impairVrackLink(lab, 'bm1', { delayMs: 100 }, KERNEL);
    expect(commands).toEqual([['tc', 'qdisc', 'replace', 'dev', 'eth0', 'root', 'netem', 'delay', '100ms']]);
  });

  it('refuses, naming sch_netem, on a kernel without netem: nothing is run, nothing is skipped', async () => {
    const { lab, commands } = fakeLab();
    await expect(impairVrackLink(lab, 'bm1', { lossPercent: 20 }, { ...KERNEL, netem: false })).rejects.toThrow(/need the kernel's sch_netem/);
    expect(commands).toEqual([]);
  });

  it("finds the host's vRack NIC, and says so when it has none", () => {
    const { lab } = fakeLab();
    expect(vrackNicOf(lab, 'bm1').ifname).toBe('eth0');
    expect(() => vrackNicOf(lab, 'gw')).toThrow(/no NIC on a vRack \(NICs: eth0 on public\)/);
    expect(() => vrackNicOf(lab, 'nope')).toThrow(/no host "nope"/);
  });
});
