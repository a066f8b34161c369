import { describe, expect, it } from 'vitest';
import { renderDockerfile } from './dockerfile.ts';
import { imageTag, recipeHash } from './image-tag.ts';
import { efsRecipe } from './recipes/efs.ts';

describe('renderDockerfile', () => {
  it("installs the recipe's packages, runs its customize lines and keeps its command, tag and labels", () => {
    const text = renderDockerfile(efsRecipe);
    expect(text).toContain('FROM debian:bookworm-slim');
    expect(text).toContain(`install -y --no-install-recommends ${efsRecipe.packages.join(' ')}`);
    for (const line of efsRecipe.customize ?? []) expect(text).toContain(`RUN ${line}`);
    expect(text).toContain(`LABEL vracklab.recipe=efs vracklab.recipe-hash=${recipeHash(efsRecipe)}`);
    expect(text).toContain(`CMD ${JSON.stringify(efsRecipe.cmd)}`);
    expect(text).toContain(`docker build -t ${imageTag(efsRecipe)} -`);
  });

  it('changes with the recipe, like the tag', () => {
    const other = { ...efsRecipe, packages: [...efsRecipe.packages, 'strace'] };
    expect(renderDockerfile(other)).not.toBe(renderDockerfile(efsRecipe));
    expect(renderDockerfile(other)).toContain(imageTag(other));
  });
});
