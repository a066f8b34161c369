/**
 * Both OVHcloud authentication schemes (reference §6):
 * - OAuth2 client credentials: `POST /auth/oauth2/token` → bearer token (1 h). Tokens are
 *   self-contained (client id + expiry + HMAC). The HMAC key is random per simulator process, not
 *   the (published) client secret, so nobody can mint tokens without the token endpoint; after a
 *   restart clients get a 401 and fetch a new token, as they do when a real token is revoked.
 * - Application key / consumer key signatures: `"$1$" + sha1_hex(AS+"+"+CK+"+"+METHOD+"+"+URL+"+"+BODY+"+"+TS)`
 *   where URL is the absolute URL as the client sent it (rebuilt from Host and the protocol).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ApiFault } from './api-error.ts';
import type { DevCredentials } from './credentials.ts';
import { signRequest } from '../core/ovh-signature.ts';

export const TOKEN_LIFETIME_S = 3600;
export const MAX_SKEW_S = 300;

export interface AuthRequest {
  method: string;
  /**
   * Absolute URLs incl. query the client may have signed, the one rebuilt from the request's own
   * protocol and Host first. Clients written for the real API sign `https://…` (node-ovh also drops
   * the port), so a simulator reached through a TLS proxy or a hosts override accepts those too.
   */
  fullUrls: readonly string[];
  /** The raw body, '' when none. */
  rawBody: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface AuthResult {
  scheme: 'oauth2' | 'signature';
  identity: string;
}

const header = (h: AuthRequest['headers'], name: string): string | undefined => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** `exp` of a token: digits only (a `never` or `1e99` must not parse into "never expires"). */
const EXP_PATTERN = /^\d{1,12}$/;

/** Decodes `Basic base64(urlencode(id):urlencode(secret))`; undefined when it is not well-formed. */
export function decodeBasic(header: string): { id: string; secret: string } | undefined {
  const text = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return { id: decodeURIComponent(text.slice(0, colon)), secret: decodeURIComponent(text.slice(colon + 1)) };
  } catch {
    return undefined; // a bad %-escape is a client error, not a 500
  }
}

const unauthorized = (message: string, cls = 'Client::Unauthorized') => new ApiFault(401, cls, message);
const forbidden = (message: string, cls: string, errorCode: string) => new ApiFault(403, cls, message, undefined, errorCode);
const invalidClient = { status: 401, body: { error: 'invalid_client', error_description: 'client authentication failed: unknown client_id or wrong client_secret' } };

export interface Authenticator {
  /** The OAuth2 token endpoint's answer, or an OAuth2 error body (RFC 6749 §5.2). */
  tokenGrant(form: Record<string, string>, basicAuth: string | undefined, nowS: number): { status: number; body: Record<string, unknown> };
  issueToken(nowS: number): { access_token: string; token_type: 'Bearer'; expires_in: number; scope: string };
  /** Throws the OVH error for a refused request. */
  authenticate(req: AuthRequest, nowS: number): AuthResult;
}

