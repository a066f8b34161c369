import { describe, expect, it } from 'vitest';
import { RUN_DATA_ROOT, runDataDir, runDataMounts, runDataSource } from './run-data.ts';

describe('run data mounts', () => {
  it('names the run on the mount itself, and refuses a run id that is a path', () => {
    expect(runDataSource('abc123')).toBe('vracklab-abc123');
    expect(runDataDir('abc123')).toBe(`${RUN_DATA_ROOT}/abc123`);
    expect(() => runDataDir('../etc')).toThrow(/invalid run id/);
  });

  it('finds our tmpfs mounts in the mount table: source, type and mount point must all match', async () => {
    const line = (id: number, mountPoint: string, fsType: string, source: string) => `${id} 1 0:${id} / ${mountPoint} rw,nosuid,nodev shared:1 - ${fsType} ${source} rw,mode=700`;
    const table = [
      line(30, `${RUN_DATA_ROOT}/abc123`, 'tmpfs', 'vracklab-abc123'),
      line(31, `${RUN_DATA_ROOT}/def456`, 'ext4', 'vracklab-def456'), // not a tmpfs
      line(32, '/mnt/elsewhere', 'tmpfs', 'vracklab-ghi789'), // not under our root
      line(33, `${RUN_DATA_ROOT}/jkl012`, 'tmpfs', 'tmpfs'), // someone's tmpfs at a run-looking path
      line(34, `${RUN_DATA_ROOT}/mno345`, 'tmpfs', 'vracklab-pqr678'), // source and place disagree
    ].join('\n');
    expect([...(await runDataMounts(table))]).toEqual(['abc123']);
  });
});

describe('mountRunData', () => {
  it('mounts once per run even when several EFS hosts ask at the same time', async () => {
    const { recordingExec } = await import('../core/exec.ts');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    process.env.VRACKLAB_DATA_DIR = join(mkdtempSync(join(tmpdir(), 'vl-data-')), 'data');
    const { vi } = await import('vitest');
    vi.resetModules();
    const fresh = await import('./run-data.ts');
    const exec = recordingExec();
    await Promise.all([fresh.mountRunData('abc123', exec), fresh.mountRunData('abc123', exec), fresh.mountRunData('abc123', exec)]);
    expect(exec.calls.filter((c) => c.file === 'mount')).toHaveLength(1);
    delete process.env.VRACKLAB_DATA_DIR;
  });
});
