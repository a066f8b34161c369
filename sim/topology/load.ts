/**
 * Loads a lab file: YAML (with source positions) → JSON schema → semantic rules → resolved model.
 * Each stage reports every problem it finds as `file:line:column: message`; a later stage runs
 * only when the earlier ones found nothing, and nothing is returned from an invalid file.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { HarnessError } from '../core/errors.ts';
import { logger } from '../core/logger.ts';
import { labInvalid, type LabIssue, type LocatedIssue } from './lab-issue.ts';
import type { LabFile } from './lab-file.ts';
import type { ResolvedLab } from './model.ts';
import { resolveLab } from './resolve.ts';
import { schemaIssues } from './schema-check.ts';
import { semanticIssues } from './semantic-check.ts';
import { positionOf } from './source-map.ts';

const log = logger('topology');

/** Parses and checks lab text; `fileName` is used in error positions. Throws HarnessError('LAB_INVALID'). */
export function parseLab(text: string, fileName: string): ResolvedLab {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true });
  if (doc.errors.length > 0) {
    throw labInvalid(fileName, doc.errors.map((e) => {
      const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
      const why = e.message.split('\n')[0] ?? e.message;
      const message = `invalid YAML: ${why} (${e.code})`;
      return { file: fileName, line: pos.line, column: pos.col, message, text: `${fileName}:${pos.line}:${pos.col}: ${message}` };
    }));
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // The yaml library refuses an alias bomb (a billion laughs) with a bare ReferenceError: a lab-file error all the same.
    const why = (err as Error).message.split('\n')[0] ?? String(err);
    const message = `invalid YAML: ${why} (aliases are limited to 100 expansions)`;
    throw labInvalid(fileName, [{ file: fileName, line: 1, column: 1, message, text: `${fileName}:1:1: ${message}` }]);
  }
  const locate = (issues: LabIssue[]): LocatedIssue[] =>
    issues
      .map((i) => {
        const { line, column } = positionOf(doc, lines, i.path, i.atKey);
        return { file: fileName, line, column, message: i.message, text: `${fileName}:${line}:${column}: ${i.message}` };
      })
      .sort((a, b) => a.line - b.line || a.column - b.column);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw labInvalid(fileName, locate([{ path: [], message: 'invalid lab file: the document must be a mapping with at least a name (e.g. "name: my-lab")' }]));
  }
  const schemaProblems = schemaIssues(data);
  if (schemaProblems.length > 0) throw labInvalid(fileName, locate(schemaProblems));
  const file = data as LabFile;
  const semantic = semanticIssues(file);
  if (semantic.length > 0) throw labInvalid(fileName, locate(semantic));
  const lab = resolveLab(file, fileName);
  log('loaded lab %s from %s: %d hosts, %d segments', lab.name, fileName, lab.hosts.length, lab.segments.length);
  return lab;
}

/** Reads and parses a lab file; errors name the file as given (relative paths stay relative). */
export async function loadLab(path: string): Promise<ResolvedLab> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new HarnessError('LAB_NOT_FOUND', `cannot read lab file ${path}: ${(cause as NodeJS.ErrnoException).code ?? 'read error'} (name: ${basename(path)})`, { cause, details: { path } });
  }
  return parseLab(text, path);
}
