// The repository carries copies of the published schemas so tests run from any checkout; when the
// team's shared/ folder sits beside the project (as on CI), the copies must still match it.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const shared = new URL('../../../../shared/', import.meta.url);
const copies = [
  ['ovh-api/vrackservices.json', './openapi/vrackservices.json'],
  ['ovh-api/vrack.json', './openapi/vrack.json'],
  ['ovh-api/storagenetapp.json', './openapi/storagenetapp.json'],
  ['containerlab/clab.schema.json', '../../fabric/containerlab/schema/clab.schema.json'],
] as const;

const present = existsSync(new URL('ovh-api/vrackservices.json', shared));
if (!present) console.warn(`vendored schema check skipped: no shared/ folder beside the project (${shared.pathname})`);

describe.skipIf(!present)('vendored schemas', () => {
  it.each(copies)('%s is the copy in the repository', (original, copy) => {
    expect(readFileSync(new URL(copy, import.meta.url), 'utf8')).toBe(readFileSync(new URL(original, shared), 'utf8'));
  });
});
