/**
 * Sends many anonymous requests with long URLs, one after the other: the pressure the security
 * review measured on the event journal (#5). Bounded by `count`; each request has a timeout.
 */
import { rawRequest } from './raw-request.ts';

/** Sends `count` anonymous requests with URLs of `urlLength` characters; counts the statuses (denial-of-service scenarios). */
export async function floodAnonymous(baseUrl: string, count: number, urlLength: number): Promise<{ statuses: Record<number, number> }> {
  const statuses: Record<number, number> = {};
  const path = `/${'a'.repeat(Math.max(1, urlLength - 1))}`;
  for (let i = 0; i < count; i++) {
    const { status } = await rawRequest(baseUrl, path, { timeoutMs: 5000 });
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
  return { statuses };
}
