/**
 * Every namespace, link, bridge, container and firewall rule a lab creates carries its run id, so
 * teardown and `vracklab gc` find them from the machine's real state rather than from memory.
 * Linux interface names are limited to 15 bytes, so the id is short: 6 base-36 characters.
 */
import { randomBytes } from 'node:crypto';
import { invalidInput } from './errors.ts';

export const RUN_ID_PATTERN = /^[a-z0-9]{6}$/;
/** Prefix of every kernel object name we create; `vl` + run id + a short local suffix. */
export const NAME_PREFIX = 'vl';
export const LABEL_RUN_ID = 'vracklab.run-id';
export const LABEL_LAB = 'vracklab.lab';

export function newRunId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(6);
  let id = '';
  for (const b of bytes) id += alphabet[b % alphabet.length];
  return id;
}

export function assertRunId(id: string): string {
  if (!RUN_ID_PATTERN.test(id)) throw invalidInput('run id', id, 'must be 6 lowercase letters or digits');
  return id;
}

/** A kernel object name `vl<runid><suffix>`, at most 15 bytes (IFNAMSIZ - 1). */
export function objectName(runId: string, suffix: string): string {
  const name = `${NAME_PREFIX}${runId}${suffix}`;
  if (name.length > 15) throw invalidInput('interface name', name, 'Linux interface names are at most 15 characters; shorten the suffix');
  return name;
}

/** The run id encoded in one of our object names, or undefined if the name is not ours. */
export function runIdOf(name: string): string | undefined {
  const m = /^vl([a-z0-9]{6})/.exec(name);
  return m?.[1];
}
