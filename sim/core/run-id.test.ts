import { describe, expect, it } from 'vitest';
import { assertRunId, newRunId, objectName, runIdOf } from './run-id.ts';

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

  it('refuses names longer than 15 characters, saying why', () => {
    expect(() => objectName('abc123', 'toolongsuffix')).toThrow(/at most 15 characters/);
  });

  it('refuses malformed run ids', () => {
    expect(() => assertRunId('ABC')).toThrow(/invalid run id: must be 6 lowercase letters or digits \(got "ABC"\)/);
  });
});
