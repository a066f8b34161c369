import { describe, expect, it } from 'vitest';
import { imageTag, recipeHash } from './image-tag.ts';
import type { ImageRecipe } from './recipe.ts';

const base: ImageRecipe = { name: 'host', packages: ['iproute2', 'iputils-ping'], cmd: ['sleep', 'infinity'], description: 'x' };

describe('image tag', () => {
  it('is vracklab/<name>:<12 hex chars>', () => {
    expect(imageTag(base)).toMatch(/^vracklab\/host:[0-9a-f]{12}$/);
  });

  it('does not depend on package order, duplicates or description', () => {
    expect(recipeHash({ ...base, packages: ['iputils-ping', 'iproute2', 'iproute2'], description: 'other' })).toBe(recipeHash(base));
  });

  it('changes with packages, customize hooks and cmd', () => {
    const h = recipeHash(base);
    expect(recipeHash({ ...base, packages: [...base.packages, 'tcpdump'] })).not.toBe(h);
    expect(recipeHash({ ...base, customize: ['echo hi > /etc/motd'] })).not.toBe(h);
    expect(recipeHash({ ...base, cmd: ['sleep', '1000'] })).not.toBe(h);
  });
});
