/**
 * Wraps a `fetch` so that every API response passing through it (and every JSON request body the
 * client sends) is validated against the OpenAPI schemas; violations are collected (not thrown) so a test can drive a whole sequence and then
 * assert that the list is empty, with every mismatch named. Lab-admin and OAuth2 token routes are
 * not part of OVHcloud's API and are skipped.
 */
import type { ContractValidator } from './contract-validator.ts';

export interface CheckedExchange {
  method: string;
  path: string;
  status: number;
  /** The OpenAPI template matched, or undefined. */
  template: string | undefined;
}

export interface ContractCheckingFetch {
  fetch: typeof fetch;
  /** One line per violation: `METHOD path status: error; error`. */
  violations: string[];
  /** Every API exchange validated, for coverage assertions. */
  checked: CheckedExchange[];
  /** Validate request bodies too (default true); switch off around deliberately invalid requests. */
  checkRequests: boolean;
}

const SKIP = /^\/(lab\/|auth\/oauth2\/token$)/;

export function contractCheckingFetch(inner: typeof fetch, validator: ContractValidator): ContractCheckingFetch {
  const violations: string[] = [];
  const checked: CheckedExchange[] = [];
  const self: ContractCheckingFetch = { fetch: globalThis.fetch, violations, checked, checkRequests: true };
  const wrapped = (async (input: string | URL | Request, init?: RequestInit) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const url = new URL(input instanceof Request ? input.url : String(input));
    const res = await inner(input, init);
    if (SKIP.test(url.pathname)) return res;
    // What the client sent must match the operation's request body schema too.
    if (self.checkRequests && typeof init?.body === 'string' && init.body !== '' && (method === 'PUT' || method === 'POST')) {
      const rq = validator.validateRequestBody(method, url.pathname, JSON.parse(init.body));
      if (!rq.valid) violations.push(`request ${method} ${url.pathname}${rq.schema ? ` (${rq.schema})` : ''}: ${rq.errors.join('; ')}`);
    }
    const text = await res.clone().text();
    let body: unknown = null;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        violations.push(`${method} ${url.pathname} ${res.status}: body is not JSON (${text.slice(0, 80)})`);
        return res;
      }
    }
    const r = validator.validateResponse(method, url.pathname, res.status, body);
    checked.push({ method, path: url.pathname, status: res.status, template: r.operation?.wireTemplate });
    if (!r.valid) violations.push(`${method} ${url.pathname} ${res.status}${r.schema ? ` (${r.schema})` : ''}: ${r.errors.join('; ')}`);
    return res;
  }) as typeof fetch;
  self.fetch = wrapped;
  return self;
}
