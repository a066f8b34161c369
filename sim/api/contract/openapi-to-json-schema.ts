/**
 * OpenAPI 3.0 schema objects → JSON Schema (draft-07) that ajv validates. What OVHcloud's schemas use
 * and needs translating: `nullable` (no such keyword in JSON Schema), `$ref` to `#/components/schemas`
 * (rewritten to the document's `definitions`), `allOf: [{$ref}]` wrappers carrying a description,
 * `readOnly` (kept as an annotation; dropped from `required` for request bodies), `example` (removed).
 */

export type SchemaObject = Record<string, unknown>;

export interface ConvertOptions {
  /** `$id` of the document the definitions will live in, for rewritten `$ref`s. */
  documentId: string;
  /** Reject properties a schema does not declare (the OpenAPI leaves it open; useful to catch leaks). */
  forbidUnknownProperties?: boolean;
  /** Request-body mode: readOnly properties are not required (OpenAPI 3.0 §readOnly). */
  request?: boolean;
  /**
   * Require every declared property that is not `nullable` (response mode). OVHcloud's schemas
   * declare no `required` on responses, yet their examples always carry the non-nullable fields: this
   * catches a payload that silently drops one.
   */
  requireNonNullable?: boolean;
}

const DROP = new Set(['example', 'examples', 'nullable', 'xml', 'externalDocs', 'discriminator', 'deprecated']);

export function convertSchema(schema: unknown, options: ConvertOptions): unknown {
  if (Array.isArray(schema)) return schema.map((s) => convertSchema(s, options));
  if (schema === null || typeof schema !== 'object') return schema;
  const src = schema as SchemaObject;
  const out: SchemaObject = {};
  for (const [key, value] of Object.entries(src)) {
    if (DROP.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace(/^#\/components\/schemas\//, `${options.documentId}#/definitions/`);
    } else if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value as SchemaObject).map(([k, v]) => [k, convertSchema(v, options)]));
    } else if (key === 'enum' || key === 'required' || key === 'description' || key === 'format' || key === 'type') {
      out[key] = value;
    } else {
      out[key] = convertSchema(value, options);
    }
  }
  if (options.request && Array.isArray(out.required) && out.properties) {
    const props = src.properties as Record<string, SchemaObject>;
    out.required = (out.required as string[]).filter((name) => props[name]?.readOnly !== true);
  }
  if (options.requireNonNullable && !options.request && src.properties && typeof src.properties === 'object') {
    const props = src.properties as Record<string, SchemaObject>;
    const extra = Object.keys(props).filter((name) => props[name]?.nullable !== true);
    out.required = [...new Set([...((out.required as string[] | undefined) ?? []), ...extra])];
  }
  if (options.forbidUnknownProperties && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  // A lone `allOf: [{$ref}]` is how the generator attaches a description to a reference: unwrap it
  // so that `nullable` below and ajv's error messages deal with the referenced schema directly.
  if (Array.isArray(out.allOf) && out.allOf.length === 1 && !out.type && !out.properties) {
    const [only] = out.allOf as SchemaObject[];
    delete out.allOf;
    Object.assign(out, only);
  }
  if (src.nullable === true) return nullable(out);
  return out;
}

function nullable(s: SchemaObject): SchemaObject {
  if (typeof s.type === 'string' && !s.$ref) {
    const out: SchemaObject = { ...s, type: [s.type, 'null'] };
    if (Array.isArray(s.enum) && !s.enum.includes(null)) out.enum = [...s.enum, null];
    return out;
  }
  const { description, readOnly, ...rest } = s;
  return { ...(description !== undefined ? { description } : {}), ...(readOnly !== undefined ? { readOnly } : {}), anyOf: [{ type: 'null' }, rest] };
}
