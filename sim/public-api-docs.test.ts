/**
 * The public API is documented: every export of sim/index.ts (what `import … from 'vracklab'`
 * gives) carries a TSDoc comment on its declaration, which editors show and the .d.ts files keep.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';

const INDEX = join(import.meta.dirname, 'index.ts');

function undocumentedExports(): { exported: number; undocumented: string[] } {
  const program = ts.createProgram([INDEX], { allowImportingTsExtensions: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2024, resolveJsonModule: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(INDEX)!;
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
  const undocumented = exports
    .filter((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      return ts.displayPartsToString(target.getDocumentationComment(checker)).trim() === '';
    })
    .map((s) => s.name)
    .sort();
  return { exported: exports.length, undocumented };
}

describe('sim/index.ts', () => {
  it('documents every export with TSDoc', () => {
    const { exported, undocumented } = undocumentedExports();
    expect(exported).toBeGreaterThan(50);
    expect(undocumented).toEqual([]);
  }, 60_000);
});
