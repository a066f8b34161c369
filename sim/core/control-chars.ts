/**
 * Characters a terminal or a config file must never receive raw from caller input: C0 controls,
 * DEL, C1 controls and the Unicode line separators. One definition for the simulator's messages,
 * the storage API's text rules, tag checks and the lab loader's errors.
 */
/** The character class, as source text, to build anchored rules from (`[^${CONTROL_CLASS}]`). */
export const CONTROL_CLASS = '\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029';
const CONTROL = new RegExp(`[${CONTROL_CLASS}]`, 'gu');
const ANY_CONTROL = new RegExp(`[${CONTROL_CLASS}]`, 'u');

export function hasControl(text: string): boolean {
  return ANY_CONTROL.test(text);
}

/** Every such character as `\uXXXX`, the rest unchanged. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
