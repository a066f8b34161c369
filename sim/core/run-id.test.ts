import { describe, expect, it } from 'vitest';
import { assertRunId, linkRunIdOf, markerRunId, netnsRunIdOf, newRunId, objectName, ownerMarker, runIdOf } from './run-id.ts';

describe('run id', () => {
  it('is 6 lowercase base-36 characters and differs between runs', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newRunId()));
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]{6}$/);
    expect(ids.size).toBe(50);
  });

  it('builds interface names that fit IFNAMSIZ and can be read back', () => {
    const name = objectName('abc123', 'b0001');
    expect(name).toBe('vlabc123b0001');
    expect(runIdOf(name)).toBe('abc123');
    expect(runIdOf('eth0')).toBeUndefined();
  });

  it('matches the name grammar in full: vlan1000, vlan0005, vlanprod are not ours (security review #2)', () => {
    for (const foreign of ['vlan1000', 'vlan0005', 'vlan2024', 'vlanprod', 'vlabcdefx1', 'vlabc123b', 'vlabc123-', 'vlabc123-Up']) expect(runIdOf(foreign)).toBeUndefined();
    expect(linkRunIdOf('vlabc123b0')).toBe('abc123');
    expect(linkRunIdOf('vlabc123v12')).toBe('abc123');
    expect(linkRunIdOf('vlabc123h1n2')).toBe('abc123');
    expect(netnsRunIdOf('vlabc123-efs-lim')).toBe('abc123');
    expect(linkRunIdOf('vlabc123-efs-lim')).toBeUndefined();
  });

  it('reads back only its own ownership marker', () => {
    expect(markerRunId(ownerMarker('abc123'))).toBe('abc123');
    for (const other of [undefined, 'vracklab:ABC123', 'vracklab:abc1234', 'uplink to core', 'x vracklab:abc123']) expect(markerRunId(other)).toBeUndefined();
  });

  it('refuses names longer than 15 characters, saying why', () => {
    expect(() => objectName('abc123', 'toolongsuffix')).toThrow(/at most 15 characters/);
  });

  it('refuses malformed run ids', () => {
    expect(() => assertRunId('ABC')).toThrow(/invalid run id: must be 6 lowercase letters or digits \(got "ABC"\)/);
  });
});
