// A VM cache path with a space must stay one shell word: `rm -rf /a b/root` would remove /a and b/root.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { realExec, recordingExec } from '../../core/exec.ts';
import { cacheDir, ensureVmKit } from './vm-kit.ts';

const scratch = join(mkdtempSync(join(tmpdir(), 'vl-vmkit-')), 'with space');
mkdirSync(scratch);
process.env.VRACKLAB_VM_CACHE = scratch;
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('ensureVmKit build script', () => {
  it('keeps every cache path one shell word (security review §15)', async () => {
    await ensureVmKit(recordingExec());
    const script = await readFile(join(cacheDir(), 'build.sh'), 'utf8');
    const rmLine = script.split('\n').find((l) => l.startsWith('rm -rf ') && l.includes('root')) ?? '';
    // What a real shell makes of the line: the words `rm` would get.
    const words = (await realExec('sh', ['-c', `set -- ${rmLine.slice('rm -rf '.length)}; printf '%s\\n' "$@"`])).stdout.split('\n');
    expect(words).toEqual([join(cacheDir(), 'root')]);
    for (const line of script.split('\n').filter((l) => /^(cd|mv|cp) /.test(l))) expect(line).toMatch(/'[^']*with space[^']*'/);
  });
});
