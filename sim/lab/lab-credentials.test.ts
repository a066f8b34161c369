import { describe, expect, it } from 'vitest';
import { DEV_CREDENTIALS } from '../api/credentials.ts';
import { generateLabCredentials } from './lab-credentials.ts';

describe('generateLabCredentials', () => {
  it('gives each lab its own credentials, none of them the published dev ones', () => {
    const a = generateLabCredentials();
    const b = generateLabCredentials();
    for (const key of Object.keys(DEV_CREDENTIALS) as (keyof typeof DEV_CREDENTIALS)[]) {
      expect(a[key]).not.toBe(DEV_CREDENTIALS[key]);
      expect(a[key]).not.toBe(b[key]);
    }
    expect(a.oauth2ClientSecret).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
