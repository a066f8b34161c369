import { describe, expect, it } from 'vitest';
import { rewriteDeclarationSpecifiers } from './build.ts';

describe('the package build', () => {
  it("rewrites the declarations' relative .ts specifiers to .js, and nothing else", () => {
    const dts = [
      "import type { LabHost } from '../fabric/host.ts';",
      "export { startLab } from './lab/lab-runner.ts';",
      'export type X = import("./a.ts").X;',
      "import type { Command } from 'commander';",
      "declare const note = 'see notes.ts';",
    ].join('\n');
    expect(rewriteDeclarationSpecifiers(dts).split('\n')).toEqual([
      "import type { LabHost } from '../fabric/host.js';",
      "export { startLab } from './lab/lab-runner.js';",
      'export type X = import("./a.js").X;',
      "import type { Command } from 'commander';",
      "declare const note = 'see notes.ts';",
    ]);
  });
});
