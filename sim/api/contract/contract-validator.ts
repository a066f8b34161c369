/**
 * Checks API payloads against OVHcloud's published OpenAPI schemas: finds the operation from a
 * concrete method + path (`GET /v2/vrackServices/resource/vrs-abc` → `/vrackServices/resource/{vrackServicesId}`
 * of vrackservices.json), picks the response schema for the status, and validates with ajv.
 * Errors are precise: JSON pointer, rule, allowed values, the offending value.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { isIP, isIPv4, isIPv6 } from 'node:net';
import { loadOpenApiDocuments, type OpenApiDocument, type OpenApiOperation } from './openapi-document.ts';
import { convertSchema } from './openapi-to-json-schema.ts';
import { HarnessError } from '../../core/errors.ts';

// ajv-formats is CommonJS: its default export arrives as the module object under NodeNext typing.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

export interface OperationRef {
  document: string;
  method: string;
  /** The OpenAPI path template, without the server prefix. */
  template: string;
  /** Wire path template (`/v2/vrackServices/resource/{vrackServicesId}`). */
  wireTemplate: string;
  operation: OpenApiOperation;
}

export interface ContractResult {
  valid: boolean;
  errors: string[];
  operation?: OperationRef | undefined;
  /** Name of the schema checked against, when the response refers to a component. */
  schema?: string | undefined;
}

export interface ContractValidatorOptions {
  /** Directory holding the three OpenAPI files (default: the vendored ./openapi). */
  dir?: string;
  /** Also reject properties the schemas do not declare (they are open by default). */
  forbidUnknownProperties?: boolean;
  /** Require every non-nullable declared property in responses (see openapi-to-json-schema.ts). */
  requireNonNullable?: boolean;
}

export interface ContractValidator {
  findOperation(method: string, path: string): OperationRef | undefined;
  validateResponse(method: string, path: string, status: number, body: unknown): ContractResult;
  /** Throws HarnessError('CONTRACT_VIOLATION') listing every mismatch. */
  assertResponse(method: string, path: string, status: number, body: unknown): void;
  validateRequestBody(method: string, path: string, body: unknown): ContractResult;
}

const BASE_ID = 'https://vracklab.invalid/openapi/';

/** What every OVHcloud API error looks like when an operation does not declare the status. */
const COMMON_ERROR = {
  type: 'object',
  required: ['message'],
  properties: { class: { type: 'string' }, message: { type: 'string' }, details: { type: 'object', additionalProperties: { type: 'string' } } },
};

function isCidr(value: string, family: 4 | 6 | 0): boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (!m) return false;
  const ip = m[1]!;
  const len = Number(m[2]);
  const v = isIP(ip);
  if (v === 0 || (family !== 0 && v !== family)) return false;
  return len <= (v === 4 ? 32 : 128);
}

function addOvhFormats(ajv: Ajv): void {
  addFormats(ajv);
  ajv.addFormat('ipv4', { type: 'string', validate: (s: string) => isIPv4(s) });
  ajv.addFormat('ipv6', { type: 'string', validate: (s: string) => isIPv6(s) });
  ajv.addFormat('ip-block', { type: 'string', validate: (s: string) => isCidr(s, 0) });
  ajv.addFormat('ipv4-block', { type: 'string', validate: (s: string) => isCidr(s, 4) });
  ajv.addFormat('ipv6-block', { type: 'string', validate: (s: string) => isCidr(s, 6) });
  ajv.addFormat('mac-address', { type: 'string', validate: (s: string) => /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(s) });
  // Free-form in OVHcloud's catalogue: documented, not constrained.
  ajv.addFormat('phone-number', true);
  ajv.addFormat('password', true);
}

/**
 * OVHcloud errors may carry `details` (a string map, e.g. IAM's unauthorizedActionsByIAM: reference
 * §3, go-ovh's APIError) although the per-operation error schemas only list class and message.
 */
function withErrorDetails(schema: unknown): unknown {
  const s = schema as { type?: string; properties?: Record<string, unknown> };
  if (s.type !== 'object' || !s.properties || 'details' in s.properties) return schema;
  return { ...s, properties: { ...s.properties, details: { type: 'object', nullable: true, additionalProperties: { type: 'string' } } } };
}

