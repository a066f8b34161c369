/**
 * The tag of a recipe's image: `vracklab/<name>:<hash>`, the hash covering every field that changes
 * the image's content or behaviour, so an edited recipe gets a new tag and an unchanged one is reused.
 */
import { createHash } from 'node:crypto';
import type { ImageRecipe } from './recipe.ts';

/** The Debian suite every image is built from; part of the hash. */
export const DEBIAN_SUITE = 'bookworm';
/** Bumped when the build procedure itself changes in a way that changes images. */
const BUILD_VERSION = 1;

export function recipeHash(recipe: ImageRecipe): string {
  // Package order does not change the image; customize order and cmd do.
  const canonical = JSON.stringify({
    v: BUILD_VERSION,
    suite: DEBIAN_SUITE,
    name: recipe.name,
    packages: [...new Set(recipe.packages)].sort(),
    customize: recipe.customize ?? [],
    cmd: recipe.cmd,
  });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 12);
}

export function imageTag(recipe: ImageRecipe): string {
  return `vracklab/${recipe.name}:${recipeHash(recipe)}`;
}
