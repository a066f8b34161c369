/**
 * Every image recipe vracklab knows, by name. A lab's `image:` names one of these; an unknown name is
 * refused with the list of valid ones.
 */
import { invalidInput } from '../../core/errors.ts';
import type { ImageRecipe } from './recipe.ts';
import { hostRecipe } from './recipes/host.ts';
import { efsRecipe } from './recipes/efs.ts';
import { frrRecipe } from './recipes/frr.ts';

const recipes = new Map<string, ImageRecipe>();

export function registerRecipe(recipe: ImageRecipe): void {
  recipes.set(recipe.name, recipe);
}

registerRecipe(hostRecipe);
registerRecipe(efsRecipe);
registerRecipe(frrRecipe);

export function recipeNames(): string[] {
  return [...recipes.keys()].sort();
}

export function allRecipes(): ImageRecipe[] {
  return recipeNames().map((n) => recipes.get(n) as ImageRecipe);
}

export function getRecipe(name: string): ImageRecipe {
  const recipe = recipes.get(name);
  if (!recipe) throw invalidInput('image recipe', name, 'no recipe with this name', recipeNames());
  return recipe;
}
