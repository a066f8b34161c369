/**
 * Validates a parsed lab document against `topologies/lab.schema.json` and turns ajv's errors
 * into LabIssues a person can act on: the path, the rule, the valid choices, and "did you mean"
 * for unknown keys and enum values. oneOf noise (one error per rejected alternative) is folded
 * into the alternative whose JSON type matches what was written.
 */
import { Ajv, type ErrorObject } from 'ajv';
import schema from '../../topologies/lab.schema.json' with { type: 'json' };
import { didYouMean } from './did-you-mean.ts';
import { formatPath, type DocPath, type LabIssue } from './lab-issue.ts';

type JsonSchema = Record<string, unknown>;

export const LAB_SCHEMA: JsonSchema = schema as JsonSchema;

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false });
const validate = ajv.compile(LAB_SCHEMA);

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function toPath(pointer: string, data: unknown): (string | number)[] {
  const out: (string | number)[] = [];
  let cur: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      const i = Number(key);
      out.push(i);
      cur = cur[i];
    } else {
      out.push(key);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
    }
  }
  return out;
}

function valueAt(data: unknown, path: DocPath): unknown {
  let cur = data;
  for (const p of path) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[p] : undefined;
  return cur;
}

function deref(s: JsonSchema): JsonSchema {
  const ref = s['$ref'];
  if (typeof ref !== 'string') return s;
  let cur: unknown = LAB_SCHEMA;
  for (const part of ref.replace(/^#\//, '').split('/')) cur = (cur as Record<string, unknown>)[part];
  return deref(cur as JsonSchema);
}

function branchTypes(branch: JsonSchema): string[] {
  const t = deref(branch)['type'];
  const types = Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : [];
  return types.includes('number') ? [...types, 'integer'] : types;
}

function describeBranch(branch: JsonSchema): string {
  const s = deref(branch);
  if (Array.isArray(s['enum'])) return (s['enum'] as unknown[]).map((v) => JSON.stringify(v)).join(' or ');
  const t = branchTypes(s);
  if (t.includes('object')) return `a mapping with keys ${Object.keys((s['properties'] ?? {}) as object).join(', ')}`;
  if (t.includes('array')) return 'a list';
  return t.filter((x) => x !== 'number').join(' or ');
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function message(e: ErrorObject, path: DocPath, value: unknown): LabIssue | undefined {
  const where = formatPath(path);
  const parent = (e.parentSchema ?? {}) as JsonSchema;
  const rule = typeof parent['description'] === 'string' ? (parent['description'] as string) : undefined;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const valid = Object.keys((parent['properties'] ?? {}) as object);
      return {
        path: [...path, key],
        atKey: true,
        message: `unknown key "${key}" in ${where}: not part of the lab format${didYouMean(key, valid)} (valid keys: ${valid.join(', ')})`,
      };
    }
    case 'required': {
      const key = String(params['missingProperty']);
      const req = (parent['required'] ?? []) as string[];
      return { path, message: `missing key "${key}" in ${where}: it is required (required keys: ${req.join(', ')})` };
    }
    case 'enum': {
      const allowed = (params['allowedValues'] ?? []) as unknown[];
      const hint = typeof value === 'string' ? didYouMean(value, allowed.map(String)) : '';
      return { path, message: `invalid value ${show(value)} at ${where}: not an allowed value${hint} (valid: ${allowed.map(String).join(', ')})` };
    }
    case 'type': {
      const t = params['type'];
      return { path, message: `invalid value ${show(value)} at ${where}: must be ${Array.isArray(t) ? t.join(' or ') : String(t)}${rule ? ` (${rule})` : ''}` };
    }
    case 'pattern':
      return { path, message: `invalid value ${show(value)} at ${where}: must be ${rule ?? `matching ${String(params['pattern'])}`}` };
    case 'minimum':
    case 'maximum': {
      return { path, message: `invalid value ${show(value)} at ${where}: must be ${e.keyword === 'minimum' ? '>=' : '<='} ${String(params['limit'])}${rule ? ` (${rule})` : ''}` };
    }
    case 'minItems':
      return { path, message: `invalid list at ${where}: needs at least ${String(params['limit'])} item${params['limit'] === 1 ? '' : 's'}` };
    case 'oneOf': {
      const branches = (e.schema ?? []) as JsonSchema[];
      return { path, message: `invalid value ${show(value)} at ${where}: must be one of the accepted forms (${branches.map(describeBranch).join('; or ')})` };
    }
    default:
      return { path, message: `invalid value ${show(value)} at ${where}: ${e.message ?? e.keyword}` };
  }
}

/** Schema issues of a parsed lab document; empty when it conforms. */
export function schemaIssues(data: unknown): LabIssue[] {
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  const located = errors.map((e) => ({ e, path: toPath(e.instancePath, data) }));
  const dropped = new Set<ErrorObject>();
  for (const { e, path } of located) {
    if (e.keyword !== 'oneOf') continue;
    const value = valueAt(data, path);
    const t = jsonType(value);
    const branches = (e.schema ?? []) as JsonSchema[];
    const typeMatches = branches.some((b) => branchTypes(b).includes(t));
    const pointer = e.instancePath;
    const foreignBranches = branches.map((b, i) => (branchTypes(b).includes(t) ? undefined : `${e.schemaPath}/${i}/`)).filter((x): x is string => x !== undefined);
    for (const other of errors) {
      if (other === e) continue;
      if (typeMatches && foreignBranches.some((prefix) => other.schemaPath.startsWith(prefix))) dropped.add(other);
      // The alternatives whose type differs from what was written say nothing useful.
      if (other.instancePath === pointer && other.keyword === 'type') dropped.add(other);
      if (!typeMatches && (other.instancePath === pointer || other.instancePath.startsWith(`${pointer}/`))) dropped.add(other);
    }
    const detailed = errors.some((o) => o !== e && !dropped.has(o) && (o.instancePath === pointer || o.instancePath.startsWith(`${pointer}/`)));
    if (typeMatches && detailed) dropped.add(e);
  }
  const issues: LabIssue[] = [];
  const seen = new Set<string>();
  for (const { e, path } of located) {
    if (dropped.has(e)) continue;
    const issue = message(e, path, valueAt(data, path));
    if (!issue || seen.has(issue.message)) continue;
    seen.add(issue.message);
    issues.push(issue);
  }
  return issues;
}
