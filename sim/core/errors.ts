/**
 * One error base for everything a user can act on. Message form: `<what failed>: <why> (<context>)`.
 * `code` is stable and machine-readable; `details` carries the input and the valid choices.
 */
/**
 * Every code a HarnessError may carry: a closed list, so a typo or a new code without an entry here
 * fails the typecheck, and callers can switch over codes exhaustively.
 */
export type HarnessErrorCode =
  | 'API_ERROR'
  | 'API_LISTEN_FAILED'
  | 'API_UNREACHABLE'
  | 'ATTACH_FAILED'
  | 'BAD_MODEL'
  | 'CAPABILITY_MISSING'
  | 'CAPTURE_FAILED'
  | 'CLEANUP_FAILED'
  | 'CONTAINERLAB_DESTROY_FAILED'
  | 'CONTAINERLAB_EXEC_FAILED'
  | 'CONTAINERLAB_INSPECT_FAILED'
  | 'CONTAINERLAB_MISSING'
  | 'CONTAINERLAB_NAME_CLASH'
  | 'CONTRACT_VIOLATION'
  | 'DRIVER_EXISTS'
  | 'EFS_START_FAILED'
  | 'EFS_STOPPED'
  | 'EFS_SYNC_FAILED'
  | 'ENDPOINT_ATTACHED'
  | 'ENDPOINT_REQUIRED'
  | 'EXEC_FAILED'
  | 'EXERCISE_INVALID'
  | 'EXERCISE_NOT_FOUND'
  | 'EXPECTATION_FAILED'
  | 'FABRIC_DESTROYED'
  | 'FAULT_AMBIGUOUS'
  | 'FAULT_NOT_FOUND'
  | 'FAULT_NOT_WRITTEN'
  | 'HOST_START_FAILED'
  | 'IMAGE_BUILD_FAILED'
  | 'IMAGE_MISSING'
  | 'INTERRUPTED'
  | 'INVALID_INPUT'
  | 'LAB_FAILED'
  | 'LAB_INVALID'
  | 'LAB_NOT_FOUND'
  | 'LAB_NOT_RUNNING'
  | 'LAB_ONLY'
  | 'LAB_RECORD_INVALID'
  | 'LAB_RECORD_UNREADABLE'
  | 'LAB_RUNNING'
  | 'LINK_FAILED'
  | 'MACHINE_NOT_READY'
  | 'NFS_FAILED'
  | 'NOT_A_PUT'
  | 'NOT_REFUSED'
  | 'NOT_SEEDED'
  | 'NODE_EXEC_FAILED'
  | 'NO_CALL'
  | 'NO_DATAPLANE_EVENTS'
  | 'NO_ENDPOINT'
  | 'NO_LAB'
  | 'NO_LISTING'
  | 'NO_OAUTH2_CLIENT'
  | 'NO_PROBER'
  | 'NO_PUBLIC_NETWORK'
  | 'NO_REAL_RESOURCE'
  | 'NO_SERVICE_HOST'
  | 'NO_SHARE'
  | 'NO_STORAGE_VIEW'
  | 'NO_SUCH_FILE'
  | 'NO_LINK_DOWN'
  | 'NO_SUCH_HOST'
  | 'NO_VRACK_NIC'
  | 'NO_SUCH_LAB'
  | 'NO_SUCH_SUBNET'
  | 'NO_TASK'
  | 'NO_URN'
  | 'PROBER_FAILED'
  | 'PROBER_NOT_EVIDENCE'
  | 'PROBE_NOT_RUN'
  | 'PROFILE_TAGS'
  | 'REAL_RESOURCE_UNFIT'
  | 'REFUSED'
  | 'ROUTE_FAILED'
  | 'ROUTE_UNPARSABLE'
  | 'SCAFFOLD_REFUSED'
  | 'SETUP_REFUSED'
  | 'SIMULATOR_ONLY'
  | 'SNAPSHOT_FAILED'
  | 'STATE_CORRUPT'
  | 'STATE_UNREADABLE'
  | 'STEP_LIBRARY_INCOMPLETE'
  | 'TOO_MANY_PROBERS'
  | 'UNCHECKED_REFUSAL'
  | 'UNKNOWN_ALIAS'
  | 'UNSUPPORTED_BY_DRIVER'
  | 'VM_BOOT_FAILED'
  | 'VM_BUILD_FAILED'
  | 'VRACK_TASK_CANCELLED'
  | 'VRS_ERROR'
  | 'WAIT_TIMEOUT'
  | 'WHICH_PROBER';

export interface HarnessErrorOptions {
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** An error a user can act on: a stable machine-readable `code`, a message `<what failed>: <why> (<context>)`, and `details` (the input, the valid choices). */
export class HarnessError extends Error {
  readonly code: HarnessErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: HarnessErrorCode, message: string, options: HarnessErrorOptions = {}) {
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

/** One step of a teardown that failed: its label and what it threw (kept as thrown). */
export interface StepFailure {
  step: string;
  error: unknown;
}

/**
 * A teardown that went on past failures (CleanupStack, Fabric.destroy): CLEANUP_FAILED, the message
 * naming each step and why, `cause` an AggregateError of the errors as thrown (their codes, details
 * and causes intact, in step order), `details.steps` the step labels in the same order.
 */
export function cleanupFailed(what: string, failures: readonly StepFailure[], unit = 'step(s)'): HarnessError {
  const errors = failures.map((f) => (f.error instanceof Error ? f.error : new Error(String(f.error))));
  const list = failures.map((f) => `${f.step}: ${describeError(f.error)}`).join('; ');
  return new HarnessError('CLEANUP_FAILED', `${what} failed: ${failures.length} ${unit} failed (${list})`, {
    details: { steps: failures.map((f) => f.step) },
    cause: new AggregateError(errors, `${what}: ${failures.length} failure(s)`),
  });
}

/** True when `err` is a {@link HarnessError} (an error with a code a caller can act on). */
export function isHarnessError(err: unknown): err is HarnessError {
  return err instanceof HarnessError;
}

/** A short, one-line description of any thrown value, for logs and reports. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
