import { describe, expect, it } from 'vitest';
import { isPingNoise, parsePingLine } from './ping-output.ts';

describe('parsePingLine', () => {
  it('parses a timestamped reply', () => {
    expect(parsePingLine('[1795359683.500623] 64 bytes from 10.251.0.1: icmp_seq=12 ttl=64 time=0.095 ms')).toEqual({ type: 'reply', at: 1795359683500.623, icmpSeq: 12, rttMs: 0.095 });
  });
  it('parses "no answer yet" and ICMP errors as losses', () => {
    expect(parsePingLine('[1795359685.373299] no answer yet for icmp_seq=1')).toMatchObject({ type: 'lost', icmpSeq: 1, why: 'no-answer' });
    expect(parsePingLine('[1795359685.4] From 10.251.0.2 icmp_seq=7 Destination Host Unreachable')).toMatchObject({ type: 'lost', icmpSeq: 7, why: 'unreachable', at: 1795359685400 });
  });
  it('returns anything else as other, and knows the noise', () => {
    expect(parsePingLine('ping: sendmsg: Network is unreachable')).toEqual({ type: 'other', text: 'ping: sendmsg: Network is unreachable' });
    expect(isPingNoise('PING 10.251.0.1 (10.251.0.1) 56(84) bytes of data.')).toBe(true);
    expect(isPingNoise('--- 10.251.0.1 ping statistics ---')).toBe(true);
    expect(isPingNoise('ping: sendmsg: Network is unreachable')).toBe(false);
  });
});
