/** The body of every OVHcloud API error: what the simulator sends and the client parses. */
export interface OvhErrorBody {
  /** e.g. `Client::PreconditionFailed::ChecksumMismatch`. */
  class: string;
  message: string;
  details?: Record<string, string>;
  /** v1 authentication refusals only (`INVALID_KEY`, `INVALID_CREDENTIAL`), as the real API sends it. */
  errorCode?: string;
}

/** True when `body` is exactly OVHcloud's error shape: `{class, message}` strings (and optional `details`). */
export function isOvhErrorBody(body: unknown): body is OvhErrorBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const keys = Object.keys(body).filter((k) => k !== 'details' && k !== 'errorCode');
  const b = body as Record<string, unknown>;
  return keys.length === 2 && typeof b.class === 'string' && typeof b.message === 'string';
}
