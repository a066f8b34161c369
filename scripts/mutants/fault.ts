/**
 * A planted fault: one exact text in one file, replaced by a realistic bug. Applying it is pure and
 * loud: a search text found zero times or several times is refused, because a fault that silently
 * applies nothing (the code moved) would read as a kill of a bug that was never there.
 */
import { HarnessError, invalidInput } from '../../sim/core/errors.ts';

export type CucumberProfile = 'default' | 'api' | 'netns';

export interface Fault {
  /** kebab-case, unique in the catalogue; `--only` takes these. */
  id: string;
  /** The realistic bug this plants, in one line. */
  description: string;
  /** Repository-relative path of the file to change. */
  file: string;
  /** Exact text that must occur exactly once in `file`. */
  search: string;
  /** What replaces it. */
  replace: string;
  /** Feature files (optionally `path:line`) that must fail once the fault is in. */
  features: string[];
  /** Cucumber profile: `api` for control-plane-only faults, `default` (docker driver) otherwise. */
  profile: CucumberProfile;
  /** Optional cucumber tag expression narrowing the run. */
  tags?: string;
  /** One of the few fast faults `--quick` runs. */
  quick?: boolean;
}

export const FAULT_ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** How many times `needle` occurs in `text`, overlapping occurrences included. */
export function occurrences(text: string, needle: string): number {
  if (needle.length === 0) return 0;
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) count++;
  return count;
}

/** `text` with the fault planted; throws FAULT_NOT_FOUND / FAULT_AMBIGUOUS unless the search text occurs exactly once. */
export function applyFault(text: string, fault: Pick<Fault, 'id' | 'file' | 'search' | 'replace'>): string {
  if (fault.search.length === 0) throw invalidInput(`search text of fault ${fault.id}`, fault.search, 'must not be empty');
  if (fault.search === fault.replace) throw invalidInput(`replacement of fault ${fault.id}`, fault.replace, 'must differ from the search text (the fault would change nothing)');
  const found = occurrences(text, fault.search);
  if (found === 0) {
    throw new HarnessError('FAULT_NOT_FOUND', `fault ${fault.id} cannot be planted: its search text is not in ${fault.file} (the code moved? update scripts/mutants/catalogue.ts): ${JSON.stringify(fault.search)}`, {
      details: { id: fault.id, file: fault.file, search: fault.search },
    });
  }
  if (found > 1) {
    throw new HarnessError('FAULT_AMBIGUOUS', `fault ${fault.id} cannot be planted: its search text occurs ${found} times in ${fault.file}, it must occur exactly once (make it longer): ${JSON.stringify(fault.search)}`, {
      details: { id: fault.id, file: fault.file, search: fault.search, found },
    });
  }
  const at = text.indexOf(fault.search);
  return text.slice(0, at) + fault.replace + text.slice(at + fault.search.length);
}
