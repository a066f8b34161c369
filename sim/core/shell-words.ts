/**
 * Splits a command line into words the way containerlab splits a node's `exec` entries (Go's
 * google/shlex, POSIX rules without expansion): blanks separate words, single quotes keep
 * everything, double quotes keep everything but `\"` and `\\`, a backslash outside quotes takes
 * the next character. No shell runs: `$`, `;`, `|` and globs are plain characters of a word, so a
 * lab node's commands run as written under the docker driver and under containerlab alike.
 */
import { invalidInput } from './errors.ts';

export function splitWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word = (word ?? '') + c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) word = (word ?? '') + (line[++i] as string);
      else word = (word ?? '') + c;
    } else if (c === ' ' || c === '\t') {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw invalidInput('command', line, 'a backslash at the end escapes nothing');
      word = (word ?? '') + (line[++i] as string);
    } else word = (word ?? '') + c;
  }
  if (quote !== null) throw invalidInput('command', line, `unclosed ${quote === "'" ? 'single' : 'double'} quote`);
  if (word !== null) words.push(word);
  return words;
}
