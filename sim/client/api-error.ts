/**
 * An OVHcloud API error response, typed. The API answers `{class, message, details?}` and puts the
 * request id in `X-Ovh-QueryID`; all of it is kept so a test or a user can quote it to support.
 */
import type { OvhErrorBody } from '../api-types/ovh-error.ts';
import { HarnessError } from '../core/errors.ts';

export interface ApiErrorFields {
  status: number;
  /** The body's `class` (sim/api-types/ovh-error.ts), e.g. `Client::PreconditionFailed::ChecksumMismatch`; empty when the body had none. */
  errorClass: OvhErrorBody['class'];
  /** The body's `message`. */
  apiMessage: OvhErrorBody['message'];
  apiDetails?: OvhErrorBody['details'] | undefined;
  queryId?: string | undefined;
  method: string;
  path: string;
  /** The body as received, when it was not the usual error object. */
  body?: unknown;
}

/** An API call answered with an error: HTTP status, the OVHcloud error class and message, the body. */
export class ApiError extends HarnessError {
  readonly status: number;
  readonly errorClass: string;
  readonly apiMessage: string;
  readonly apiDetails: Record<string, string> | undefined;
  readonly queryId: string | undefined;
  readonly method: string;
  readonly path: string;

  constructor(fields: ApiErrorFields) {
    super('API_ERROR', `${fields.method} ${fields.path} failed: ${describeApiError(fields)}`, {
      details: { ...fields },
    });
    this.name = 'ApiError';
    this.status = fields.status;
    this.errorClass = fields.errorClass;
    this.apiMessage = fields.apiMessage;
    this.apiDetails = fields.apiDetails;
    this.queryId = fields.queryId;
    this.method = fields.method;
    this.path = fields.path;
  }

  /** The API's own name for it (`class` in the body). */
  get class(): string {
    return this.errorClass;
  }

  /** One line for a terminal: `HTTP 412 Client::…::ChecksumMismatch: <message> (query id …)`. */
  toLine(): string {
    return describeApiError(this);
  }
}

function describeApiError(e: { status: number; errorClass: string; apiMessage: string; queryId?: string | undefined }): string {
  const cls = e.errorClass ? ` ${e.errorClass}` : '';
  const msg = e.apiMessage ? `: ${e.apiMessage}` : '';
  const qid = e.queryId ? ` (query id ${e.queryId})` : '';
  return `HTTP ${e.status}${cls}${msg}${qid}`;
}

export function isApiError(err: unknown, status?: number, errorClass?: string): err is ApiError {
  if (!(err instanceof ApiError)) return false;
  if (status !== undefined && err.status !== status) return false;
  if (errorClass !== undefined && err.errorClass !== errorClass) return false;
  return true;
}

/** Builds the error from a raw response body (JSON text or not). */
export function apiErrorFromResponse(method: string, path: string, status: number, headers: Headers, text: string): ApiError {
  let body: unknown = text;
  try {
    body = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    // A proxy or a crash can answer HTML/text: keep it as the message rather than losing it.
  }
  const obj = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
  const errorClass = typeof obj?.class === 'string' ? obj.class : '';
  const apiMessage =
    typeof obj?.message === 'string' ? obj.message : typeof obj?.error === 'string' ? describeOAuthError(obj) : typeof body === 'string' ? body.slice(0, 500) : '';
  const details = obj?.details && typeof obj.details === 'object' ? (obj.details as Record<string, string>) : undefined;
  return new ApiError({
    status,
    errorClass,
    apiMessage,
    apiDetails: details,
    queryId: headers.get('x-ovh-queryid') ?? undefined,
    method,
    path,
    ...(obj && typeof obj.class === 'string' ? {} : { body }),
  });
}

// OAuth2 token endpoints answer RFC 6749 errors: {error, error_description}.
function describeOAuthError(obj: Record<string, unknown>): string {
  const desc = typeof obj.error_description === 'string' ? ` (${obj.error_description})` : '';
  return `${String(obj.error)}${desc}`;
}
