/**
 * One error base for everything a user can act on. Message form: `<what failed>: <why> (<context>)`.
 * `code` is stable and machine-readable; `details` carries the input and the valid choices.
 */
export interface HarnessErrorOptions {
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class HarnessError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, options: HarnessErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HarnessError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** Rejected input: names the input, the rule it broke, and what would have been valid. */
export function invalidInput(what: string, value: unknown, rule: string, validChoices?: readonly unknown[]): HarnessError {
  const choices = validChoices && validChoices.length > 0 ? `; valid: ${validChoices.map((c) => String(c)).join(', ')}` : '';
  return new HarnessError('INVALID_INPUT', `invalid ${what}: ${rule} (got ${JSON.stringify(value)}${choices})`, {
    details: { what, value, rule, ...(validChoices ? { validChoices } : {}) },
  });
}

export function isHarnessError(err: unknown): err is HarnessError {
  return err instanceof HarnessError;
}

/** A short, one-line description of any thrown value, for logs and reports. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
