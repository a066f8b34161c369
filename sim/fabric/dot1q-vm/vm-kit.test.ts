// The VM kit's root is built with the same mmdebstrap base options and Debian suite as the images.
import { mkdtempSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCommand, recordingExec } from '../../core/exec.ts';
import { mmdebstrapBaseArgs } from '../images/image-build.ts';
import { DEBIAN_SUITE } from '../images/image-tag.ts';
import { cacheDir, ensureVmKit } from './vm-kit.ts';

// The kit's cache goes to a scratch directory, not the machine's /var/cache.
const scratch = mkdtempSync(join(tmpdir(), 'vl-vmkit-'));
process.env.VRACKLAB_VM_CACHE = scratch;
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('ensureVmKit', () => {
  it('writes a build script whose mmdebstrap shares the image build options and suite, then runs it', async () => {
    const exec = recordingExec();
    const out = await ensureVmKit(exec);
    expect(out).toEqual({ kernel: join(cacheDir(), 'vmlinuz'), baseCpio: join(cacheDir(), 'base.cpio') });
    expect(exec.calls.map((c) => [c.file, ...c.args])).toEqual([['flock', join(cacheDir(), '.build.lock'), 'bash', join(cacheDir(), 'build.sh')]]);
    const script = await readFile(join(cacheDir(), 'build.sh'), 'utf8');
    const mm = script.split('\n').find((l) => l.startsWith('mmdebstrap ')) ?? '';
    expect(mm.startsWith(`${formatCommand('mmdebstrap', mmdebstrapBaseArgs('directory'))} `)).toBe(true);
    expect(mm).toContain(` ${DEBIAN_SUITE} ${join(cacheDir(), 'root')}`);
  });
});
