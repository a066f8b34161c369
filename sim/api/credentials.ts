/**
 * Credentials the simulator accepts. DEV_CREDENTIALS are published (docs, `api serve` banner): fine
 * for a simulator only you can reach, and the default of `api serve` and the tests. A lab on a
 * shared machine should use `generateCredentials()` instead, so another local user who can open
 * a loopback socket cannot drive it.
 */
import { randomBytes } from 'node:crypto';

export interface DevCredentials {
  oauth2ClientId: string;
  oauth2ClientSecret: string;
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
}

/** Fixed credentials of a standalone development simulator (refused by labs, which generate their own). */
export const DEV_CREDENTIALS: Readonly<DevCredentials> = {
  oauth2ClientId: 'vracklab',
  oauth2ClientSecret: 'vracklab-secret',
  applicationKey: 'vracklab-ak',
  applicationSecret: 'vracklab-as',
  consumerKey: 'vracklab-ck',
};

const token = (bytes: number) => randomBytes(bytes).toString('base64url');

/** Fresh random credentials (128-bit ids, 256-bit secrets), URL- and header-safe. */
export function generateCredentials(): DevCredentials {
  return {
    oauth2ClientId: `vracklab-${token(16)}`,
    oauth2ClientSecret: token(32),
    applicationKey: token(16),
    applicationSecret: token(32),
    consumerKey: token(32),
  };
}
