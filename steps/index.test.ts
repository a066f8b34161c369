import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('vracklab/steps (steps/index.ts)', () => {
  it('imports the world, the hooks, the parameter types and every step file', () => {
    const index = readFileSync(join(import.meta.dirname, 'index.ts'), 'utf8');
    const imported = [...index.matchAll(/^import '\.\/([^']+)';$/gm)].map((m) => m[1]).sort();
    const files = readdirSync(import.meta.dirname)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts' && f !== 'cucumber-preset.ts')
      .sort();
    expect(imported).toEqual(files);
  });
});
