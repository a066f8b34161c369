import { lstatSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { liveRunIds, releaseLease, staleRunIds, takeLease } from './run-lease.ts';

describe('run leases', () => {
  it('a run held by this live process is live; released, or held by a dead PID, it is not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vl-lease-'));
    takeLease('abc123', dir);
    // PIDs are below 2^22 on Linux: this one cannot be alive.
    writeFileSync(join(dir, 'dead99'), '99999999\n');
    writeFileSync(join(dir, 'not-a-run-id'), `${process.pid}\n`);
    // Our own PID, but recorded with another start time: a recycled PID, so the run is dead.
    writeFileSync(join(dir, 'reused'), `${process.pid} 1\n`);
    expect([...liveRunIds(dir)]).toEqual(['abc123']);
    expect([...staleRunIds(dir)].sort()).toEqual(['dead99', 'reused']);
    releaseLease('abc123', dir);
    expect(liveRunIds(dir).size).toBe(0);
  });

  it('is written aside and renamed: a planted symlink is replaced, not followed, and no temp file stays', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vl-lease-'));
    const victim = join(mkdtempSync(join(tmpdir(), 'vl-victim-')), 'victim');
    writeFileSync(victim, 'precious\n');
    symlinkSync(victim, join(dir, 'abc123'));
    takeLease('abc123', dir);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(join(dir, 'abc123')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(dir, 'abc123'), 'utf8')).toMatch(new RegExp(`^${process.pid} \\d+\n$`));
    expect(readdirSync(dir)).toEqual(['abc123']);
  });

  it('refuses to release a lease named by something that is not a run id (no path from a record)', () => {
    expect(() => releaseLease('../etc', '/tmp')).toThrow(/invalid run id/);
  });

  it('no lease directory means no live run', () => {
    expect(liveRunIds('/nonexistent/vracklab-leases').size).toBe(0);
  });
});
