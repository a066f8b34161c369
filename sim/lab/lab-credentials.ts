/**
 * Credentials of one lab's API, generated at `vracklab up`: the lab API drives a root process, so
 * it must not accept the published DEV_CREDENTIALS. They are printed once, kept in the 0600 lab
 * record (root reads them with `vracklab status`, `vracklab api --lab NAME`), and never logged.
 */
import { randomBytes } from 'node:crypto';
import type { DevCredentials } from '../api/credentials.ts';

const token = (bytes: number): string => randomBytes(bytes).toString('base64url');

export function generateLabCredentials(): DevCredentials {
  return {
    oauth2ClientId: `lab-${token(6)}`,
    oauth2ClientSecret: token(24),
    applicationKey: token(12),
    applicationSecret: token(24),
    consumerKey: token(24),
  };
}
