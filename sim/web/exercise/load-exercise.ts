/**
 * Loads an exercise file: YAML (with source positions) → JSON schema → rules against its lab (the
 * lab's name, hosts that exist, unique step ids). Every problem is reported as `file:line:column:
 * message`, like the lab loader's, and nothing is returned from an invalid file.
 */
import { readFile } from 'node:fs/promises';
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, parseDocument } from 'yaml';
import schema from '../../../topologies/exercise.schema.json' with { type: 'json' };
import { HarnessError } from '../../core/errors.ts';
import { escapeControl, formatPath, type DocPath } from '../../topology/lab-issue.ts';
import type { ResolvedLab } from '../../topology/model.ts';
import { positionOf } from '../../topology/source-map.ts';
import type { Exercise, ExerciseCheck } from './exercise-file.ts';

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false });
const validate = ajv.compile(schema);

interface Issue {
  path: DocPath;
  message: string;
  /** Point at the key rather than its value (an unknown key). */
  atKey?: boolean;
}

function pathOf(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((k) => (/^\d+$/.test(k) ? Number(k) : k.replace(/~1/g, '/').replace(/~0/g, '~')));
}

function describe(e: ErrorObject): Issue {
  const path = pathOf(e.instancePath);
  const where = formatPath(path) || 'the document';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const valid = Object.keys(((e.parentSchema ?? {}) as { properties?: object }).properties ?? {});
      return { path: [...path, key], atKey: true, message: `unknown key "${key}" at ${where} (valid: ${valid.join(', ')})` };
    }
    case 'required':
      return { path, message: `missing key "${String(p.missingProperty)}" at ${where}` };
    case 'enum':
      return { path, message: `invalid value at ${where}: not an allowed value (valid: ${(p.allowedValues as unknown[]).map(String).join(', ')})` };
    case 'maxProperties':
    case 'minProperties':
      return { path, message: `invalid check at ${where}: give exactly one of endpoint, probe, route, journal, all` };
    default:
      return { path, message: `invalid value at ${where}: ${e.message ?? e.keyword}` };
  }
}

function checksOf(c: ExerciseCheck): ExerciseCheck[] {
  return 'all' in c ? c.all.flatMap(checksOf) : [c];
}

/** Rules the schema cannot state: the lab it is for, hosts of that lab, unique step ids. */
function labIssues(ex: Exercise, lab: ResolvedLab | undefined): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  ex.steps.forEach((s, i) => {
    if (seen.has(s.id)) issues.push({ path: ['steps', i, 'id'], message: `duplicate step id "${s.id}" at steps[${i}].id (ids must be unique)` });
    seen.add(s.id);
  });
  if (!lab) return issues;
  if (ex.lab !== lab.name) issues.push({ path: ['lab'], message: `this exercise is for lab "${ex.lab}", not "${lab.name}" (valid: ${lab.name})` });
  const hosts = lab.hosts.map((h) => h.name);
  ex.steps.forEach((s, i) => {
    for (const c of checksOf(s.check)) {
      const host = 'probe' in c ? c.probe.from : 'route' in c ? c.route.host : undefined;
      if (host !== undefined && !hosts.includes(host)) {
        issues.push({ path: ['steps', i, 'check'], message: `step "${s.id}" names host "${host}", not in lab ${lab.name} (valid: ${hosts.join(', ')})` });
      }
    }
  });
  return issues;
}

/** Parses and validates guided exercise text; problems are reported with file, line and column. */
export function parseExercise(text: string, fileName: string, lab?: ResolvedLab): Exercise {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const fail = (issues: { line: number; column: number; message: string }[]): never => {
    const head = `invalid exercise file ${escapeControl(fileName)}: ${issues.length} problem${issues.length === 1 ? '' : 's'}`;
    throw new HarnessError('EXERCISE_INVALID', [head, ...issues.map((i) => `  ${escapeControl(fileName)}:${i.line}:${i.column}: ${escapeControl(i.message)}`)].join('\n'), {
      details: { file: fileName, issues },
    });
  };
  if (doc.errors.length > 0) {
    fail(doc.errors.map((e) => {
      const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
      return { line: pos.line, column: pos.col, message: `invalid YAML: ${e.message.split('\n')[0] ?? e.message} (${e.code})` };
    }));
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  const locate = (issues: Issue[]) =>
    issues.map((i) => ({ ...positionOf(doc, lines, i.path, i.atKey), message: i.message })).sort((a, b) => a.line - b.line || a.column - b.column);
  if (!validate(data)) fail(locate((validate.errors ?? []).map(describe)));
  const ex = { ...(data as Omit<Exercise, 'source'>), source: fileName };
  const rules = labIssues(ex, lab);
  if (rules.length > 0) fail(locate(rules));
  return ex;
}

/** Reads and validates a guided exercise file (checked against the lab when given). */
export async function loadExercise(path: string, lab?: ResolvedLab): Promise<Exercise> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new HarnessError('EXERCISE_NOT_FOUND', `cannot read exercise file ${path}: ${(cause as NodeJS.ErrnoException).code ?? 'read error'}`, { cause });
  }
  return parseExercise(text, path, lab);
}
