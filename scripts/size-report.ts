/**
 * Size report for the house rules "no file in sim/ over 350 lines, no function over 120 lines"
 * (issue 12). Lists the largest source files (tests excluded) and the longest functions, methods
 * and arrow functions bound to a name, measured from their first to their last line by the
 * TypeScript parser. Exits 1 when a limit is exceeded, so it can guard a build.
 *
 *   node scripts/size-report.ts [dir=sim] [--top N] [--max-file 350] [--max-function 120]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

interface Measure {
  where: string;
  lines: number;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function nameOf(node: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isClassDeclaration(node)) && node.name) return node.name.getText();
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isVariableDeclaration(node.parent)) return node.parent.name.getText();
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isPropertyAssignment(node.parent)) return node.parent.name.getText();
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  return undefined;
}

function functionsOf(file: string, text: string): Measure[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Measure[] = [];
  const visit = (node: ts.Node): void => {
    const isFunction = ts.isFunctionLike(node) && !ts.isClassDeclaration(node);
    const name = isFunction ? nameOf(node) : undefined;
    if (name !== undefined) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      out.push({ where: `${file}:${first + 1} ${name}`, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const args = process.argv.slice(2);
const option = (flag: string, fallback: number): number => {
  const i = args.indexOf(flag);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const dir = args.find((a, i) => !a.startsWith('--') && !(args[i - 1] ?? '').startsWith('--')) ?? 'sim';
const top = option('--top', 10);
const maxFile = option('--max-file', 350);
const maxFunction = option('--max-function', 120);

const files: Measure[] = [];
const functions: Measure[] = [];
for (const path of sourceFiles(dir)) {
  const text = readFileSync(path, 'utf8');
  const where = relative(process.cwd(), path);
  files.push({ where, lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0) });
  functions.push(...functionsOf(where, text));
}
const byLines = (a: Measure, b: Measure): number => b.lines - a.lines;
files.sort(byLines);
functions.sort(byLines);
console.log(`largest files (limit ${maxFile}):`);
for (const f of files.slice(0, top)) console.log(`  ${String(f.lines).padStart(5)}  ${f.where}`);
console.log(`longest functions (limit ${maxFunction}):`);
for (const f of functions.slice(0, top)) console.log(`  ${String(f.lines).padStart(5)}  ${f.where}`);
const over = [...files.filter((f) => f.lines > maxFile), ...functions.filter((f) => f.lines > maxFunction)];
if (over.length > 0) {
  console.log(`over the limits: ${over.map((o) => o.where).join('; ')}`);
  process.exitCode = 1;
}
