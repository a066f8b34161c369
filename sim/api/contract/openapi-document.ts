/**
 * The three OpenAPI documents the simulator must honour (OVHcloud's published schemas, vendored in
 * ./openapi/ from the product docs): `/v2/vrackServices`, `/1.0/vrack`, `/1.0/storage/netapp`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export interface OpenApiOperation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown; examples?: Record<string, { value?: unknown }> }> }>;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
}

export interface OpenApiDocument {
  /** Short name: `vrackservices`, `vrack`, `storagenetapp`. */
  name: string;
  /** Path prefix on the wire, from `servers[0].url`: `/v2` or `/1.0`. */
  prefix: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  schemas: Record<string, unknown>;
}

export const OPENAPI_DIR = join(fileURLToPath(new URL('.', import.meta.url)), 'openapi');
export const OPENAPI_NAMES = ['vrackservices', 'vrack', 'storagenetapp'] as const;

export function loadOpenApiDocument(name: string, dir = OPENAPI_DIR): OpenApiDocument {
  const raw = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as {
    servers?: { url: string }[];
    paths: OpenApiDocument['paths'];
    components?: { schemas?: Record<string, unknown> };
  };
  const server = raw.servers?.[0]?.url ?? '/1.0';
  return { name, prefix: new URL(server, 'https://x').pathname.replace(/\/$/, ''), paths: raw.paths, schemas: raw.components?.schemas ?? {} };
}

export function loadOpenApiDocuments(dir = OPENAPI_DIR): OpenApiDocument[] {
  return OPENAPI_NAMES.map((n) => loadOpenApiDocument(n, dir));
}
