import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { signRequest, signatureHeaders } from './ovh-signature.ts';

// node-ovh is the reference implementation of the scheme: our signature must equal its own.
const require = createRequire(import.meta.url);
const ovh = require('@ovhcloud/node-ovh') as (p: object) => { signRequest(m: string, u: string, b: string, t: number): string };

describe('signRequest', () => {
  const ref = ovh({ appKey: 'ak', appSecret: 'the-secret', consumerKey: 'the-ck' });

  it('matches node-ovh for a GET without body', () => {
    const url = 'https://eu.api.ovh.com/v2/vrackServices/resource';
    expect(signRequest('the-secret', 'the-ck', 'GET', url, '', 1_700_000_000)).toBe(ref.signRequest('GET', url, '', 1_700_000_000));
  });

  it('matches node-ovh for a PUT with a JSON body and a query string', () => {
    const url = 'http://127.0.0.1:8080/1.0/vrack/pn-1/allowedServices?serviceFamily=vrackServices';
    const body = JSON.stringify({ checksum: 'd41d8cd98f00b204e9800998ecf8427e', targetSpec: { subnets: [] } });
    expect(signRequest('the-secret', 'the-ck', 'PUT', url, body, 1_700_000_123)).toBe(ref.signRequest('PUT', url, body, 1_700_000_123));
  });

  it('changes when any signed part changes', () => {
    const base = signRequest('s', 'c', 'GET', 'https://x/1.0/a', '', 1);
    expect(signRequest('s', 'c', 'GET', 'https://x/1.0/b', '', 1)).not.toBe(base);
    expect(signRequest('s', 'c', 'GET', 'https://x/1.0/a', '', 2)).not.toBe(base);
    expect(signRequest('s', 'c', 'POST', 'https://x/1.0/a', '', 1)).not.toBe(base);
    expect(base).toMatch(/^\$1\$[0-9a-f]{40}$/);
  });

  it('produces the four X-Ovh headers', () => {
    const h = signatureHeaders({ applicationKey: 'ak', applicationSecret: 's', consumerKey: 'ck' }, 'GET', 'https://x/1.0/a', '', 42);
    expect(Object.keys(h).sort()).toEqual(['X-Ovh-Application', 'X-Ovh-Consumer', 'X-Ovh-Signature', 'X-Ovh-Timestamp']);
    expect(h['X-Ovh-Timestamp']).toBe('42');
    expect(h['X-Ovh-Signature']).toBe(signRequest('s', 'ck', 'GET', 'https://x/1.0/a', '', 42));
  });
});
