// `vracklab images build [NAME…]` / `vracklab images list`: lab images from Debian packages
// (mmdebstrap | docker import), tagged by a content hash of their recipe, rebuilt only when it changes.
import type { Command } from 'commander';
import { allRecipes, buildImage, getRecipe, imageStatus, renderDockerfile } from '../../cli-api.ts';

function formatSize(bytes: number | undefined): string {
  return bytes === undefined ? '-' : `${(bytes / 1e6).toFixed(0)} MB`;
}

export function registerImagesCommands(program: Command): void {
  const images = program.command('images').description('lab images, built from Debian packages with no registry');

  images
    .command('build')
    .description('build the images of the given recipes (default: all); an existing tag is kept')
    .argument('[names...]', `recipe names: ${allRecipes().map((r) => r.name).join(', ')}`)
    .option('--force', 'rebuild even when the tag exists')
    .action(async (names: string[], opts: { force?: boolean }) => {
      // Resolve every name first: a typo fails before a 20 s build starts.
      const recipes = names.length > 0 ? names.map(getRecipe) : allRecipes();
      for (const recipe of recipes) {
        process.stdout.write(`${recipe.name}: building…\n`);
        const out = await buildImage(recipe, { force: Boolean(opts.force) });
        process.stdout.write(out.built ? `${recipe.name}: built ${out.tag} in ${(out.durationMs / 1000).toFixed(1)} s\n` : `${recipe.name}: ${out.tag} already present\n`);
      }
    });

  images
    .command('dockerfile')
    .description('print the recipe as a Dockerfile (for a registry or another builder); build it with the tag it names')
    .argument('<name>', `recipe name: ${allRecipes().map((r) => r.name).join(', ')}`)
    .action((name: string) => {
      process.stdout.write(renderDockerfile(getRecipe(name)));
    });

  images
    .command('list')
    .description('every recipe with its tag, whether the image is present, and its size')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const rows = await Promise.all(allRecipes().map((r) => imageStatus(r)));
      if (opts.json) {
        process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        return;
      }
      const w = Math.max(4, ...rows.map((r) => r.name.length));
      const t = Math.max(3, ...rows.map((r) => r.tag.length));
      process.stdout.write(`${'NAME'.padEnd(w)}  ${'TAG'.padEnd(t)}  PRESENT  SIZE     DESCRIPTION\n`);
      for (const r of rows) process.stdout.write(`${r.name.padEnd(w)}  ${r.tag.padEnd(t)}  ${(r.present ? 'yes' : 'no').padEnd(7)}  ${formatSize(r.sizeBytes).padEnd(7)}  ${r.description}\n`);
    });
}
