/**
 * Assertions for scenarios whose failure message says what was expected and what was measured —
 * the one thing a red scenario in CI must tell its reader.
 */
import { isDeepStrictEqual } from 'node:util';
import { HarnessError } from '../core/errors.ts';

/** A scenario expectation that does not hold (code EXPECTATION_FAILED): what was checked, the expected and the measured value. */
export class ExpectationError extends HarnessError {
  constructor(what: string, expected: unknown, measured: unknown, context?: string) {
    super(
      'EXPECTATION_FAILED',
      `${what}: expected ${show(expected)}, measured ${show(measured)}${context ? ` (${context})` : ''}`,
      { details: { what, expected, measured } },
    );
    this.name = 'ExpectationError';
  }
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Asserts deep equality; throws an {@link ExpectationError} stating what was checked, expected and measured. */
export function expectEqual<T>(what: string, expected: T, measured: T, context?: string): void {
  if (!isDeepStrictEqual(expected, measured)) throw new ExpectationError(what, expected, measured, context);
}

/** Asserts a condition; throws an {@link ExpectationError} with the expected and measured descriptions. */
export function expectTrue(what: string, condition: boolean, expected: string, measured: string): void {
  if (!condition) throw new ExpectationError(what, expected, measured);
}

/** Asserts that `haystack` contains `needle`; throws an {@link ExpectationError} otherwise. */
export function expectContains(what: string, haystack: string, needle: string): void {
  if (!haystack.includes(needle)) throw new ExpectationError(what, `text containing "${needle}"`, haystack);
}
