import { mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeDanglingNetnsLinks } from './netns-links.ts';

describe('removeDanglingNetnsLinks', () => {
  it("removes only our lab's links whose namespace is gone", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vl-netns-'));
    const alive = join(dir, 'target-alive');
    writeFileSync(alive, '');
    symlinkSync('/proc/999999999/ns/net', join(dir, 'clab-vracklab-demo-abc123-node1')); // ours, gone
    symlinkSync(alive, join(dir, 'clab-vracklab-demo-abc123-node2')); // ours, still there
    symlinkSync('/proc/999999999/ns/net', join(dir, 'clab-other-lab-node1')); // another lab, gone
    symlinkSync('/proc/999999999/ns/net', join(dir, 'clab-vracklab-demo-abc124-node1')); // another run of ours
    const removed = await removeDanglingNetnsLinks('vracklab-demo-abc123', dir);
    expect(removed).toEqual([join(dir, 'clab-vracklab-demo-abc123-node1')]);
    expect(readdirSync(dir).sort()).toEqual(['clab-other-lab-node1', 'clab-vracklab-demo-abc123-node2', 'clab-vracklab-demo-abc124-node1', 'target-alive']);
  });

  it('no netns directory: nothing to do', async () => {
    expect(await removeDanglingNetnsLinks('vracklab-demo-abc123', '/nonexistent/netns')).toEqual([]);
  });
});
