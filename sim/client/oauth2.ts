/**
 * OAuth2 client-credentials tokens (OVHcloud service accounts): one token cached per client, refreshed
 * shortly before it expires or when the API rejects it. Client authentication style: HTTP Basic first
 * (what simple-oauth2/node-ovh send), then form parameters if the server refuses Basic — the same
 * auto-detection golang.org/x/oauth2 (go-ovh) does; the style that worked is remembered.
 */
import { apiErrorFromResponse } from './api-error.ts';
import { HarnessError } from '../core/errors.ts';
import { logger } from '../core/logger.ts';

const log = logger('client');

export interface OAuth2Credentials {
  clientId: string;
  clientSecret: string;
}

export interface TokenProviderOptions extends OAuth2Credentials {
  tokenUrl: string;
  scope?: string;
  fetch: typeof fetch;
  now: () => number;
  /** Refresh this long before the announced expiry (node-ovh: 10 s). */
  marginMs?: number;
}

export interface TokenProvider {
  /** A valid access token, fetched or refreshed when needed. */
  get(): Promise<string>;
  /** Forget the cached token (after a 401). */
  invalidate(): void;
}

type AuthStyle = 'basic' | 'params';

export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const margin = options.marginMs ?? 10_000;
  let token: { value: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;
  let style: AuthStyle | undefined;
  let count = 0;

  async function request(s: AuthStyle): Promise<Response> {
    const form = new URLSearchParams({ grant_type: 'client_credentials', scope: options.scope ?? 'all' });
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
    if (s === 'basic') {
      // RFC 6749 §2.3.1: id and secret are form-urlencoded before base64.
      const id = encodeURIComponent(options.clientId);
      const secret = encodeURIComponent(options.clientSecret);
      headers.Authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
    } else {
      form.set('client_id', options.clientId);
      form.set('client_secret', options.clientSecret);
    }
    try {
      return await options.fetch(options.tokenUrl, { method: 'POST', headers, body: form.toString() });
    } catch (err) {
      const cause = (err as { cause?: { message?: string } }).cause?.message;
      throw new HarnessError('API_UNREACHABLE', `OAuth2 token request failed: cannot reach ${options.tokenUrl} (${(err as Error).message}${cause ? `: ${cause}` : ''})`, { cause: err });
    }
  }

  async function fetchToken(): Promise<string> {
    const styles: AuthStyle[] = style ? [style] : ['basic', 'params'];
    let last: Response | undefined;
    let lastText = '';
    for (const s of styles) {
      const res = await request(s);
      const text = await res.text();
      if (res.ok) {
        const body = JSON.parse(text) as { access_token?: string; expires_in?: number; token_type?: string };
        if (typeof body.access_token !== 'string') {
          throw new HarnessError('API_ERROR', `OAuth2 token request failed: no access_token in the answer (${options.tokenUrl})`, { details: { body } });
        }
        style = s;
        count++;
        const ttlMs = (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000;
        token = { value: body.access_token, expiresAt: options.now() + ttlMs };
        log('oauth2 token #%d from %s (%s auth), expires in %d s', count, options.tokenUrl, s, ttlMs / 1000);
        return body.access_token;
      }
      last = res;
      lastText = text;
      // Only a refusal of the client authentication itself is worth the other style.
      if (res.status !== 400 && res.status !== 401) break;
    }
    throw apiErrorFromResponse('POST', options.tokenUrl, last?.status ?? 0, last?.headers ?? new Headers(), lastText);
  }

  return {
    async get() {
      if (token && options.now() < token.expiresAt - margin) return token.value;
      // Concurrent callers share one token request.
      inflight ??= fetchToken().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    invalidate() {
      token = undefined;
    },
  };
}
