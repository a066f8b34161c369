/**
 * The public API of the vracklab engine: explicit named exports. Steps and the CLI import from here.
 */
export { HarnessError, invalidInput, isHarnessError, describeError } from './core/errors.ts';
export { realExec, recordingExec, formatCommand } from './core/exec.ts';
export type { Exec, ExecOptions, ExecResult } from './core/exec.ts';
export { newRunId, objectName, runIdOf, LABEL_RUN_ID, LABEL_LAB } from './core/run-id.ts';
export { CleanupStack } from './core/cleanup-stack.ts';
export { waitFor, delay } from './core/wait.ts';
