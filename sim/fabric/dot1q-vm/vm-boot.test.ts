// A VM that never boots fails the run after bounded retries (VM_BOOT_FAILED): it is not a skip.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordingExec } from '../../core/exec.ts';
import { cacheDir } from './vm-kit.ts';
import { runInVm } from './vm-run.ts';

const scratch = mkdtempSync(join(tmpdir(), 'vl-vmboot-'));
process.env.VRACKLAB_VM_CACHE = scratch;
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('runInVm', () => {
  it('retries a boot that shows no sign of life 3 times, then fails with VM_BOOT_FAILED', async () => {
    mkdirSync(cacheDir(), { recursive: true });
    writeFileSync(join(cacheDir(), 'vmlinuz'), '');
    writeFileSync(join(cacheDir(), 'base.cpio'), '');
    // qemu "runs" and exits without writing a console: the kernel never reached init.
    const exec = recordingExec((c) => (c.file === 'qemu-system-x86_64' ? { exitCode: 1, stderr: 'no boot' } : { stdout: '' }));
    await expect(runInVm('true', {}, exec)).rejects.toMatchObject({ code: 'VM_BOOT_FAILED' });
    expect(exec.calls.filter((c) => c.file === 'qemu-system-x86_64')).toHaveLength(3);
  }, 20_000);
});
