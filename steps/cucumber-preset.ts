/**
 * `vracklab/cucumber`: the Cucumber configuration a suite spreads into its own cucumber config —
 *
 *     import vracklab from 'vracklab/cucumber';
 *     export default { ...vracklab, tags: 'not @wip and not @slow' };
 *
 * It loads vracklab's steps (by absolute path: Cucumber's `import` takes files, not package names),
 * writes the progress to the terminal and HTML + JUnit reports under reports/, and runs one lab
 * per worker. It sets no `paths`: Cucumber then runs features/ by default, and feature paths on
 * the command line replace that default (paths in a configuration would be added to them).
 * VRACKLAB_DRIVER picks the host driver (docker by default), VRACKLAB_PARALLEL the number of
 * workers (2 by default).
 */
import { fileURLToPath } from 'node:url';
import type { VrackLabWorldParameters } from './world.ts';

/** The part of Cucumber's configuration the preset sets; everything else keeps Cucumber's defaults. */
export interface VracklabCucumberPreset {
  import: string[];
  format: string[];
  formatOptions: { snippetInterface: 'async-await' };
  parallel: number;
  strict: boolean;
  tags: string;
  worldParameters: VrackLabWorldParameters;
}

// From sources (a checkout) the preset sits beside index.ts; compiled, beside index.js.
const stepsEntry = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './index.ts' : './index.js', import.meta.url));

/** Reports under reports/<name>.{html,xml}; the terminal gets the progress line. */
export function vracklabReports(name: string): string[] {
  return ['progress', `html:reports/${name}.html`, `junit:reports/${name}.xml`];
}

/** Builds the preset from the environment (`process.env` by default). */
export function vracklabPreset(env: NodeJS.ProcessEnv = process.env): VracklabCucumberPreset {
  const parallel = Number(env.VRACKLAB_PARALLEL ?? 2);
  if (!Number.isInteger(parallel) || parallel < 1) throw new Error(`VRACKLAB_PARALLEL=${env.VRACKLAB_PARALLEL}: a whole number of workers, 1 or more`);
  return {
    import: [stepsEntry],
    format: vracklabReports('cucumber'),
    formatOptions: { snippetInterface: 'async-await' },
    // One lab per worker at a time; two workers keep two cores busy while one waits on a task.
    parallel,
    strict: true,
    tags: 'not @wip',
    worldParameters: { driver: env.VRACKLAB_DRIVER ?? 'docker' },
  };
}

/** The preset for this process's environment. */
const preset: VracklabCucumberPreset = vracklabPreset();
export default preset;
