/**
 * The HTTP core of the client: URL building, authentication (OAuth2 bearer, AK/AS/CK signature, a raw
 * access token, or none), JSON in/out, typed errors and v2 cursor pagination. Everything above it
 * (client.ts) is plain typed calls.
 */
import { apiErrorFromResponse } from './api-error.ts';
import { buildUrl, resolveEndpoint, versionedPath, type QueryValue, type ResolvedEndpoint } from './endpoints.ts';
import { createTokenProvider, type TokenProvider } from './oauth2.ts';
import { signatureHeaders } from '../core/ovh-signature.ts';
import { HarnessError, invalidInput } from '../core/errors.ts';
import { logger } from '../core/logger.ts';

const log = logger('client');

/** A client's endpoint and credentials (OVHcloud application keys or OAuth2), timeouts and retries. */
export interface ClientConfig {
  /** `ovh-eu` | `ovh-ca` | `ovh-us` | a base URL such as the simulator's `http://127.0.0.1:8080`. */
  endpoint: string;
  /** OAuth2 client credentials (service account). */
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  /** Overrides the token URL derived from the endpoint. */
  tokenUrl?: string | undefined;
  /** Application key signatures. */
  applicationKey?: string | undefined;
  applicationSecret?: string | undefined;
  consumerKey?: string | undefined;
  /** A pre-issued OAuth2 access token (go-ovh's NewAccessTokenClient). */
  accessToken?: string | undefined;
  /** Injected for tests (e.g. `injectFetch(app)`); default: Node's global fetch. */
  fetch?: typeof fetch;
  /** Clock in ms, injected for tests. */
  now?: () => number;
  /** Per-request timeout, default 30 s. */
  timeoutMs?: number;
  /** Extra headers on every request (e.g. `X-Schemas-Version`). */
  headers?: Record<string, string>;
}

export type AuthKind = 'oauth2' | 'signature' | 'access-token' | 'none';

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  /** false: send no credentials (e.g. `/auth/time`). */
  auth?: boolean;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  body: T;
  url: string;
  queryId: string | undefined;
}

/** One page of a listing: its items and the cursor of the next page, if any. */
export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  nextCursor: string | undefined;
}

export interface PageOptions {
  cursor?: string | undefined;
  /** `X-Pagination-Size`. */
  size?: number | undefined;
  query?: Record<string, QueryValue>;
}

export interface Transport {
  readonly endpoint: ResolvedEndpoint;
  readonly authKind: AuthKind;
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** `request` returning only the body. */
  call<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<T>;
  /** One page of a v2 list route. */
  page<T>(path: string, options?: PageOptions): Promise<Page<T>>;
  /** Every item of a v2 list route, following `X-Pagination-Cursor-Next` until it is absent. */
  paginate<T>(path: string, options?: Omit<PageOptions, 'cursor'>): AsyncIterableIterator<T>;
  /** Server time minus local time, in seconds (signature mode; 0 until first known). */
  timeDeltaSeconds(): Promise<number>;
}

/** Bounds a pagination walk: a server that keeps answering the same cursor must not loop forever. */
const MAX_PAGES = 10_000;

export function authKindOf(config: ClientConfig): AuthKind {
  const oauth = config.clientId !== undefined || config.clientSecret !== undefined;
  const sig = config.applicationKey !== undefined || config.applicationSecret !== undefined || config.consumerKey !== undefined;
  const kinds = [oauth && 'oauth2', sig && 'signature', config.accessToken !== undefined && 'access-token'].filter(Boolean);
  if (kinds.length > 1) {
    throw invalidInput('client credentials', kinds, 'use exactly one authentication scheme', ['oauth2 (clientId+clientSecret)', 'signature (applicationKey+applicationSecret+consumerKey)', 'accessToken']);
  }
  if (oauth) {
    if (!config.clientId || !config.clientSecret) throw invalidInput('OAuth2 credentials', { clientId: config.clientId ?? null }, 'both clientId and clientSecret are required');
    return 'oauth2';
  }
  if (sig) {
    const missing = (['applicationKey', 'applicationSecret', 'consumerKey'] as const).filter((k) => !config[k]);
    if (missing.length > 0) throw invalidInput('application key credentials', missing, 'applicationKey, applicationSecret and consumerKey are all required; missing', missing);
    return 'signature';
  }
  return config.accessToken !== undefined ? 'access-token' : 'none';
}

