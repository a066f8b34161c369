/**
 * Builds a recipe's image with no registry: `mmdebstrap` writes a Debian root as a tar on stdout,
 * `docker import` turns it into an image with the recipe's CMD. Skipped when the tag already exists.
 */
import { HarnessError } from '../../core/errors.ts';
import { formatCommand, realExec, shellQuote } from '../../core/exec.ts';
import type { Exec } from '../../core/exec.ts';
import { logger } from '../../core/logger.ts';
import type { ImageRecipe } from './recipe.ts';
import { DEBIAN_SUITE, imageTag, recipeHash } from './image-tag.ts';
import { machineDebLines } from './apt-sources.ts';
import { DockerCli } from '../docker/docker-cli.ts';

const log = logger('images');

export const LABEL_RECIPE = 'vracklab.recipe';
export const LABEL_RECIPE_HASH = 'vracklab.recipe-hash';

/**
 * The mmdebstrap options every Debian root we build shares (images, the dot1q test VM): apt's own
 * variant, as root, and small roots — no docs, no man pages.
 */
export function mmdebstrapBaseArgs(format: 'tar' | 'directory'): string[] {
  return ['--variant=apt', '--mode=root', `--format=${format}`, '--dpkgopt=path-exclude=/usr/share/doc/*', '--dpkgopt=path-exclude=/usr/share/man/*'];
}

/** The shell pipeline that builds one image (bash, pipefail: a failing mmdebstrap fails the build). */
export function buildScript(recipe: ImageRecipe, debLines: readonly string[]): string {
  const tag = imageTag(recipe);
  const mm = [
    'mmdebstrap',
    ...mmdebstrapBaseArgs('tar'),
    `--include=${[...recipe.packages].join(',')}`,
    ...(recipe.customize ?? []).map((line) => `--customize-hook=chroot "$1" sh -c ${shellQuote(line)}`),
    DEBIAN_SUITE,
    '-',
    ...debLines,
  ];
  const imp = DockerCli.importArgv([`CMD ${JSON.stringify(recipe.cmd)}`, `LABEL ${LABEL_RECIPE}=${recipe.name} ${LABEL_RECIPE_HASH}=${recipeHash(recipe)}`], tag);
  return `${formatCommand(mm[0] as string, mm.slice(1))} | ${formatCommand(imp[0] as string, imp.slice(1))}`;
}

export async function imageExists(tag: string, exec: Exec = realExec): Promise<boolean> {
  return new DockerCli(exec).imageExists(tag);
}

export interface BuildOutcome {
  name: string;
  tag: string;
  built: boolean;
  durationMs: number;
}

export interface BuildOptions {
  exec?: Exec;
  /** Rebuild even if the tag exists. */
  force?: boolean;
  /** `deb …` lines; default: the machine's own Debian sources. */
  debLines?: readonly string[];
  timeoutMs?: number;
}

export async function buildImage(recipe: ImageRecipe, options: BuildOptions = {}): Promise<BuildOutcome> {
  const exec = options.exec ?? realExec;
  const tag = imageTag(recipe);
  const started = performance.now();
  if (!options.force && (await imageExists(tag, exec))) {
    log('%s present, not rebuilt', tag);
    return { name: recipe.name, tag, built: false, durationMs: 0 };
  }
  const debLines = options.debLines ?? (await machineDebLines(DEBIAN_SUITE));
  log('building %s from %s', tag, debLines.join(' | '));
  try {
    await exec('bash', ['-o', 'pipefail', '-c', buildScript(recipe, debLines)], { timeoutMs: options.timeoutMs ?? 900_000 });
  } catch (err) {
    throw new HarnessError('IMAGE_BUILD_FAILED', `image build failed: mmdebstrap | docker import did not complete (${tag}; sources: ${debLines.join(' | ')})`, {
      details: { recipe: recipe.name, tag },
      cause: err,
    });
  }
  return { name: recipe.name, tag, built: true, durationMs: Math.round(performance.now() - started) };
}

/** Builds once per process even when many hosts ask at the same time. */
const inFlight = new Map<string, Promise<BuildOutcome>>();

export function ensureImage(recipe: ImageRecipe, exec: Exec = realExec): Promise<string> {
  const tag = imageTag(recipe);
  let p = inFlight.get(tag);
  if (!p) {
    p = buildImage(recipe, { exec });
    inFlight.set(tag, p);
    p.catch(() => inFlight.delete(tag));
  }
  return p.then((o) => o.tag);
}

export interface ImageStatus {
  name: string;
  tag: string;
  present: boolean;
  sizeBytes?: number;
  description: string;
}

export async function imageStatus(recipe: ImageRecipe, exec: Exec = realExec): Promise<ImageStatus> {
  const tag = imageTag(recipe);
  return { name: recipe.name, tag, ...(await new DockerCli(exec).imageSize(tag)), description: recipe.description };
}
