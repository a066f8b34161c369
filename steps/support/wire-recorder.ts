// A fetch that keeps what went over the wire: the tokens the OAuth2 endpoint issued and the
// Authorization header of every other request, so a step can show a token was issued AND used.
export interface WireExchange {
  method: string;
  url: string;
  status: number;
  /** The Authorization header sent (undefined when none). */
  authorization: string | undefined;
  /** access_token of a successful token answer. */
  issuedToken: string | undefined;
}

export interface WireRecorder {
  readonly fetch: typeof fetch;
  readonly exchanges: WireExchange[];
}

export function recordWire(inner: typeof fetch = globalThis.fetch): WireRecorder {
  const exchanges: WireExchange[] = [];
  const recording: typeof fetch = async (input, init) => {
    const res = await inner(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const authorization = new Headers(init?.headers).get('authorization') ?? undefined;
    let issuedToken: string | undefined;
    if (url.endsWith('/oauth2/token') && res.ok) {
      const body = (await res.clone().json()) as { access_token?: unknown };
      if (typeof body.access_token === 'string') issuedToken = body.access_token;
    }
    exchanges.push({ method: init?.method ?? 'GET', url, status: res.status, authorization, issuedToken });
    return res;
  };
  return { fetch: recording, exchanges };
}
