/** Both authentication schemes through the real routes, and every refusal. */
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signRequest } from '../core/ovh-signature.ts';
import { createSimulator } from './simulator.ts';
import type { Simulator } from './simulator.ts';

let sim: Simulator;
beforeEach(async () => {
  // The test hosts stand for a hosts-file override of a real API name (see host-check.ts).
  sim = await createSimulator({ timings: 'fast', allowedHosts: ['sim.test', 'a.example', 'b.example', 'eu.api.ovh.com'] });
});
afterEach(() => sim.close());

const form = (o: Record<string, string>) => ({
  method: 'POST' as const,
  url: '/auth/oauth2/token',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(o).toString(),
});
const now = () => Math.floor(Date.now() / 1000);

function signed(method: string, path: string, body: string, o: { ak?: string; as?: string; ck?: string; ts?: number; host?: string } = {}) {
  const host = o.host ?? 'sim.test:8080';
  const ts = String(o.ts ?? now());
  const ck = o.ck ?? 'vracklab-ck';
  return {
    'x-ovh-application': o.ak ?? 'vracklab-ak',
    'x-ovh-consumer': ck,
    'x-ovh-timestamp': ts,
    'x-ovh-signature': signRequest(o.as ?? 'vracklab-as', ck, method, `http://${host}${path}`, body, Number(ts)),
    host,
  };
}

