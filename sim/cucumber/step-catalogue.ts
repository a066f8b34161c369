/**
 * The step library as Cucumber loads it: every registered step definition with its area and
 * example (sim/cucumber/step-areas.ts), and the problems that make the documentation wrong — a step
 * without an example, an example its own step does not match, or one that another step matches too
 * (a user copying it would get an ambiguous step). `vracklab steps` and docs/steps.md print it.
 */
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STEP_AREAS, stepDocOf, type StepArea } from './step-areas.ts';

/** What the catalogue needs of a loaded Cucumber step definition (its StepDefinition class). */
export interface LoadedStepDefinition {
  keyword: string;
  pattern: string | RegExp;
  uri: string;
  line: number;
  options: unknown;
  matchesStepName(text: string): boolean;
}

export interface CatalogueStep {
  area: StepArea;
  keyword: string;
  /** The Cucumber expression (or the regular expression, as `/…/`). */
  pattern: string;
  /** One line of Gherkin, keyword included. */
  example: string;
  uri: string;
  line: number;
}

export interface CatalogueParameterType {
  name: string;
  regexps: string[];
}

export interface StepCatalogue {
  steps: CatalogueStep[];
  /** The parameter types the library defines (Cucumber's built-ins left out). */
  parameterTypes: CatalogueParameterType[];
  /** One line each; empty when the documentation is complete and every example is unambiguous. */
  problems: string[];
}

const BUILT_IN_TYPES = new Set(['int', 'float', 'word', 'string', 'anonymous', 'bigdecimal', 'biginteger', 'byte', 'short', 'long', 'double', '']);
const AREA_ORDER = Object.keys(STEP_AREAS);

function where(d: LoadedStepDefinition): string {
  return `${d.uri}:${d.line} ${d.keyword} ${String(d.pattern)}`;
}

/** The catalogue of loaded definitions: documented steps in area order, and what is wrong. */
export function catalogueOf(definitions: readonly LoadedStepDefinition[], parameterTypes: CatalogueParameterType[] = []): StepCatalogue {
  const steps: CatalogueStep[] = [];
  const problems: string[] = [];
  for (const d of definitions) {
    const doc = stepDocOf(d.options);
    if (!doc) {
      problems.push(`${where(d)}: no example; give it one as its options, example('<a line of Gherkin>') (steps/support/step-doc.ts)`);
      continue;
    }
    if (!AREA_ORDER.includes(doc.area)) problems.push(`${where(d)}: unknown area "${doc.area}" (areas: ${AREA_ORDER.join(', ')})`);
    if (!d.matchesStepName(doc.example)) problems.push(`${where(d)}: its example "${doc.example}" does not match it`);
    const others = definitions.filter((o) => o !== d && o.matchesStepName(doc.example));
    if (others.length > 0) problems.push(`${where(d)}: its example "${doc.example}" also matches ${others.map(where).join('; ')}`);
    const keyword = d.keyword === 'Unknown' ? 'Given' : d.keyword;
    steps.push({ area: doc.area, keyword, pattern: typeof d.pattern === 'string' ? d.pattern : String(d.pattern), example: `${keyword} ${doc.example}`, uri: d.uri, line: d.line });
  }
  steps.sort((a, b) => AREA_ORDER.indexOf(a.area) - AREA_ORDER.indexOf(b.area) || a.uri.localeCompare(b.uri) || a.line - b.line);
  return { steps, parameterTypes: parameterTypes.filter((p) => !BUILT_IN_TYPES.has(p.name)).sort((a, b) => a.name.localeCompare(b.name)), problems };
}

interface LoadedLibrary {
  stepDefinitions: LoadedStepDefinition[];
  parameterTypeRegistry: { parameterTypes: Iterable<{ name?: string; regexpStrings: readonly string[] }> };
}

/** The project (or installed package) root: the step library is its steps/ folder. */
export const LIBRARY_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The library's own support code: every module under steps/ (.ts from the sources, .js when built). */
export function libraryImportPaths(): string[] {
  return [`steps/**/*${extname(fileURLToPath(import.meta.url))}`];
}

/**
 * Loads support code through Cucumber's public API (`loadSupport`), as a run would, and catalogues
 * it. Once per process: Node caches the modules, so a second load would register nothing.
 */
export async function loadStepCatalogue(options: { cwd?: string; importPaths?: string[] } = {}): Promise<StepCatalogue> {
  const { loadSupport } = await import('@cucumber/cucumber/api');
  // The public type is opaque; the object is Cucumber's SupportCodeLibrary, whose definitions and
  // parameter types runs use (our unit test of the catalogue breaks if a Cucumber upgrade moves them).
  const library = (await loadSupport(
    { sources: { defaultDialect: 'en', paths: [], names: [], tagExpression: '', order: 'defined' }, support: { importPaths: options.importPaths ?? libraryImportPaths() } },
    { cwd: options.cwd ?? LIBRARY_ROOT },
  )) as unknown as LoadedLibrary;
  const types = [...library.parameterTypeRegistry.parameterTypes].map((p) => ({ name: p.name ?? '', regexps: p.regexpStrings.map(String) }));
  return catalogueOf(library.stepDefinitions, types);
}
