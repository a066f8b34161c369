/**
 * A problem found in a lab file, located at file:line:column. The loader collects every issue of
 * a stage (syntax, schema, semantics) and throws them together, so one run shows them all.
 */
import { escapeControl } from '../core/control-chars.ts';
import { HarnessError } from '../core/errors.ts';

/** A path into the parsed document: keys and array indexes, e.g. ['hosts', 0, 'nics', 1, 'ip']. */
export type DocPath = readonly (string | number)[];

export interface LabIssue {
  /** Where in the document; the position is looked up from it. */
  path: DocPath;
  /** `<what failed>: <why> (<context>)`. */
  message: string;
  /** Point at the key instead of the value (unknown keys). */
  atKey?: boolean;
}

export interface LocatedIssue {
  file: string;
  line: number;
  column: number;
  message: string;
  /** `file:line:column: message`, the form editors and terminals turn into links. */
  text: string;
}

/** `hosts[0].nics[1].ip` */
export function formatPath(path: DocPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out === '' ? 'the top level' : out;
}

/**
 * Control characters written as escapes: lab-file values reach the terminal inside error messages,
 * and `\e]0;…` or `\e[2J` there would retitle or clear it (or fake output).
 */
export { escapeControl };

export function labInvalid(file: string, issues: readonly LocatedIssue[]): HarnessError {
  const head = `invalid lab file ${escapeControl(file)}: ${issues.length} problem${issues.length === 1 ? '' : 's'} (nothing was built)`;
  const safe = issues.map((i) => ({ ...i, file: escapeControl(i.file), message: escapeControl(i.message), text: escapeControl(i.text) }));
  return new HarnessError('LAB_INVALID', [head, ...safe.map((i) => `  ${i.text}`)].join('\n'), {
    details: { file, issues: safe },
  });
}
