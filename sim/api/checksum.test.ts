import { describe, expect, it } from 'vitest';
import { canonicalJson, specChecksum } from './checksum.ts';

describe('target spec checksum (§7.7)', () => {
  it('an empty spec hashes the empty string, as in the OpenAPI example', () => {
    expect(specChecksum({ subnets: [] })).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });
  it('does not depend on key order, and changes when the spec changes', () => {
    const a = { subnets: [{ cidr: '10.0.0.0/24', vlan: 2, serviceRange: { cidr: '10.0.0.0/29' }, serviceEndpoints: [], displayName: null }] };
    const b = { subnets: [{ displayName: null, serviceEndpoints: [], serviceRange: { cidr: '10.0.0.0/29' }, vlan: 2, cidr: '10.0.0.0/24' }] };
    expect(specChecksum(a)).toBe(specChecksum(b));
    expect(specChecksum(a)).toMatch(/^[0-9a-f]{32}$/);
    expect(specChecksum({ subnets: [{ ...a.subnets[0], vlan: 3 }] })).not.toBe(specChecksum(a));
  });
  it('a displayName alone makes the spec non-empty (profile 2024-04)', () => {
    expect(specChecksum({ subnets: [], displayName: 'x' })).not.toBe('d41d8cd98f00b204e9800998ecf8427e');
  });
  it('canonical JSON sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });
});
