/**
 * Where requests go. The named endpoints are OVHcloud's (same names as go-ovh/node-ovh); any other
 * value is a base URL (the simulator). Paths carry their API version: `/v2/...`, `/1.0/...` (alias
 * `/v1/...`); a path without one is a v1 path, as in node-ovh. Lab-admin routes (`/lab/...`) and the
 * OAuth2 token route exist only on the simulator and are never prefixed.
 */
import { invalidInput } from '../core/errors.ts';

export const ENDPOINTS = {
  'ovh-eu': { baseUrl: 'https://eu.api.ovh.com', tokenUrl: 'https://www.ovh.com/auth/oauth2/token' },
  'ovh-ca': { baseUrl: 'https://ca.api.ovh.com', tokenUrl: 'https://ca.ovh.com/auth/oauth2/token' },
  'ovh-us': { baseUrl: 'https://api.us.ovhcloud.com', tokenUrl: 'https://us.ovhcloud.com/auth/oauth2/token' },
} as const;

export type EndpointName = keyof typeof ENDPOINTS;
export const ENDPOINT_NAMES = Object.keys(ENDPOINTS) as EndpointName[];

export interface ResolvedEndpoint {
  /** Scheme + host (+ port) without a trailing slash or version: `https://eu.api.ovh.com`. */
  baseUrl: string;
  tokenUrl: string;
  /** True for a named OVHcloud endpoint (no lab-admin routes there). */
  ovhcloud: boolean;
}

export function resolveEndpoint(endpoint: string): ResolvedEndpoint {
  if (endpoint in ENDPOINTS) {
    const e = ENDPOINTS[endpoint as EndpointName];
    return { baseUrl: e.baseUrl, tokenUrl: e.tokenUrl, ovhcloud: true };
  }
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw invalidInput('API endpoint', endpoint, 'must be a known endpoint name or an http(s) URL', [...ENDPOINT_NAMES, 'http://127.0.0.1:8080']);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidInput('API endpoint', endpoint, 'must be a known endpoint name or an http(s) URL', [...ENDPOINT_NAMES, 'http://127.0.0.1:8080']);
  }
  // Users paste the node-ovh style base (`.../1.0`) or a v2 base: the version lives in the path.
  const path = url.pathname.replace(/\/+$/, '').replace(/\/(1\.0|v1|v2)$/, '');
  const baseUrl = `${url.protocol}//${url.host}${path}`;
  return { baseUrl, tokenUrl: `${baseUrl}/auth/oauth2/token`, ovhcloud: false };
}

/** `/vrack` → `/1.0/vrack`; `/v1/x` → `/1.0/x`; `/v2/x`, `/1.0/x`, `/lab/x`, `/auth/oauth2/token` unchanged. */
export function versionedPath(path: string): string {
  const p = path.startsWith('/') ? path : `/${path}`;
  if (/^\/v1(\/|$)/.test(p)) return `/1.0${p.slice(3)}`;
  if (/^\/(1\.0|v2|lab)(\/|$)/.test(p) || p === '/auth/oauth2/token') return p;
  return `/1.0${p}`;
}

export type QueryValue = string | number | boolean | undefined | null;

export function buildUrl(baseUrl: string, path: string, query?: Record<string, QueryValue>): string {
  let url = `${baseUrl}${versionedPath(path)}`;
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) qs.append(k, String(v));
    const s = qs.toString();
    if (s) url += (url.includes('?') ? '&' : '?') + s;
  }
  return url;
}
