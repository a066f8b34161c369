/**
 * The storage API's free-text fields, checked where they enter (POST/PUT of a share, a storage
 * service created by the lab). These strings travel to the data plane, which renders them into
 * nfs-ganesha's configuration: a newline in a share name used to end a comment line and let the
 * caller add an `EXPORT` block. The published schema (storagenetapp.json) gives no pattern; the
 * rules below follow the lengths of the OpenStack Manila API the service is built on (255) and
 * accept only what a name, a description and a path segment need (docs/api-simulator.md).
 */
import { CONTROL_CLASS } from '../core/control-chars.ts';
import { errors } from './api-error.ts';

export interface TextRule {
  pattern: RegExp;
  /** The rule in words, for the error message. */
  says: string;
}

/** Letters, digits, space, `_`, `.`, `-`; starts with a letter or digit; 1 to 255 characters. */
export const SHARE_NAME: TextRule = { pattern: /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,254}$/, says: '1 to 255 characters from A-Z a-z 0-9 space _ . -, starting with a letter or a digit' };
/** Any printable text without control or line-separator characters, at most 255 characters. */
export const FREE_TEXT: TextRule = { pattern: new RegExp(`^[^${CONTROL_CLASS}]{0,255}$`, 'u'), says: 'at most 255 characters, no control characters or line breaks' };
export const SHARE_DESCRIPTION: TextRule = FREE_TEXT;
/** One path segment of the access path: letters, digits, `_`, `-`; 1 to 63 characters. */
export const MOUNT_POINT_NAME: TextRule = { pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, says: '1 to 63 characters from A-Z a-z 0-9 _ -, starting with a letter or a digit' };
/** A storage service name (lab admin): as a share name. */
export const STORAGE_NAME: TextRule = SHARE_NAME;

/** Shows at most 60 characters of a refused value, control characters escaped (the message is echoed to terminals). */
export function quoteValue(value: string): string {
  const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  return JSON.stringify(shown);
}

/** A string matching `rule`, null/undefined passed through; a 400 naming the field and the rule otherwise. */
export function checkText(field: string, value: unknown, rule: TextRule): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string') throw errors.badRequest(`Invalid ${field}: expected a string or null`);
  if (!rule.pattern.test(value)) throw errors.badRequest(`Invalid ${field} ${quoteValue(value)}: expected ${rule.says}`);
  return value;
}

/** The share fields a caller may send on POST (every field) or PUT (name, description). */
export function checkShareText(body: { name?: unknown; description?: unknown; mountPointName?: unknown }): void {
  checkText('name', body.name, SHARE_NAME);
  checkText('description', body.description, SHARE_DESCRIPTION);
  checkText('mountPointName', body.mountPointName, MOUNT_POINT_NAME);
}
