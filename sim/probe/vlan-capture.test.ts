import { describe, expect, it } from 'vitest';
import { bytesFromOd, parsePcap } from './vlan-capture.ts';

/** A little-endian microsecond pcap with Ethernet frames. */
function pcap(frames: number[][]): Uint8Array {
  const header = [0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0];
  const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >> 24) & 0xff];
  return Uint8Array.from([...header, ...frames.flatMap((f) => [...le32(1), ...le32(0), ...le32(f.length), ...le32(f.length), ...f])]);
}
const DST = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
const SRC = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0b];

describe('parsePcap', () => {
  it('reads the VLAN id out of an 802.1Q header and the ethertype after it', () => {
    const tagged = [...DST, ...SRC, 0x81, 0x00, 0x20, 0x64, 0x08, 0x06, 0, 1];
    const untagged = [...DST, ...SRC, 0x08, 0x00, 0x45, 0];
    expect(parsePcap(pcap([tagged, untagged]))).toEqual([
      { src: '02:00:00:00:00:0b', vlan: 100, ethertype: 0x0806 },
      { src: '02:00:00:00:00:0b', vlan: null, ethertype: 0x0800 },
    ]);
  });

  it('refuses what is not a pcap capture instead of reading no frames', () => {
    expect(() => parsePcap(Uint8Array.from([1, 2, 3]))).toThrow(/not a pcap capture/);
    expect(() => parsePcap(new Uint8Array(24))).toThrow(/magic/);
  });

  it('turns od -An -tx1 output back into the bytes', () => {
    expect([...bytesFromOd(' d4 c3 b2 a1 02 00\n 04 00\n')]).toEqual([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]);
  });
});
