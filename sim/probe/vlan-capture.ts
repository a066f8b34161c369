/**
 * Evidence that tags are real: frames captured on a bridge port (tcpdump writing pcap, dumped as
 * hex by od) and their Ethernet headers parsed here, 802.1Q tag included. libpcap puts back the tag
 * the kernel keeps beside the packet (VLAN offload on veth), so a tagged frame shows 0x8100 + TCI.
 */
import { HarnessError } from '../core/errors.ts';
import { shellQuote } from '../core/exec.ts';
import type { Exec } from '../core/exec.ts';

/** One Ethernet frame of a capture: who sent it, its 802.1Q VLAN (null when untagged) and its EtherType. */
export interface CapturedFrame {
  /** Source MAC, lower case, colon separated. */
  src: string;
  /** The 802.1Q VLAN id, or null for an untagged frame. */
  vlan: number | null;
  /** The ethertype after the tag (or of the untagged frame). */
  ethertype: number;
}

const MAC_RULE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;
const IFNAME_RULE = /^[A-Za-z0-9_.-]{1,15}$/;

/** Parses a pcap file (microsecond or nanosecond, either byte order, Ethernet link type). */
export function parsePcap(bytes: Uint8Array): CapturedFrame[] {
  if (bytes.length < 24) throw new HarnessError('CAPTURE_FAILED', `not a pcap capture: ${bytes.length} bytes (a pcap file starts with a 24-byte header)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, true);
  const little = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!little && view.getUint32(0, false) !== 0xa1b2c3d4 && view.getUint32(0, false) !== 0xa1b23c4d) throw new HarnessError('CAPTURE_FAILED', `not a pcap capture: magic 0x${magic.toString(16)}`);
  const linkType = view.getUint32(20, little);
  if (linkType !== 1) throw new HarnessError('CAPTURE_FAILED', `the capture's link type is ${linkType}, not Ethernet (1)`);
  const frames: CapturedFrame[] = [];
  for (let at = 24; at + 16 <= bytes.length; ) {
    const caplen = view.getUint32(at + 8, little);
    const data = bytes.subarray(at + 16, at + 16 + caplen);
    at += 16 + caplen;
    if (data.length < 14) continue;
    const src = [...data.subarray(6, 12)].map((b) => b.toString(16).padStart(2, '0')).join(':');
    const type = (data[12]! << 8) | data[13]!;
    if (type === 0x8100 && data.length >= 18) frames.push({ src, vlan: ((data[14]! << 8) | data[15]!) & 0x0fff, ethertype: (data[16]! << 8) | data[17]! });
    else frames.push({ src, vlan: null, ethertype: type });
  }
  return frames;
}

/** `od -An -v -tx1` output back to bytes. */
export function bytesFromOd(text: string): Uint8Array {
  return Uint8Array.from(text.split(/\s+/).filter(Boolean), (h) => parseInt(h, 16));
}

/**
 * Captures up to `count` frames sent by `srcMac` on the machine's link `ifname` within `timeoutMs`
 * (tcpdump on the machine; `traffic` makes the frames meanwhile and is stopped at the end).
 */
export async function captureFramesFrom(exec: Exec, ifname: string, srcMac: string, traffic: (signal: AbortSignal) => Promise<unknown>, options: { count?: number; timeoutMs?: number } = {}): Promise<CapturedFrame[]> {
  const mac = srcMac.toLowerCase();
  if (!MAC_RULE.test(mac)) throw new HarnessError('INVALID_INPUT', `capture source MAC ${JSON.stringify(srcMac)} refused: six colon-separated hex bytes`);
  if (!IFNAME_RULE.test(ifname)) throw new HarnessError('INVALID_INPUT', `capture interface ${JSON.stringify(ifname)} refused: at most 15 letters, digits, . _ -`);
  const seconds = Math.ceil((options.timeoutMs ?? 15_000) / 1000);
  const count = options.count ?? 3;
  const script = `timeout ${seconds} tcpdump -i ${shellQuote(ifname)} -U -w - -c ${count} ether src ${mac} 2>/dev/null | od -An -v -tx1`;
  const stop = new AbortController();
  const making = traffic(stop.signal).catch(() => undefined);
  try {
    const r = await exec('sh', ['-c', script], { timeoutMs: (seconds + 10) * 1000, allowFailure: true });
    const bytes = bytesFromOd(r.stdout);
    // tcpdump killed by `timeout` before it saw a frame still wrote the header: no frames, no error.
    return bytes.length === 0 ? [] : parsePcap(bytes);
  } finally {
    stop.abort();
    await making;
  }
}
