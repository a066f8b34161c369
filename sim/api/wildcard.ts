/**
 * A wildcard matcher without regular expressions: the pattern is literal text in which one
 * character (`*` for route faults, `%` for iamTags LIKE) matches any run of characters. Matching
 * places each literal segment at its leftmost possible position, which is correct for a
 * star-only pattern and takes time linear in the text per segment, so no pattern can make a
 * request slow (a backtracking RegExp built from `%a%a%a%b` takes seconds on 200 characters).
 */
export interface WildcardOptions {
  /** The character that matches any run of characters (default `*`). */
  star?: string;
  ignoreCase?: boolean;
}

export function matchWildcard(pattern: string, text: string, options: WildcardOptions = {}): boolean {
  const star = options.star ?? '*';
  const p = options.ignoreCase ? pattern.toLowerCase() : pattern;
  const t = options.ignoreCase ? text.toLowerCase() : text;
  const segments = p.split(star);
  if (segments.length === 1) return p === t;
  const first = segments[0] as string;
  const last = segments.at(-1) as string;
  if (first.length + last.length > t.length || !t.startsWith(first) || !t.endsWith(last)) return false;
  // Middle segments, leftmost first, between the fixed prefix and suffix.
  let at = first.length;
  const end = t.length - last.length;
  for (const seg of segments.slice(1, -1)) {
    if (seg === '') continue;
    const found = t.indexOf(seg, at);
    if (found < 0 || found + seg.length > end) return false;
    at = found + seg.length;
  }
  return true;
}
