// A real build of the host image (mmdebstrap | docker import), then a look inside the result.
// An existing tag is reused (that is the cache contract); VRACKLAB_REBUILD=1 forces a fresh build.
import { describe, expect, it } from 'vitest';
import { realExec } from '../../core/exec.ts';
import { probeDocker } from '../capabilities.ts';
import { buildImage } from './image-build.ts';
import { hostRecipe } from './recipes/host.ts';
import { recipeHash } from './image-tag.ts';

const docker = await probeDocker();
if (!docker) console.warn('[skip] image build: no reachable Docker engine');

describe.skipIf(!docker)('host image build', () => {
  it('builds (or reuses) vracklab/host:<hash> with the recipe CMD, labels and tools', async () => {
    const out = await buildImage(hostRecipe, { force: process.env.VRACKLAB_REBUILD === '1' });
    expect(out.tag).toBe(`vracklab/host:${recipeHash(hostRecipe)}`);
    const inspect = await realExec('docker', ['image', 'inspect', '--format', '{{json .Config.Cmd}} {{index .Config.Labels "vracklab.recipe-hash"}}', out.tag]);
    expect(inspect.stdout).toBe(`${JSON.stringify(hostRecipe.cmd)} ${recipeHash(hostRecipe)}`);
    const tools = ['ip', 'ping', 'nc', 'nfs-ls', 'nft', 'iptables', 'tcpdump', 'traceroute', 'sleep'];
    const probe = await realExec('docker', ['run', '--rm', '--network', 'none', '--label', 'vracklab.run-id=imgtst', out.tag, 'sh', '-c', tools.map((t) => `command -v ${t}`).join(' && ')], {
      allowFailure: true,
      timeoutMs: 60_000,
    });
    expect(probe.stderr).toBe('');
    expect(probe.stdout.split('\n')).toHaveLength(tools.length);
    // Second call: the tag exists, nothing is rebuilt.
    expect((await buildImage(hostRecipe)).built).toBe(false);
  });
});
