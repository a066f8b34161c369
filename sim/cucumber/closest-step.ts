/**
 * The existing step closest to a step nobody defined: what "did you mean" proposes. Texts are
 * compared by shape — quoted strings, numbers and addresses become placeholders, as the step's
 * parameters do in its expression — so a typo in a word weighs more than a different argument.
 * Each step is compared both through its expression and through its example, and the nearer wins.
 */
import type { CatalogueStep } from './step-catalogue.ts';

/** A step's text with its arguments reduced to placeholders. */
export function shapeOfText(text: string): string {
  return text
    .toLowerCase()
    .replace(/"[^"]*"/g, '"_"')
    .replace(/\b\d+(?:\.\d+){3}(?:\/\d+)?/g, '0')
    .replace(/\b\d+(?:\.\d+)?(?: ?(?:ms|milliseconds?|s|seconds?|minutes?)\b)?/g, '0')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A Cucumber expression's shape: parameters as the placeholders shapeOfText produces. */
export function shapeOfExpression(expression: string): string {
  return expression
    .toLowerCase()
    .replace(/\{string\}/g, '"_"')
    .replace(/\{(?:int|float|ip|cidr|duration)\}/g, '0')
    .replace(/\(([^)]*)\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Levenshtein distance between two strings, one row at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}

/** The distance of a step text (without its keyword) to a catalogue step, 0 (same shape) to 1. */
export function distanceTo(text: string, step: CatalogueStep): number {
  const shape = shapeOfText(text);
  const example = shapeOfText(step.example.slice(step.keyword.length + 1));
  const candidates = [example, ...(step.pattern.startsWith('/') ? [] : [shapeOfExpression(step.pattern)])];
  return Math.min(...candidates.map((c) => editDistance(shape, c) / Math.max(shape.length, c.length, 1)));
}

/** The closest step, or undefined when even the closest shares less than half of the text. */
export function closestStep(text: string, steps: readonly CatalogueStep[]): CatalogueStep | undefined {
  let best: { step: CatalogueStep; distance: number } | undefined;
  for (const step of steps) {
    const distance = distanceTo(text, step);
    if (!best || distance < best.distance) best = { step, distance };
  }
  return best && best.distance <= 0.5 ? best.step : undefined;
}
