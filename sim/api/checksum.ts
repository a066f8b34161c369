/**
 * Checksum of a target spec (reference §7.7): md5 hex of its canonical JSON (keys sorted at every
 * level); a spec with no subnets and nothing else set hashes the empty string, as in the OpenAPI
 * example of a freshly delivered resource (`d41d8cd98f00b204e9800998ecf8427e`).
 */
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Specs are replaced, never mutated, once stored: their checksum is computed once. */
const cache = new WeakMap<object, string>();

export function specChecksum(spec: { subnets: readonly unknown[]; displayName?: string | null }): string {
  const hit = cache.get(spec);
  if (hit !== undefined) return hit;
  const sum = computeChecksum(spec);
  cache.set(spec, sum);
  return sum;
}

function computeChecksum(spec: { subnets: readonly unknown[]; displayName?: string | null }): string {
  const empty = spec.subnets.length === 0 && (spec.displayName === undefined || spec.displayName === null);
  return createHash('md5')
    .update(empty ? '' : canonicalJson(spec))
    .digest('hex');
}

export const MD5_PATTERN = /^[0-9a-f]{32}$/;
