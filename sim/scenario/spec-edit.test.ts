import { describe, expect, it } from 'vitest';
import { addEndpoints, addSubnet, editSubnet, removeEndpoints, removeSubnet } from './spec-edit.ts';
import type { TargetSpec } from '../client/types.ts';

const empty: TargetSpec = { subnets: [] };
const withSubnet = addSubnet(empty, { cidr: '10.120.0.0/16', serviceRange: '10.120.0.0/29', vlan: null });

describe('spec edits', () => {
  it('adds a subnet in the published shape without touching the input', () => {
    expect(withSubnet).toEqual({ subnets: [{ cidr: '10.120.0.0/16', serviceEndpoints: [], serviceRange: { cidr: '10.120.0.0/29' }, vlan: null }] });
    expect(empty.subnets).toHaveLength(0);
  });

  it('adds and removes endpoints', () => {
    const exposed = addEndpoints(withSubnet, '10.120.0.0/16', ['urn:a', 'urn:b']);
    expect(exposed.subnets[0]!.serviceEndpoints).toEqual([{ managedServiceURN: 'urn:a' }, { managedServiceURN: 'urn:b' }]);
    expect(removeEndpoints(exposed).subnets[0]!.serviceEndpoints).toEqual([]);
    expect(withSubnet.subnets[0]!.serviceEndpoints).toEqual([]);
  });

  it('edits and removes a subnet by CIDR', () => {
    const moved = editSubnet(withSubnet, '10.120.0.0/16', (s) => (s.serviceRange = { cidr: '10.120.0.8/29' }));
    expect(moved.subnets[0]!.serviceRange.cidr).toBe('10.120.0.8/29');
    expect(removeSubnet(moved, '10.120.0.0/16').subnets).toEqual([]);
  });

  it('names the missing subnet and the known ones', () => {
    expect(() => removeSubnet(withSubnet, '10.9.0.0/16')).toThrow('no subnet 10.9.0.0/16 in the target spec (subnets: 10.120.0.0/16)');
  });
});
