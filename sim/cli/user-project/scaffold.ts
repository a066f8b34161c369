/**
 * `vracklab init [DIR]`: a project of the user's own — package.json, a Cucumber config on the
 * vracklab preset, a sample lab and feature, a README, .gitignore and CI workflows — copied from
 * the package's templates/init/. An existing non-empty DIR is refused unless `force`; even then no
 * file of the user's is overwritten: it is kept, and listed as kept.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { HarnessError, invalidInput } from '../../core/errors.ts';
import { packageRoot } from '../../core/package-root.ts';

export interface ScaffoldOptions {
  /** Scaffold into a non-empty directory (existing files are still kept). */
  force?: boolean;
  /** The dependency on vracklab written into package.json: a version range, or a `file:` tarball. */
  vracklabSpec?: string;
  /** Where the templates are (tests); default: the package's templates/init. */
  templatesDir?: string;
}

export interface ScaffoldResult {
  dir: string;
  written: string[];
  kept: string[];
}

/** npm leaves dotfiles like .gitignore out of a package: the templates carry them without the dot. */
const DOTTED = new Set(['gitignore', 'github', 'gitlab-ci.yml']);

function targetPath(templatePath: string): string {
  const [first, ...rest] = templatePath.split('/');
  return [DOTTED.has(first!) ? `.${first}` : first, ...rest].join('/');
}

function listTemplates(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listTemplates(dir, join(prefix, e.name)) : [join(prefix, e.name)]))
    .sort();
}

/** An npm package name from the directory's name: lowercase letters, digits, dots, dashes. */
export function projectNameOf(dir: string): string {
  const name = basename(resolve(dir)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|[-]+$/g, '');
  return name.slice(0, 214) || 'vracklab-suite';
}

const SPEC_PATTERN = /^[A-Za-z0-9@^~<>=*.+:/_ |-]{1,500}$/;

/** The dependency spec as the user gave it, refused when it could not be an npm version or path. */
export function checkVracklabSpec(spec: string): string {
  if (!SPEC_PATTERN.test(spec)) {
    throw invalidInput('--vracklab-spec', spec, 'an npm dependency spec: a version range (^0.2.0), a tag, or file:<path to a .tgz or a directory>; printable characters, at most 500');
  }
  return spec;
}

function ourManifest(): { version: string; dependencies: Record<string, string> } {
  return JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
}

/** The user's package.json: vracklab and the Cucumber it was built with (one copy, so steps and runner agree). */
export function projectManifest(name: string, vracklabSpec: string): string {
  const ours = ourManifest();
  const manifest = {
    name,
    private: true,
    type: 'module',
    description: 'vRack Services scenarios run by vracklab',
    engines: { node: '>=24' },
    scripts: { test: 'vracklab test', doctor: 'vracklab doctor', images: 'vracklab images build' },
    devDependencies: { '@cucumber/cucumber': ours.dependencies['@cucumber/cucumber'], vracklab: vracklabSpec },
  };
  return JSON.stringify(manifest, null, 2) + '\n';
}

function assertScaffoldable(dir: string, force: boolean): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new HarnessError('SCAFFOLD_REFUSED', `cannot scaffold into ${dir}: it is a file, not a directory`);
  const entries = readdirSync(dir);
  if (entries.length > 0 && !force) {
    throw new HarnessError(
      'SCAFFOLD_REFUSED',
      `cannot scaffold into ${dir}: the directory is not empty (${entries.slice(0, 5).join(', ')}${entries.length > 5 ? ', …' : ''}); pass --force to add the missing files (yours are kept, never overwritten)`,
      { details: { dir, entries } },
    );
  }
}

export function scaffoldProject(dirArg: string, opts: ScaffoldOptions = {}): ScaffoldResult {
  const dir = resolve(dirArg);
  assertScaffoldable(dir, Boolean(opts.force));
  const spec = checkVracklabSpec(opts.vracklabSpec ?? `^${ourManifest().version}`);
  const templates = opts.templatesDir ?? join(packageRoot(), 'templates/init');
  const files = new Map<string, string>([['package.json', projectManifest(projectNameOf(dir), spec)]]);
  for (const t of listTemplates(templates)) files.set(targetPath(t), readFileSync(join(templates, t), 'utf8'));
  const result: ScaffoldResult = { dir, written: [], kept: [] };
  for (const [path, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const target = join(dir, path);
    if (relative(dir, target).startsWith('..')) throw new Error(`template ${path} points outside ${dir}`);
    if (existsSync(target)) {
      result.kept.push(path);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    // 'wx': never replace a file that appeared since the check.
    writeFileSync(target, text, { flag: 'wx' });
    result.written.push(path);
  }
  return result;
}
