import { describe, expect, it } from 'vitest';
import type { CurrentSubnet, TargetSubnet } from './model.ts';
import { planReconcile } from './reconcile-plan.ts';

const A = 'urn:v1:eu:resource:storageNetApp:aaaaaaaa-0000-4000-8000-000000000001';
const B = 'urn:v1:eu:resource:storageNetApp:bbbbbbbb-0000-4000-8000-000000000002';
const target = (urns: string[], o: Partial<TargetSubnet> = {}): TargetSubnet => ({
  cidr: '10.0.0.0/24',
  displayName: null,
  serviceEndpoints: urns.map((managedServiceURN) => ({ managedServiceURN })),
  serviceRange: { cidr: '10.0.0.0/29' },
  vlan: 2,
  ...o,
});
const current = (eps: [string, string][], o: Partial<CurrentSubnet> = {}): CurrentSubnet => ({
  cidr: '10.0.0.0/24',
  displayName: null,
  serviceEndpoints: eps.map(([managedServiceURN, ip]) => ({ managedServiceURN, endpoints: [{ description: 'Nominal', ip }] })),
  serviceRange: { cidr: '10.0.0.0/29' },
  vlan: 2,
  ...o,
});

describe('planReconcile: the minimal diff', () => {
  it('no change: nothing to do', () => {
    const p = planReconcile([current([[A, '10.0.0.1']])], [target([A])]);
    expect(p).toMatchObject({ detach: [], attach: [], disruptive: false, changes: [] });
  });
  it('a new subnet with endpoints is seamless: attaches from the lowest usable IP', () => {
    const p = planReconcile([], [target([A, B])]);
    expect(p.disruptive).toBe(false);
    expect(p.detach).toEqual([]);
    expect(p.attach.map((a) => [a.managedServiceURN, a.ip, a.vlan, a.subnetCidr])).toEqual([
      [A, '10.0.0.1', 2, '10.0.0.0/24'],
      [B, '10.0.0.2', 2, '10.0.0.0/24'],
    ]);
  });
  it('a new endpoint is seamless: the existing one keeps its IP and is not touched', () => {
    const p = planReconcile([current([[A, '10.0.0.1']])], [target([A, B])]);
    expect(p.disruptive).toBe(false);
    expect(p.detach).toEqual([]);
    expect(p.attach.map((a) => [a.managedServiceURN, a.ip])).toEqual([[B, '10.0.0.2']]);
    expect(p.subnets[0]?.serviceEndpoints.map((e) => e.endpoints[0]?.ip)).toEqual(['10.0.0.1', '10.0.0.2']);
  });
  it('a display-name change is seamless and touches nothing', () => {
    const p = planReconcile([current([[A, '10.0.0.1']])], [target([A], { displayName: 'db' })]);
    expect(p).toMatchObject({ detach: [], attach: [], disruptive: false });
    expect(p.changes.map((c) => c.kind)).toEqual(['subnet-renamed']);
  });
  it('deleting an empty subnet is seamless', () => {
    const p = planReconcile([current([])], []);
    expect(p).toMatchObject({ detach: [], attach: [], disruptive: false });
    expect(p.changes.map((c) => [c.kind, c.disruptive])).toEqual([['subnet-removed', false]]);
  });
  it('a VLAN change is disruptive: detach all of the subnet, re-elect, re-attach on the new VLAN', () => {
    const p = planReconcile([current([[A, '10.0.0.1'], [B, '10.0.0.2']])], [target([A, B], { vlan: 5 })]);
    expect(p.disruptive).toBe(true);
    expect(p.detach.map((d) => [d.ip, d.vlan])).toEqual([
      ['10.0.0.1', 2],
      ['10.0.0.2', 2],
    ]);
    expect(p.attach.map((d) => [d.ip, d.vlan])).toEqual([
      ['10.0.0.1', 5],
      ['10.0.0.2', 5],
    ]);
  });
  it('a serviceRange change is disruptive and re-elects IPs in the new range', () => {
    const p = planReconcile([current([[A, '10.0.0.1']])], [target([A], { serviceRange: { cidr: '10.0.0.32/27' } })]);
    expect(p.disruptive).toBe(true);
    expect(p.detach.map((d) => d.ip)).toEqual(['10.0.0.1']);
    expect(p.attach.map((d) => d.ip)).toEqual(['10.0.0.32']);
  });
  it('a CIDR change is a delete + create: the old subnet endpoints are detached, new ones attached', () => {
    const p = planReconcile([current([[A, '10.0.0.1']])], [target([A], { cidr: '10.9.0.0/24', serviceRange: { cidr: '10.9.0.0/29' } })]);
    expect(p.disruptive).toBe(true);
    expect(p.detach.map((d) => d.ip)).toEqual(['10.0.0.1']);
    expect(p.attach.map((d) => d.ip)).toEqual(['10.9.0.1']);
  });
  it('deleting an endpoint is disruptive: the remaining ones are re-elected from the lowest address', () => {
    const p = planReconcile([current([[A, '10.0.0.1'], [B, '10.0.0.2']])], [target([B])]);
    expect(p.disruptive).toBe(true);
    expect(p.changes.map((c) => c.kind)).toEqual(['endpoint-removed']);
    expect(p.detach.map((d) => d.ip)).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(p.attach.map((d) => [d.managedServiceURN, d.ip])).toEqual([[B, '10.0.0.1']]);
  });
  it('deleting a subnet with endpoints is disruptive and detaches them', () => {
    const p = planReconcile([current([[A, '10.0.0.1']])], []);
    expect(p.disruptive).toBe(true);
    expect(p.detach.map((d) => d.ip)).toEqual(['10.0.0.1']);
    expect(p.attach).toEqual([]);
    expect(p.subnets).toEqual([]);
  });
  it('a disruptive change in one subnet leaves the other subnet alone', () => {
    const other = current([[B, '10.1.0.1']], { cidr: '10.1.0.0/24', serviceRange: { cidr: '10.1.0.0/29' }, vlan: 3 });
    const p = planReconcile([current([[A, '10.0.0.1']]), other], [target([A], { vlan: 9 }), target([B], { cidr: '10.1.0.0/24', serviceRange: { cidr: '10.1.0.0/29' }, vlan: 3 })]);
    expect(p.detach.map((d) => d.managedServiceURN)).toEqual([A]);
    expect(p.attach.map((d) => d.managedServiceURN)).toEqual([A]);
  });
});
