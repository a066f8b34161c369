/** Per-request data shared between the simulator's hooks and routes (the raw body, for signatures). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Page } from './pagination.ts';

const rawBodies = new WeakMap<FastifyRequest, string>();

export const setRawBody = (req: FastifyRequest, body: string) => rawBodies.set(req, body);
export const rawBodyOf = (req: FastifyRequest) => rawBodies.get(req) ?? '';

export function headerOf(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Sends one page of a v2 list, with `X-Pagination-Cursor-Next` when more follow. */
export function sendPage<T>(reply: FastifyReply, page: Page<T>): T[] {
  if (page.next !== undefined) reply.header('X-Pagination-Cursor-Next', page.next);
  return page.items;
}

export type Params = Record<string, string>;
export const paramsOf = (req: FastifyRequest) => req.params as Params;
export const queryOf = (req: FastifyRequest) => req.query as Record<string, string | undefined>;
