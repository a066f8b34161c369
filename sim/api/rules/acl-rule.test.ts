import { describe, expect, it } from 'vitest';
import { parseAccessTo } from './acl-rule.ts';

describe('parseAccessTo: the one ACL accessTo rule', () => {
  it.each([
    ['10.120.0.5', { prefix: 32, cidr: false, hostBits: false, network: '10.120.0.5/32' }],
    ['10.120.0.0/16', { prefix: 16, cidr: true, hostBits: false, network: '10.120.0.0/16' }],
    ['10.120.0.5/24', { prefix: 24, cidr: true, hostBits: true, network: '10.120.0.0/24' }],
  ])('accepts %s', (text, expected) => expect(parseAccessTo(text)).toMatchObject(expected));

  it.each(['2001:db8::1', '10.0.0.0/16; }', '010.1.2.3', '10.1.2.3/33', 'host.example', '', 42, null])('refuses %j', (text) => {
    expect(parseAccessTo(text)).toBeUndefined();
  });
});
