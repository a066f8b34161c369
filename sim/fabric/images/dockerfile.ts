/**
 * The same image as a Dockerfile, for users who have an image registry (or build elsewhere): the
 * recipe's packages on Debian bookworm, its customize lines, its command, and the tag and labels
 * `vracklab up` looks for — so an image built this way is used as is, with no mmdebstrap build.
 */
import type { ImageRecipe } from './recipe.ts';
import { DEBIAN_SUITE, imageTag, recipeHash } from './image-tag.ts';
import { LABEL_RECIPE, LABEL_RECIPE_HASH } from './image-build.ts';

export function renderDockerfile(recipe: ImageRecipe): string {
  const lines = [
    `# ${recipe.description}`,
    `# Build: docker build -t ${imageTag(recipe)} - < Dockerfile   (the tag vracklab looks for)`,
    `FROM debian:${DEBIAN_SUITE}-slim`,
    `RUN apt-get update \\`,
    ` && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${recipe.packages.join(' ')} \\`,
    ` && rm -rf /var/lib/apt/lists/*`,
    ...(recipe.customize ?? []).map((line) => `RUN ${line}`),
    `LABEL ${LABEL_RECIPE}=${recipe.name} ${LABEL_RECIPE_HASH}=${recipeHash(recipe)}`,
    `CMD ${JSON.stringify(recipe.cmd)}`,
  ];
  return lines.join('\n') + '\n';
}
