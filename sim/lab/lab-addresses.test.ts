import { describe, expect, it } from 'vitest';
import type { ResolvedLab } from '../topology/model.ts';
import { freeAddressIn, hostAddress } from './lab-addresses.ts';

const nic = (ip: string) => ({ ifname: 'eth0', segment: 's', network: 'n', address: `${ip}/24`, ip });
const lab = {
  name: 'acme',
  hosts: [
    { name: 'gw', nics: [nic('10.9.0.1')], loopbackAddresses: [] },
    { name: 'app', nics: [nic('10.9.0.2'), nic('10.8.0.2')], loopbackAddresses: ['192.0.2.1/32'] },
    { name: 'web', nics: [], loopbackAddresses: [], pod: { node: 'app', hostNetwork: false, address: '10.244.0.5/24' } },
    { name: 'hostweb', nics: [], loopbackAddresses: [], pod: { node: 'app', hostNetwork: true, address: null } },
  ],
} as unknown as ResolvedLab;

describe('hostAddress', () => {
  it("is a pod's own address, else the host's first NIC's", () => {
    expect(hostAddress(lab, 'web')).toBe('10.244.0.5');
    expect(hostAddress(lab, 'app')).toBe('10.9.0.2');
  });

  it('fails on a name the lab does not have, listing the hosts it has', () => {
    expect(() => hostAddress(lab, 'bm1')).toThrow('no host "bm1" in lab acme (hosts: gw, app, web, hostweb)');
  });

  it('fails on a hostNetwork pod, which has no address of its own', () => {
    expect(() => hostAddress(lab, 'hostweb')).toThrow(/no address of its own/);
  });
});

describe('freeAddressIn', () => {
  it('is the first address of the block that no host holds', () => {
    expect(freeAddressIn(lab, '10.9.0.0/24')).toBe('10.9.0.3');
    expect(freeAddressIn(lab, '10.7.0.0/16')).toBe('10.7.0.1');
  });

  it('fails when the hosts hold the whole block', () => {
    expect(() => freeAddressIn(lab, '10.9.0.1/32')).toThrow(/every address of 10\.9\.0\.1\/32 is held/);
  });

  it('refuses a text that is not a CIDR', () => {
    expect(() => freeAddressIn(lab, '10.9.0.0')).toThrow(/not a CIDR/);
  });
});
