import { describe, expect, it } from 'vitest';
import { DEV_CREDENTIALS, generateCredentials } from './credentials.ts';

describe('generateCredentials', () => {
  it('gives each call (each lab) its own credentials, none of them the published dev ones', () => {
    const a = generateCredentials();
    const b = generateCredentials();
    for (const key of Object.keys(DEV_CREDENTIALS) as (keyof typeof DEV_CREDENTIALS)[]) {
      expect(a[key]).not.toBe(DEV_CREDENTIALS[key]);
      expect(a[key]).not.toBe(b[key]);
    }
    // 32 random bytes, base64url: header- and URL-safe.
    expect(a.oauth2ClientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