function templateRegex(template: string): RegExp {
  const body = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

function literalSegments(template: string): number {
  return template.split('/').filter((s) => s && !s.startsWith('{')).length;
}

function describeValue(v: unknown): string {
  const s = JSON.stringify(v);
  if (s === undefined) return 'undefined';
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

export function formatAjvErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  if (!errors) return [];
  // `nullable` became anyOf[null, X]: the "must be null" branch and the anyOf summary are noise
  // next to the real reason from branch X.
  const useful = errors.filter((e) => e.keyword !== 'anyOf' && !(e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null'));
  const list = useful.length > 0 ? useful : errors;
  const out = list.map((e) => {
    const where = e.instancePath || '(root)';
    const p = e.params as Record<string, unknown>;
    let what = e.message ?? e.keyword;
    if (e.keyword === 'enum') what += ` (${(p.allowedValues as unknown[]).map((x) => String(x)).join(', ')})`;
    if (e.keyword === 'additionalProperties') what = `has undeclared property '${String(p.additionalProperty)}'`;
    if (e.keyword === 'required') return `${where} ${what}`;
    return `${where} ${what} (got ${describeValue(e.data)})`;
  });
  return [...new Set(out)];
}

export function createContractValidator(options: ContractValidatorOptions = {}): ContractValidator {
  const docs: OpenApiDocument[] = loadOpenApiDocuments(options.dir);
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
  addOvhFormats(ajv);
  const convert = (schema: unknown, doc: string, request = false) =>
    convertSchema(schema, {
      documentId: `${BASE_ID}${doc}${request ? '.request' : ''}.json`,
      forbidUnknownProperties: options.forbidUnknownProperties ?? false,
      requireNonNullable: options.requireNonNullable ?? false,
      request,
    }) as object;
  // Two copies of each document: responses (as configured) and requests (readOnly not required).
  for (const doc of docs) {
    ajv.addSchema({ $id: `${BASE_ID}${doc.name}.json`, definitions: convert(doc.schemas, doc.name) });
    ajv.addSchema({ $id: `${BASE_ID}${doc.name}.request.json`, definitions: convert(doc.schemas, doc.name, true) });
  }
  const compiled = new Map<string, ValidateFunction>();
  const compile = (key: string, make: () => object): ValidateFunction => {
    let fn = compiled.get(key);
    if (!fn) {
      fn = ajv.compile(make());
      compiled.set(key, fn);
    }
    return fn;
  };
  const routes = docs.flatMap((doc) =>
    Object.entries(doc.paths).map(([template, ops]) => ({ doc, template, ops, re: templateRegex(template), literals: literalSegments(template) })),
  );

  function findOperation(method: string, path: string): OperationRef | undefined {
    const m = method.toLowerCase();
    let p = path.split('?')[0]!.replace(/\/+$/, '');
    if (p.startsWith('/v1/')) p = `/1.0${p.slice(3)}`;
    let best: (typeof routes)[number] | undefined;
    for (const r of routes) {
      if (!p.startsWith(`${r.doc.prefix}/`) || !r.ops[m]) continue;
      if (!r.re.test(p.slice(r.doc.prefix.length))) continue;
      if (!best || r.literals > best.literals) best = r;
    }
    if (!best) return undefined;
    return { document: best.doc.name, method: m.toUpperCase(), template: best.template, wireTemplate: `${best.doc.prefix}${best.template}`, operation: best.ops[m]! };
  }

  function run(fn: ValidateFunction, value: unknown, op: OperationRef | undefined, schema: string | undefined): ContractResult {
    const valid = fn(value) as boolean;
    return { valid, errors: valid ? [] : formatAjvErrors(fn.errors), operation: op, schema };
  }

  function validateResponse(method: string, path: string, status: number, body: unknown): ContractResult {
    const op = findOperation(method, path);
    if (!op) return { valid: false, errors: [`no operation ${method.toUpperCase()} ${path} in the OpenAPI documents`] };
    const responses = op.operation.responses ?? {};
    const declared = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    if (!declared) {
      if (status >= 400) {
        return run(compile('common-error', () => COMMON_ERROR), body, op, 'common error model');
      }
      return { valid: false, errors: [`status ${status} is not declared for ${op.method} ${op.wireTemplate} (declared: ${Object.keys(responses).join(', ')})`], operation: op };
    }
    const content = declared.content?.['application/json'];
    const schema = content?.schema;
    if (schema === undefined) {
      // A void operation: the API answers `null` (or nothing).
      const empty = body === null || body === undefined || body === '';
      return { valid: empty, errors: empty ? [] : [`(root) must be empty for ${op.method} ${op.wireTemplate} ${status} (got ${describeValue(body)})`], operation: op };
    }
    const ref = (schema as { $ref?: string }).$ref?.replace('#/components/schemas/', '');
    const key = `res ${op.document} ${op.method} ${op.template} ${status}`;
    const result = run(compile(key, () => convert(status >= 400 ? withErrorDetails(schema) : schema, op.document)), body, op, ref);
    // The published error catalogue: for an error status with examples, the class must be one of them.
    const declaredClasses = Object.values(content?.examples ?? {})
      .map((ex) => (ex.value as { class?: unknown } | undefined)?.class)
      .filter((c): c is string => typeof c === 'string');
    const cls = (body as { class?: unknown } | null)?.class;
    if (status >= 400 && declaredClasses.length > 0 && typeof cls === 'string' && !declaredClasses.includes(cls)) {
      result.valid = false;
      result.errors.push(`/class is not in the error catalogue of ${op.method} ${op.wireTemplate} ${status} (got ${JSON.stringify(cls)}; declared: ${declaredClasses.join(', ')})`);
    }
    return result;
  }

  function validateRequestBody(method: string, path: string, body: unknown): ContractResult {
    const op = findOperation(method, path);
    if (!op) return { valid: false, errors: [`no operation ${method.toUpperCase()} ${path} in the OpenAPI documents`] };
    const schema = op.operation.requestBody?.content?.['application/json']?.schema;
    if (schema === undefined) return { valid: true, errors: [], operation: op };
    const key = `req ${op.document} ${op.method} ${op.template}`;
    return run(compile(key, () => convert(schema, op.document, true)), body, op, (schema as { $ref?: string }).$ref?.replace('#/components/schemas/', ''));
  }

  return {
    findOperation,
    validateResponse,
    validateRequestBody,
    assertResponse(method, path, status, body) {
      const r = validateResponse(method, path, status, body);
      if (!r.valid) {
        const against = r.schema ? ` ${r.schema}` : r.operation ? ` ${r.operation.wireTemplate}` : '';
        throw new HarnessError('CONTRACT_VIOLATION', `${method.toUpperCase()} ${path} ${status} response does not match the OpenAPI schema${against}: ${r.errors.join('; ')}`, {
          details: { method, path, status, body, errors: r.errors },
        });
      }
    },
  };
}

let shared: ContractValidator | undefined;

/** Validates with a shared validator over the vendored schemas (compiled once per process). */
export function validateResponse(method: string, path: string, status: number, body: unknown): ContractResult {
  shared ??= createContractValidator();
  return shared.validateResponse(method, path, status, body);
}
