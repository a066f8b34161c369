// The repository carries copies of the published schemas so tests run from any checkout; when the
// team's shared/ folder sits beside the project (as on CI), the copies must still match it. The
// check skips only when that folder is truly absent (a clean clone on its own); a shared/ folder
// that lacks one of the originals fails, naming the file.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/** ../shared beside the project, or $VRACKLAB_SHARED_DIR (a worktree elsewhere than the clone). */
const shared = process.env.VRACKLAB_SHARED_DIR ? pathToFileURL(process.env.VRACKLAB_SHARED_DIR.replace(/\/?$/, '/')) : new URL('../../../../shared/', import.meta.url);
const copies = [
  ['ovh-api/vrackservices.json', './openapi/vrackservices.json'],
  ['ovh-api/vrack.json', './openapi/vrack.json'],
  ['ovh-api/storagenetapp.json', './openapi/storagenetapp.json'],
  ['containerlab/clab.schema.json', '../../fabric/containerlab/schema/clab.schema.json'],
] as const;

const present = existsSync(shared);
if (!present) {
  console.warn(`vendored schema check SKIPPED: no shared/ folder at ${fileURLToPath(shared)} (beside the project, or set VRACKLAB_SHARED_DIR); the copies in the repository were not compared with the originals`);
}

describe.skipIf(!present)('vendored schemas', () => {
  it.each(copies)('%s is the copy in the repository', (original, copy) => {
    const source = new URL(original, shared);
    expect(existsSync(source), `${fileURLToPath(source)} is missing from the shared/ folder`).toBe(true);
    expect(readFileSync(new URL(copy, import.meta.url), 'utf8')).toBe(readFileSync(source, 'utf8'));
  });
});
