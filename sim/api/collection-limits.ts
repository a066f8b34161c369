/**
 * Bounds on every collection a caller can grow, so no sequence of requests can make the simulator
 * (and, through the data plane, the root lab process) hold or build without limit. The published
 * API documents no numbers for these; they are well above anything a lab or a test needs
 * (docs/api-simulator.md, "Limits").
 */
import { hasControl } from '../core/control-chars.ts';
import { errors } from './api-error.ts';

export const COLLECTION_LIMITS = {
  /** vRacks created through /lab/vrack. */
  vracks: 100,
  /** EFS services created through /lab/storageNetApp. */
  storageServices: 50,
  sharesPerStorage: 100,
  aclsPerShare: 50,
  /** Finished v1 vRack tasks (done and cancelled) kept per simulator. */
  vrackTaskHistory: 200,
} as const;

export const TAG_LIMITS = {
  count: 50,
  keyLength: 128,
  valueLength: 256,
  /** Conditions in one iamTags filter. */
  filterConditions: 50,
} as const;

/** A 400 in the words of the published `SubnetLimitExceeded` once `count` has reached `limit`. */
export function checkRoom(what: string, count: number, limit: number): void {
  if (count >= limit) throw errors.badRequest(`Limit of '${limit}' ${what} exceeded`);
}

const TAG_KEY = /^[A-Za-z0-9_.:/=+@-]+$/;

/** IAM tags of a resource: a bounded object of bounded strings; a 400 naming the rule otherwise. */
export function validateTags(input: unknown): Record<string, string> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw errors.badRequest('Invalid tags: expected an object of string values');
  const entries = Object.entries(input);
  if (entries.length > TAG_LIMITS.count) throw errors.badRequest(`Invalid tags: at most ${TAG_LIMITS.count} tags (got ${entries.length})`);
  for (const [k, v] of entries) {
    if (k.length > TAG_LIMITS.keyLength || !TAG_KEY.test(k)) {
      throw errors.badRequest(`Invalid tag key ${JSON.stringify(k.slice(0, 40))}: expected 1 to ${TAG_LIMITS.keyLength} characters from A-Z a-z 0-9 _ . : / = + @ -`);
    }
    if (typeof v !== 'string') throw errors.badRequest('Invalid tags: expected an object of string values');
    if (v.length > TAG_LIMITS.valueLength || hasControl(v)) {
      throw errors.badRequest(`Invalid value of tag '${k}': expected at most ${TAG_LIMITS.valueLength} characters, no control characters`);
    }
  }
  // fromEntries defines own properties: a "__proto__" key stays a key, never the prototype.
  return Object.fromEntries(entries) as Record<string, string>;
}