export function createTransport(config: ClientConfig): Transport {
  const endpoint = resolveEndpoint(config.endpoint);
  if (config.tokenUrl) endpoint.tokenUrl = config.tokenUrl;
  const authKind = authKindOf(config);
  const doFetch = config.fetch ?? globalThis.fetch;
  const now = config.now ?? Date.now;
  const timeoutMs = config.timeoutMs ?? 30_000;
  let tokens: TokenProvider | undefined;
  if (authKind === 'oauth2') {
    tokens = createTokenProvider({ clientId: config.clientId!, clientSecret: config.clientSecret!, tokenUrl: endpoint.tokenUrl, fetch: doFetch, now });
  }
  let delta: number | undefined;
  let deltaInflight: Promise<number> | undefined;

  async function send(method: string, path: string, options: RequestOptions): Promise<{ res: Response; text: string; url: string }> {
    const url = buildUrl(endpoint.baseUrl, path, options.query);
    const bodyText = options.body === undefined ? '' : JSON.stringify(options.body);
    const headers: Record<string, string> = { Accept: 'application/json', ...config.headers, ...options.headers };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.auth !== false) {
      if (authKind === 'oauth2') headers.Authorization = `Bearer ${await tokens!.get()}`;
      else if (authKind === 'access-token') headers.Authorization = `Bearer ${config.accessToken}`;
      else if (authKind === 'signature') {
        const ts = Math.round(now() / 1000) + (await timeDeltaSeconds());
        Object.assign(headers, signatureHeaders(config as Required<Pick<ClientConfig, 'applicationKey' | 'applicationSecret' | 'consumerKey'>>, method, url, bodyText, ts));
      }
    }
    const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
    const started = performance.now();
    let res: Response;
    try {
      res = await doFetch(url, { method, headers, body: options.body === undefined ? undefined : bodyText, signal: AbortSignal.any(signals) });
    } catch (err) {
      const why = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${(err as Error).message}${(err as { cause?: Error }).cause ? ` (${(err as { cause: Error }).cause.message})` : ''}`;
      throw new HarnessError('API_UNREACHABLE', `${method} ${versionedPath(path)} failed: cannot reach ${endpoint.baseUrl}: ${why}`, { cause: err, details: { url } });
    }
    const text = await res.text();
    log('%s %s → %d in %dms', method, url, res.status, Math.round(performance.now() - started));
    return { res, text, url };
  }

  async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const m = method.toUpperCase();
    let { res, text, url } = await send(m, path, options);
    if (res.status === 401 && authKind === 'oauth2' && options.auth !== false) {
      // The token may have been revoked or the server restarted (the simulator forgets tokens): one fresh try.
      tokens!.invalidate();
      ({ res, text, url } = await send(m, path, options));
    }
    if (!res.ok) throw apiErrorFromResponse(m, versionedPath(path), res.status, res.headers, text);
    return { status: res.status, headers: res.headers, body: parseBody(text, res.headers) as T, url, queryId: res.headers.get('x-ovh-queryid') ?? undefined };
  }

  async function timeDeltaSeconds(): Promise<number> {
    if (delta !== undefined) return delta;
    deltaInflight ??= (async () => {
      const { body } = await request<number>('GET', '/1.0/auth/time', { auth: false });
      if (typeof body !== 'number') throw new HarnessError('API_ERROR', `GET /1.0/auth/time failed: expected a number of seconds (got ${JSON.stringify(body)})`);
      delta = body - Math.round(now() / 1000);
      return delta;
    })().finally(() => {
      deltaInflight = undefined;
    });
    return deltaInflight;
  }

  async function page<T>(path: string, options: PageOptions = {}): Promise<Page<T>> {
    const headers: Record<string, string> = {};
    if (options.cursor) headers['X-Pagination-Cursor'] = options.cursor;
    if (options.size !== undefined) headers['X-Pagination-Size'] = String(options.size);
    const res = await request<T[]>('GET', path, { headers, ...(options.query ? { query: options.query } : {}) });
    if (!Array.isArray(res.body)) {
      throw new HarnessError('API_ERROR', `GET ${versionedPath(path)} failed: a list route answered something else than an array (${typeof res.body})`, { details: { body: res.body } });
    }
    return { items: res.body, nextCursor: res.headers.get('x-pagination-cursor-next') ?? undefined };
  }

  async function* paginate<T>(path: string, options: Omit<PageOptions, 'cursor'> = {}): AsyncIterableIterator<T> {
    let cursor: string | undefined;
    const seen = new Set<string>();
    for (let n = 0; n < MAX_PAGES; n++) {
      const p = await page<T>(path, { ...options, cursor });
      yield* p.items;
      if (!p.nextCursor) return;
      if (seen.has(p.nextCursor)) throw new HarnessError('API_ERROR', `GET ${versionedPath(path)} failed: pagination loops (cursor ${p.nextCursor} seen twice)`);
      seen.add(p.nextCursor);
      cursor = p.nextCursor;
    }
    throw new HarnessError('API_ERROR', `GET ${versionedPath(path)} failed: more than ${MAX_PAGES} pages`);
  }

  return {
    endpoint,
    authKind,
    request,
    call: async (method, path, options) => (await request(method, path, options)).body as never,
    page,
    paginate,
    timeDeltaSeconds,
  };
}

function parseBody(text: string, headers: Headers): unknown {
  if (text.length === 0) return null;
  const type = headers.get('content-type') ?? '';
  if (type.includes('json') || /^[[{"\d-]|^(true|false|null)$/.test(text.trim())) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

