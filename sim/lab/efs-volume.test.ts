// addStorage(name) and EFS hosts: the name is checked before it becomes a path (security review §15).
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// A private data root, set before lab-runner (and run-data) read it.
const root = join(mkdtempSync(join(tmpdir(), 'vl-data-')), 'data');
process.env.VRACKLAB_DATA_DIR = root;
const { efsVolume } = await import('./lab-runner.ts');

describe('efsVolume', () => {
  it('refuses an EFS name that is not a host name before anything is mounted or created', async () => {
    for (const name of ['../../etc', 'a/b', 'EFS', '']) await expect(efsVolume('abc123', name)).rejects.toThrow(/invalid EFS name: lowercase letters, digits and dashes/);
    expect(existsSync(root) ? readdirSync(root) : []).toEqual([]);
  });
});
