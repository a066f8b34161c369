import { describe, expect, it } from 'vitest';
import { createHostCheck, hostName } from './host-check.ts';

describe('Host header check (DNS rebinding)', () => {
  it('extracts the name from a Host header', () => {
    expect(hostName('LocalHost:8080')).toBe('localhost');
    expect(hostName('[::1]:8080')).toBe('::1');
    expect(hostName('127.0.0.1')).toBe('127.0.0.1');
  });
  it('accepts IP literals, localhost and the names it was given', () => {
    const check = createHostCheck(['eu.api.ovh.com']);
    for (const ok of ['127.0.0.1:8080', '[::1]:8080', '10.1.2.3', 'localhost:80', 'app.localhost', 'eu.api.ovh.com', undefined]) expect(check.allows(ok)).toBe(true);
  });
  it('refuses any other name, until it is added', () => {
    const check = createHostCheck();
    expect(check.allows('evil.example:8080')).toBe(false);
    expect(check.allows('localhost.evil.example')).toBe(false);
    check.add('lab.internal');
    expect(check.allows('lab.internal:8080')).toBe(true);
  });
});
