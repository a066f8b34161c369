import { describe, expect, it } from 'vitest';
import { configFromEnv } from './env.ts';

describe('configFromEnv', () => {
  it('reads the go-ovh/node-ovh variable names', () => {
    expect(configFromEnv({ OVH_ENDPOINT: 'ovh-ca', OVH_APPLICATION_KEY: 'a', OVH_APPLICATION_SECRET: 'b', OVH_CONSUMER_KEY: 'c' })).toEqual({
      endpoint: 'ovh-ca',
      applicationKey: 'a',
      applicationSecret: 'b',
      consumerKey: 'c',
    });
    expect(configFromEnv({ OVH_CLIENT_ID: 'i', OVH_CLIENT_SECRET: 's', VRACKLAB_API: 'http://sim:1' })).toEqual({ endpoint: 'http://sim:1', clientId: 'i', clientSecret: 's' });
  });

  it('defaults to the local simulator and ignores empty variables', () => {
    expect(configFromEnv({ OVH_ENDPOINT: '', OVH_CONSUMER_KEY: '' })).toEqual({ endpoint: 'http://127.0.0.1:8080' });
  });
});

describe('configFromEnv refuses to send real credentials to the default address (review #12)', () => {
  it.each([
    [{ OVH_CLIENT_ID: 'real-id', OVH_CLIENT_SECRET: 'REAL-SECRET' }, 'OVH_CLIENT_ID, OVH_CLIENT_SECRET'],
    [{ OVH_APPLICATION_KEY: 'ak', OVH_APPLICATION_SECRET: 'as', OVH_CONSUMER_KEY: 'ck' }, 'OVH_APPLICATION_KEY, OVH_APPLICATION_SECRET, OVH_CONSUMER_KEY'],
    [{ OVH_ACCESS_TOKEN: 't' }, 'OVH_ACCESS_TOKEN'],
  ])('%j without an endpoint', (env, names) => {
    expect(() => configFromEnv(env)).toThrow(`refusing to send ${names} to the default http://127.0.0.1:8080`);
  });
  it('an explicit endpoint (OVH_ENDPOINT, VRACKLAB_API or an override) is fine', () => {
    const creds = { OVH_CLIENT_ID: 'i', OVH_CLIENT_SECRET: 's' };
    expect(configFromEnv({ ...creds, OVH_ENDPOINT: 'ovh-eu' }).endpoint).toBe('ovh-eu');
    expect(configFromEnv({ ...creds, VRACKLAB_API: 'http://127.0.0.1:19100' }).endpoint).toBe('http://127.0.0.1:19100');
    expect(configFromEnv(creds, { endpoint: 'http://127.0.0.1:19101' }).endpoint).toBe('http://127.0.0.1:19101');
    expect(configFromEnv({}).endpoint).toBe('http://127.0.0.1:8080');
  });
});
