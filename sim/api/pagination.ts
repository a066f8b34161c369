/**
 * v2 cursor pagination (reference §1): request `X-Pagination-Size` and `X-Pagination-Cursor`,
 * response `X-Pagination-Cursor-Next` only when more items follow; a cursor we did not issue is
 * refused with 400 `invalid cursor`, as the real API does.
 */
import { createHmac } from 'node:crypto';
import { errors } from './api-error.ts';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 10_000;
const KEY = 'vracklab-cursor';

function sign(text: string): string {
  return createHmac('sha256', KEY).update(text).digest('base64url').slice(0, 16);
}

export function encodeCursor(offset: number): string {
  const body = Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
  return `${body}.${sign(body)}`;
}

export function decodeCursor(cursor: string): number {
  const [body, mac, extra] = cursor.split('.');
  if (!body || !mac || extra !== undefined || sign(body) !== mac) throw errors.invalidCursor();
  try {
    const o = (JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { o?: unknown }).o;
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    // falls through to the refusal below
  }
  throw errors.invalidCursor();
}

export interface Page<T> {
  items: T[];
  next: string | undefined;
}

export function paginate<T>(all: readonly T[], sizeHeader: string | undefined, cursorHeader: string | undefined): Page<T> {
  let size = DEFAULT_PAGE_SIZE;
  if (sizeHeader !== undefined) {
    if (!/^\d+$/.test(sizeHeader) || Number(sizeHeader) < 1 || Number(sizeHeader) > MAX_PAGE_SIZE) {
      throw errors.badRequest(`invalid X-Pagination-Size '${sizeHeader}': expected an integer between 1 and ${MAX_PAGE_SIZE}`);
    }
    size = Number(sizeHeader);
  }
  const offset = cursorHeader === undefined || cursorHeader === '' ? 0 : decodeCursor(cursorHeader);
  const items = all.slice(offset, offset + size);
  return { items, next: offset + size < all.length ? encodeCursor(offset + size) : undefined };
}
