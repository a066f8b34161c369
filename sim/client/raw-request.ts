/**
 * One HTTP request without the client's authentication, retries or JSON handling: what an
 * anonymous caller, a browser or an attacker sends. For checks of the simulator's refusals (the
 * body's exact shape, the answer's size) that the typed client would hide.
 */
export interface RawAnswer {
  status: number;
  /** Parsed JSON, or the text when it is not JSON. */
  body: unknown;
  /** Size of the body in bytes. */
  bytes: number;
  headers: Headers;
}

/** One unsigned HTTP request as written (for tests of what the API refuses): status, body and headers. */
export async function rawRequest(baseUrl: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {}): Promise<RawAnswer> {
  const res = await fetch(new URL(path, baseUrl), {
    method: init.method ?? 'GET',
    headers: init.headers ?? {},
    ...(init.body !== undefined ? { body: init.body } : {}),
    signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body, bytes: Buffer.byteLength(text), headers: res.headers };
}