describe('OAuth2 client credentials', () => {
  it('issues a bearer token for the dev client and accepts it', async () => {
    const r = await sim.app.inject(form({ grant_type: 'client_credentials', client_id: 'vracklab', client_secret: 'vracklab-secret', scope: 'all' }));
    expect(r.statusCode).toBe(200);
    const body = r.json() as { access_token: string; token_type: string; expires_in: number };
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(3600);
    const g = await sim.app.inject({ method: 'GET', url: '/v2/vrackServices/resource', headers: { authorization: `Bearer ${body.access_token}` } });
    expect(g.statusCode).toBe(200);
    expect(g.json()).toEqual([]);
  });
  it('refuses a wrong secret with invalid_client (401) and a wrong grant type with unsupported_grant_type', async () => {
    const r = await sim.app.inject(form({ grant_type: 'client_credentials', client_id: 'vracklab', client_secret: 'nope' }));
    expect(r.statusCode).toBe(401);
    expect(r.json().error).toBe('invalid_client');
    const g = await sim.app.inject(form({ grant_type: 'password', client_id: 'vracklab', client_secret: 'vracklab-secret' }));
    expect(g.statusCode).toBe(400);
    expect(g.json().error).toBe('unsupported_grant_type');
  });
  it('refuses a forged or tampered token', async () => {
    const r = await sim.app.inject(form({ grant_type: 'client_credentials', client_id: 'vracklab', client_secret: 'vracklab-secret' }));
    const token = (r.json() as { access_token: string }).access_token;
    const tampered = token.replace(/\.(\d+)\./, (_m, exp: string) => `.${Number(exp) + 100000}.`);
    const g = await sim.app.inject({ method: 'GET', url: '/v2/vrackServices/resource', headers: { authorization: `Bearer ${tampered}` } });
    expect(g.statusCode).toBe(401);
    expect(g.json()).toEqual({ class: 'Client::Unauthorized::InvalidToken', message: 'Invalid access token' });
  });
  it('refuses tokens minted with the public client secret, whatever their expiry (review #11)', async () => {
    const id64 = Buffer.from('vracklab').toString('base64url');
    for (const exp of ['never', String(now() + 3600), '99999999999']) {
      const mac = createHmac('sha256', 'vracklab-secret').update(`${id64}.${exp}`).digest('base64url');
      const g = await sim.app.inject({ method: 'GET', url: '/v2/vrackServices/resource', headers: { authorization: `Bearer vl.${id64}.${exp}.${mac}` } });
      expect(g.statusCode, `exp ${exp}`).toBe(401);
    }
  });
  it('a token of one simulator is not valid at another (per-process MAC key)', async () => {
    const r = await sim.app.inject(form({ grant_type: 'client_credentials', client_id: 'vracklab', client_secret: 'vracklab-secret' }));
    const token = (r.json() as { access_token: string }).access_token;
    const other = await createSimulator({ timings: 'fast' });
    try {
      const g = await other.app.inject({ method: 'GET', url: '/v2/vrackServices/resource', headers: { authorization: `Bearer ${token}` } });
      expect(g.statusCode).toBe(401);
      // Positive control: the issuing simulator accepts it.
      expect((await sim.app.inject({ method: 'GET', url: '/v2/vrackServices/resource', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    } finally {
      await other.close();
    }
  });
  it('a malformed Basic header is a 401 invalid_client, not a 500', async () => {
    const r = await sim.app.inject({
      ...form({ grant_type: 'client_credentials' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('%E0%A4%A:%').toString('base64')}` },
    });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ error: 'invalid_client' });
  });
  it('random credentials: fresh ones per simulator, and the dev client is refused', async () => {
    const a = await createSimulator({ credentials: 'random' });
    const b = await createSimulator({ credentials: 'random' });
    try {
      expect(a.credentials.oauth2ClientSecret).not.toBe(b.credentials.oauth2ClientSecret);
      expect(a.credentials.oauth2ClientSecret.length).toBeGreaterThanOrEqual(40);
      expect((await a.app.inject(form({ grant_type: 'client_credentials', client_id: 'vracklab', client_secret: 'vracklab-secret' }))).statusCode).toBe(401);
      const { oauth2ClientId, oauth2ClientSecret } = a.credentials;
      expect((await a.app.inject(form({ grant_type: 'client_credentials', client_id: oauth2ClientId, client_secret: oauth2ClientSecret }))).statusCode).toBe(200);
    } finally {
      await a.close();
      await b.close();
    }
  });
  it('overridable credentials: the default client no longer works', async () => {
    await sim.close();
    sim = await createSimulator({ credentials: { oauth2ClientId: 'other', oauth2ClientSecret: 's3cret' } });
    expect((await sim.app.inject(form({ grant_type: 'client_credentials', client_id: 'vracklab', client_secret: 'vracklab-secret' }))).statusCode).toBe(401);
    expect((await sim.app.inject(form({ grant_type: 'client_credentials', client_id: 'other', client_secret: 's3cret' }))).statusCode).toBe(200);
  });
});

describe('AK/CK signatures', () => {
  it('accepts a correct signature over the full URL including the query', async () => {
    const path = '/v2/vrackServices/resource?iamTags=%7B%7D';
    const r = await sim.app.inject({ method: 'GET', url: path, headers: signed('GET', path, '') });
    expect(r.statusCode).toBe(200);
  });
  it('signs the exact body: a POST is accepted, the same signature on another body is refused', async () => {
    const body = JSON.stringify({ vrackServices: 'vrs-aaa-bbb-ccc-ddd' });
    const { serviceName } = await sim.admin.createVrack();
    const path = `/1.0/vrack/${serviceName}/vrackServices`;
    const headers = { ...signed('POST', path, body), 'content-type': 'application/json' };
    const ok = await sim.app.inject({ method: 'POST', url: path, headers, payload: body });
    // Authenticated: the answer is about the unknown vRack Services, not about the signature.
    expect(ok.statusCode).toBe(404);
    const bad = await sim.app.inject({ method: 'POST', url: path, headers, payload: JSON.stringify({ vrackServices: 'vrs-zzz-bbb-ccc-ddd' }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ class: 'Client::BadRequest::InvalidSignature', message: 'Invalid signature' });
  });
  it('accepts the https form a real-API client signs (node-ovh: https, no port)', async () => {
    const path = '/v2/vrackServices/resource';
    const ts = String(now());
    const sig = signRequest('vracklab-as', 'vracklab-ck', 'GET', `https://sim.test${path}`, '', Number(ts));
    const headers = { 'x-ovh-application': 'vracklab-ak', 'x-ovh-consumer': 'vracklab-ck', 'x-ovh-timestamp': ts, 'x-ovh-signature': sig, host: 'sim.test:8443' };
    expect((await sim.app.inject({ method: 'GET', url: path, headers })).statusCode).toBe(200);
  });
  it('the host the client addressed is part of the signed URL', async () => {
    const path = '/v2/vrackServices/resource';
    const h = signed('GET', path, '', { host: 'a.example:1' });
    const r = await sim.app.inject({ method: 'GET', url: path, headers: { ...h, host: 'b.example:1' } });
    expect(r.json().class).toBe('Client::BadRequest::InvalidSignature');
  });
  // errorCode as the real API sends it: python-ovh raises InvalidKey / InvalidCredential from it alone.
  it('refuses an unknown application key (403) and an unknown consumer key (403), with their errorCode', async () => {
    const path = '/v2/vrackServices/resource';
    const ak = await sim.app.inject({ method: 'GET', url: path, headers: signed('GET', path, '', { ak: 'nope' }) });
    expect(ak.statusCode).toBe(403);
    expect(ak.json()).toEqual({ class: 'Client::Forbidden::InvalidKey', message: 'This application key is invalid', errorCode: 'INVALID_KEY' });
    const ck = await sim.app.inject({ method: 'GET', url: path, headers: signed('GET', path, '', { ck: 'nope' }) });
    expect(ck.statusCode).toBe(403);
    expect(ck.json()).toEqual({ class: 'Client::Forbidden::InvalidCredential', message: 'This credential does not exist', errorCode: 'INVALID_CREDENTIAL' });
  });
  it('refuses a wrong application secret and a timestamp more than 5 minutes off', async () => {
    const path = '/v2/vrackServices/resource';
    const as = await sim.app.inject({ method: 'GET', url: path, headers: signed('GET', path, '', { as: 'wrong' }) });
    expect(as.json()).toEqual({ class: 'Client::BadRequest::InvalidSignature', message: 'Invalid signature' });
    const ts = now() - 301;
    const skew = await sim.app.inject({ method: 'GET', url: path, headers: signed('GET', path, '', { ts }) });
    expect(skew.statusCode).toBe(400);
    expect(skew.json().class).toBe('Client::BadRequest::InvalidTimestamp');
    expect(skew.json().message).toContain(`X-Ovh-Timestamp '${ts}'`);
    const fine = await sim.app.inject({ method: 'GET', url: path, headers: signed('GET', path, '', { ts: now() - 200 }) });
    expect(fine.statusCode).toBe(200);
  });
});

describe('Host header and forwarded headers (review #3)', () => {
  it('refuses a Host it was not started for (DNS rebinding), with OVH\'s body', async () => {
    const r = await sim.app.inject({ method: 'GET', url: '/1.0/auth/time', headers: { host: 'rebind.evil.example:8080' } });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ class: 'Client::Forbidden::InvalidHost' });
    expect((await sim.app.inject({ method: 'GET', url: '/1.0/auth/time', headers: { host: '127.0.0.1:8080' } })).statusCode).toBe(200);
  });
  it('does not trust X-Forwarded-Host for signatures', async () => {
    const path = '/v2/vrackServices/resource';
    const h = signed('GET', path, '', { host: 'eu.api.ovh.com' });
    const forwarded = await sim.app.inject({ method: 'GET', url: path, headers: { ...h, host: 'localhost:8080', 'x-forwarded-host': 'eu.api.ovh.com', 'x-forwarded-proto': 'http' } });
    expect(forwarded.json().class).toBe('Client::BadRequest::InvalidSignature');
    // Positive control: the same signature with that Host is accepted.
    expect((await sim.app.inject({ method: 'GET', url: path, headers: h })).statusCode).toBe(200);
  });
});

describe('unauthenticated requests', () => {
  it('are refused with an OVH error body and an X-Ovh-QueryID header', async () => {
    const r = await sim.app.inject({ method: 'GET', url: '/1.0/vrack' });
    expect(r.statusCode).toBe(401);
    expect(r.json().class).toBe('Client::Unauthorized');
    expect(r.headers['x-ovh-queryid']).toMatch(/^EU\.ext-sim\./);
  });
  it('/auth/time needs no auth, under /1.0 and /v1', async () => {
    for (const url of ['/1.0/auth/time', '/v1/auth/time']) {
      const r = await sim.app.inject({ method: 'GET', url });
      expect(r.statusCode).toBe(200);
      expect(Math.abs(Number(r.body) - now())).toBeLessThan(5);
    }
  });
  it('the lab routes need auth too', async () => {
    expect((await sim.app.inject({ method: 'POST', url: '/lab/vrack', payload: {} })).statusCode).toBe(401);
  });
});
