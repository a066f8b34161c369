import { describe, expect, it } from 'vitest';
import { buildUrl, resolveEndpoint, versionedPath } from './endpoints.ts';

describe('resolveEndpoint', () => {
  it('knows the OVHcloud endpoints and their OAuth2 token URLs', () => {
    expect(resolveEndpoint('ovh-eu')).toEqual({ baseUrl: 'https://eu.api.ovh.com', tokenUrl: 'https://www.ovh.com/auth/oauth2/token', ovhcloud: true });
    expect(resolveEndpoint('ovh-ca').tokenUrl).toBe('https://ca.ovh.com/auth/oauth2/token');
    expect(resolveEndpoint('ovh-us').tokenUrl).toBe('https://us.ovhcloud.com/auth/oauth2/token');
  });

  it('takes any base URL, dropping a trailing version, with the token route under it', () => {
    expect(resolveEndpoint('http://127.0.0.1:8080/')).toEqual({ baseUrl: 'http://127.0.0.1:8080', tokenUrl: 'http://127.0.0.1:8080/auth/oauth2/token', ovhcloud: false });
    expect(resolveEndpoint('http://sim:9/1.0').baseUrl).toBe('http://sim:9');
    expect(resolveEndpoint('http://sim:9/v2').baseUrl).toBe('http://sim:9');
  });

  it('rejects anything else, listing the valid choices', () => {
    expect(() => resolveEndpoint('ovh-mars')).toThrow(/invalid API endpoint: must be a known endpoint name or an http\(s\) URL \(got "ovh-mars"; valid: ovh-eu, ovh-ca, ovh-us/);
    expect(() => resolveEndpoint('ftp://x')).toThrow(/invalid API endpoint/);
  });
});

describe('versionedPath / buildUrl', () => {
  it('prefixes unversioned paths with /1.0 and maps /v1 to /1.0', () => {
    expect(versionedPath('/vrack')).toBe('/1.0/vrack');
    expect(versionedPath('vrack')).toBe('/1.0/vrack');
    expect(versionedPath('/v1/vrack/pn-1')).toBe('/1.0/vrack/pn-1');
    expect(versionedPath('/v2/vrackServices/resource')).toBe('/v2/vrackServices/resource');
    expect(versionedPath('/1.0/auth/time')).toBe('/1.0/auth/time');
    expect(versionedPath('/lab/vrack')).toBe('/lab/vrack');
    expect(versionedPath('/auth/time')).toBe('/1.0/auth/time');
  });

  it('appends defined query values only', () => {
    expect(buildUrl('http://h', '/vrack/pn-1/allowedServices', { serviceFamily: 'vrackServices', x: undefined })).toBe(
      'http://h/1.0/vrack/pn-1/allowedServices?serviceFamily=vrackServices',
    );
  });
});

describe('endpoints agree with the official node-ovh table', () => {
  it('same API hosts and OAuth2 token URLs for ovh-eu, ovh-ca, ovh-us', async () => {
    const { createRequire } = await import('node:module');
    const table = createRequire(import.meta.url)('@ovhcloud/node-ovh/lib/endpoints.js') as Record<string, { host: string; tokenURL: string }>;
    for (const name of ['ovh-eu', 'ovh-ca', 'ovh-us']) {
      const e = resolveEndpoint(name);
      expect(e.baseUrl).toBe(`https://${table[name]!.host}`);
      expect(e.tokenUrl).toBe(new URL('oauth2/token', table[name]!.tokenURL).href);
    }
  });
});
