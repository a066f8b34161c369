/** The body of every OVHcloud API error: what the simulator sends and the client parses. */
export interface OvhErrorBody {
  /** e.g. `Client::PreconditionFailed::ChecksumMismatch`. */
  class: string;
  message: string;
  details?: Record<string, string>;
}
