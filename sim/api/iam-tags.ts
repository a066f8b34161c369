/**
 * The `iamTags` filter of v2 list routes: a JSON object `{tagKey: [{operator, value}]}` with
 * operators EQ, NEQ, EXISTS, NEXISTS, LIKE, ILIKE (`%` matches any run of characters); all
 * conditions must hold. LIKE is matched by a linear wildcard matcher, never a RegExp built from
 * the caller's pattern; the filter's size is bounded like the tags it filters.
 */
import { errors } from './api-error.ts';
import { TAG_LIMITS } from './collection-limits.ts';
import { matchWildcard } from './wildcard.ts';

export const TAG_OPERATORS = ['EQ', 'EXISTS', 'ILIKE', 'LIKE', 'NEQ', 'NEXISTS'] as const;
type Operator = (typeof TAG_OPERATORS)[number];
export interface TagCondition {
  key: string;
  operator: Operator;
  value: string | undefined;
}

const bad = (why: string) => errors.badRequest(`Invalid iamTags: ${why}`);

export function parseIamTags(raw: unknown): TagCondition[] {
  if (raw === undefined) return [];
  let doc: unknown = raw;
  if (typeof raw === 'string') {
    try {
      doc = JSON.parse(raw);
    } catch {
      throw bad(`not valid JSON, expected {"tag":[{"operator":"EQ","value":"v"}]} (got ${raw})`);
    }
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw bad('expected an object of tag filters');
  const out: TagCondition[] = [];
  for (const [key, filters] of Object.entries(doc)) {
    if (!Array.isArray(filters)) throw bad(`filters of tag '${key}' must be an array`);
    for (const f of filters as unknown[]) {
      const op = ((f as { operator?: unknown })?.operator ?? 'EQ') as string;
      if (!(TAG_OPERATORS as readonly string[]).includes(op)) throw bad(`unknown operator '${op}', valid: ${TAG_OPERATORS.join(', ')}`);
      const value = (f as { value?: unknown }).value;
      if (value !== undefined && typeof value !== 'string') throw bad(`value of tag '${key}' must be a string`);
      if (value !== undefined && value.length > TAG_LIMITS.valueLength) throw bad(`value of tag '${key}' is longer than ${TAG_LIMITS.valueLength} characters`);
      if (out.length >= TAG_LIMITS.filterConditions) throw bad(`more than ${TAG_LIMITS.filterConditions} conditions`);
      out.push({ key, operator: op as Operator, value });
    }
  }
  return out;
}

const like = (pattern: string, text: string, ignoreCase: boolean) => matchWildcard(pattern, text, { star: '%', ignoreCase });

export function matchesTags(tags: Record<string, string>, conditions: readonly TagCondition[]): boolean {
  return conditions.every(({ key, operator, value }) => {
    const has = Object.hasOwn(tags, key);
    const v = tags[key];
    switch (operator) {
      case 'EXISTS':
        return has;
      case 'NEXISTS':
        return !has;
      case 'EQ':
        return has && v === value;
      case 'NEQ':
        return !has || v !== value;
      case 'LIKE':
        return has && like(value ?? '', v as string, false);
      case 'ILIKE':
        return has && like(value ?? '', v as string, true);
    }
    return false;
  });
}
