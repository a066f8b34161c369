/**
 * OVHcloud application-key signatures (the scheme go-ovh and node-ovh implement):
 * `"$1$" + sha1_hex(AS + "+" + CK + "+" + METHOD + "+" + FULL_URL + "+" + BODY + "+" + TIMESTAMP)`.
 * FULL_URL is the absolute URL sent, query string included; BODY the exact JSON text ('' if none).
 */
import { createHash } from 'node:crypto';

export interface SignatureCredentials {
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
}

export function signRequest(applicationSecret: string, consumerKey: string, method: string, fullUrl: string, body: string, timestamp: number): string {
  const payload = [applicationSecret, consumerKey, method.toUpperCase(), fullUrl, body, String(timestamp)].join('+');
  return '$1$' + createHash('sha1').update(payload).digest('hex');
}

/** The four X-Ovh-* headers of a signed request. */
export function signatureHeaders(creds: SignatureCredentials, method: string, fullUrl: string, body: string, timestamp: number): Record<string, string> {
  return {
    'X-Ovh-Application': creds.applicationKey,
    'X-Ovh-Consumer': creds.consumerKey,
    'X-Ovh-Timestamp': String(timestamp),
    'X-Ovh-Signature': signRequest(creds.applicationSecret, creds.consumerKey, method, fullUrl, body, timestamp),
  };
}
