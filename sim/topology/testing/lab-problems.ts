/** For loader tests: the issues (`file:line:column: message`) of lab text the loader must reject. */
import { HarnessError } from '../../core/errors.ts';
import type { LocatedIssue } from '../lab-issue.ts';
import { parseLab } from '../load.ts';

export function labProblems(text: string): string[] {
  try {
    parseLab(text, 'x.lab.yml');
  } catch (err) {
    if (!(err instanceof HarnessError) || err.code !== 'LAB_INVALID') throw err;
    return (err.details['issues'] as LocatedIssue[]).map((i) => i.text);
  }
  throw new Error('expected the lab to be rejected');
}