/** `tokenKey` keys the token MAC; random by default, so tokens are only valid in this process. */
export function createAuthenticator(creds: DevCredentials, tokenKey: Buffer = randomBytes(32)): Authenticator {
  const macOf = (payload: string) => createHmac('sha256', tokenKey).update(payload).digest('base64url');
  /** Verified tokens → expiry, so the HMAC is computed once per token, not once per request. */
  const verified = new Map<string, { exp: number; identity: string }>();

  const issueToken = (nowS: number) => {
    const payload = `${Buffer.from(creds.oauth2ClientId).toString('base64url')}.${nowS + TOKEN_LIFETIME_S}`;
    return { access_token: `vl.${payload}.${macOf(payload)}`, token_type: 'Bearer' as const, expires_in: TOKEN_LIFETIME_S, scope: 'all' };
  };

  return {
    issueToken,
    tokenGrant(form, basicAuth, nowS) {
      let clientId = form.client_id;
      let clientSecret = form.client_secret;
      if (basicAuth?.startsWith('Basic ')) {
        const basic = decodeBasic(basicAuth);
        if (!basic) return invalidClient;
        clientId = clientId ?? basic.id;
        clientSecret = clientSecret ?? basic.secret;
      }
      if (form.grant_type !== 'client_credentials') {
        return { status: 400, body: { error: 'unsupported_grant_type', error_description: `grant_type must be client_credentials (got ${JSON.stringify(form.grant_type ?? null)})` } };
      }
      if (clientId !== creds.oauth2ClientId || clientSecret === undefined || !same(clientSecret, creds.oauth2ClientSecret)) return invalidClient;
      return { status: 200, body: issueToken(nowS) };
    },
    authenticate(req, nowS) {
      const authz = header(req.headers, 'authorization');
      if (authz !== undefined) {
        if (!authz.startsWith('Bearer ')) throw unauthorized('Invalid Authorization header: expected "Bearer <access_token>"', 'Client::Unauthorized::InvalidToken');
        const token = authz.slice(7).trim();
        const known = verified.get(token);
        if (known && known.exp >= nowS) return { scheme: 'oauth2', identity: known.identity };
        const parts = token.split('.');
        if (parts.length !== 4 || parts[0] !== 'vl') throw unauthorized('Invalid access token', 'Client::Unauthorized::InvalidToken');
        const [, id64, exp, mac] = parts as [string, string, string, string];
        if (!EXP_PATTERN.test(exp) || !same(mac, macOf(`${id64}.${exp}`))) throw unauthorized('Invalid access token', 'Client::Unauthorized::InvalidToken');
        if (Number(exp) < nowS) throw unauthorized('Access token expired, request a new one', 'Client::Unauthorized::ExpiredToken');
        const identity = Buffer.from(id64, 'base64url').toString('utf8');
        if (verified.size >= 1000) verified.clear();
        verified.set(token, { exp: Number(exp), identity });
        return { scheme: 'oauth2', identity };
      }
      const ak = header(req.headers, 'x-ovh-application');
      if (ak === undefined) throw unauthorized('You must login first: send "Authorization: Bearer <token>" or X-Ovh-Application/X-Ovh-Consumer/X-Ovh-Timestamp/X-Ovh-Signature');
      if (ak !== creds.applicationKey) throw forbidden('This application key is invalid', 'Client::Forbidden::InvalidKey', 'INVALID_KEY');
      const ck = header(req.headers, 'x-ovh-consumer');
      if (ck === undefined) throw unauthorized('You must login first: X-Ovh-Consumer is missing');
      if (ck !== creds.consumerKey) throw forbidden('This credential does not exist', 'Client::Forbidden::InvalidCredential', 'INVALID_CREDENTIAL');
      const ts = header(req.headers, 'x-ovh-timestamp');
      const sig = header(req.headers, 'x-ovh-signature');
      if (ts === undefined || sig === undefined) throw new ApiFault(400, 'Client::BadRequest::InvalidSignature', 'Invalid signature: X-Ovh-Timestamp and X-Ovh-Signature are required');
      if (!/^\d{1,12}$/.test(ts) || Math.abs(Number(ts) - nowS) > MAX_SKEW_S) {
        throw new ApiFault(400, 'Client::BadRequest::InvalidTimestamp', `Invalid timestamp: X-Ovh-Timestamp '${ts}' is more than ${MAX_SKEW_S} s away from the server time ${nowS}, use GET /1.0/auth/time`);
      }
      const ok = req.fullUrls.some((url) => same(sig, signRequest(creds.applicationSecret, ck, req.method, url, req.rawBody, Number(ts))));
      if (!ok) throw new ApiFault(400, 'Client::BadRequest::InvalidSignature', 'Invalid signature');
      return { scheme: 'signature', identity: ak };
    },
  };
}
