/**
 * A `fetch` that answers from a fastify app through `app.inject` — no socket. Lets unit tests run the
 * real client against a stub or the simulator's `app`; URLs keep their host, so signatures computed
 * over the full URL stay meaningful.
 */
import type { FastifyInstance } from 'fastify';

type InjectMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS';

export function injectFetch(app: Pick<FastifyInstance, 'inject'>): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    // The Host header is what a real request would carry; the simulator may rebuild URLs from it.
    headers.host ??= url.host;
    const body = request.body ? await request.text() : undefined;
    const res = await app.inject({
      method: request.method as InjectMethod,
      url: url.pathname + url.search,
      headers,
      ...(body !== undefined ? { payload: body } : {}),
    });
    const outHeaders = new Headers();
    for (const [k, v] of Object.entries(res.headers)) {
      if (v === undefined) continue;
      for (const one of Array.isArray(v) ? v : [v]) outHeaders.append(k, String(one));
    }
    const nullBody = res.statusCode === 204 || res.statusCode === 304 || request.method === 'HEAD';
    return new Response(nullBody ? null : res.body, { status: res.statusCode, headers: outHeaders });
  }) as typeof fetch;
}
