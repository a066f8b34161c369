import { describe, expect, it } from 'vitest';
import { recordingExec } from '../../core/exec.ts';
import { buildImage, buildScript, imageStatus } from './image-build.ts';
import { imageTag } from './image-tag.ts';
import { hostRecipe } from './recipes/host.ts';

const lines = ['deb http://deb.debian.org/debian bookworm main'];

describe('image build', () => {
  it('pipes mmdebstrap into docker import with the recipe packages, CMD and labels', () => {
    const script = buildScript({ ...hostRecipe, customize: ["echo 'x' > /etc/y"] }, lines);
    const [mm, imp] = script.split(' | ');
    expect(mm).toMatch(/^mmdebstrap --variant=apt --mode=root --format=tar /);
    expect(mm).toContain(`--include=${hostRecipe.packages.join(',')}`);
    expect(mm).toContain(`bookworm - 'deb http://deb.debian.org/debian bookworm main'`);
    expect(mm).toContain(`--customize-hook=chroot "$1" sh -c`);
    expect(imp).toContain(`docker import --change 'CMD ["sleep","infinity"]'`);
    expect(imp).toMatch(/vracklab.recipe=host vracklab.recipe-hash=[0-9a-f]{12}' - vracklab\/host:[0-9a-f]{12}$/);
  });

  it('skips the build when the tag exists', async () => {
    const exec = recordingExec();
    const out = await buildImage(hostRecipe, { exec, debLines: lines });
    expect(out).toMatchObject({ built: false, tag: imageTag(hostRecipe) });
    expect(exec.calls.map((c) => c.args.slice(0, 2))).toEqual([['image', 'inspect']]);
  });

  it('builds with bash pipefail when the tag is missing', async () => {
    const exec = recordingExec((c) => (c.file === 'docker' && c.args[0] === 'image' ? { exitCode: 1 } : undefined));
    const out = await buildImage(hostRecipe, { exec, debLines: lines });
    expect(out.built).toBe(true);
    const build = exec.calls.find((c) => c.file === 'bash');
    expect(build?.args.slice(0, 3)).toEqual(['-o', 'pipefail', '-c']);
    expect(build?.args[3]).toContain('| docker import');
  });

  it('reports a failed build with the tag and the sources used', async () => {
    const exec = recordingExec((c) => (c.file === 'bash' || c.args[0] === 'image' ? { exitCode: 1, stderr: 'E: boom' } : undefined));
    await expect(buildImage(hostRecipe, { exec, debLines: lines })).rejects.toThrow(/image build failed: .*vracklab\/host:.*sources: deb http/);
  });

  it('lists status with size', async () => {
    const exec = recordingExec(() => ({ stdout: '183000000' }));
    expect(await imageStatus(hostRecipe, exec)).toMatchObject({ name: 'host', present: true, sizeBytes: 183000000 });
  });
});
