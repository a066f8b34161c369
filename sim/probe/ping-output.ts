/**
 * Parses the lines of `ping -D -O -n` (iputils): every line starts with the receive time in epoch
 * seconds; a reply carries its RTT, a loss is reported as `no answer yet for icmp_seq=N` when the
 * next probe goes out (so one interval after N was sent), and an ICMP error
 * (`From … icmp_seq=N Destination Host Unreachable`) is a loss too.
 */
export type PingLine =
  | { type: 'reply'; icmpSeq: number; at: number; rttMs: number }
  | { type: 'lost'; icmpSeq: number; at: number; why: 'no-answer' | 'unreachable' }
  | { type: 'other'; text: string };

const REPLY = /^\[(\d+\.\d+)\] \d+ bytes from \S+: icmp_seq=(\d+) ttl=\d+ time=([\d.]+) ms/;
const NO_ANSWER = /^\[(\d+\.\d+)\] no answer yet for icmp_seq=(\d+)/;
const UNREACHABLE = /^\[(\d+\.\d+)\] From \S+ icmp_seq=(\d+) /;

export function parsePingLine(line: string): PingLine {
  const reply = REPLY.exec(line);
  if (reply) return { type: 'reply', at: Number(reply[1]) * 1000, icmpSeq: Number(reply[2]), rttMs: Number(reply[3]) };
  const none = NO_ANSWER.exec(line);
  if (none) return { type: 'lost', at: Number(none[1]) * 1000, icmpSeq: Number(none[2]), why: 'no-answer' };
  const unreachable = UNREACHABLE.exec(line);
  if (unreachable) return { type: 'lost', at: Number(unreachable[1]) * 1000, icmpSeq: Number(unreachable[2]), why: 'unreachable' };
  return { type: 'other', text: line };
}

/** Lines ping always prints that are not samples: the banner, the statistics, blank lines. */
export function isPingNoise(line: string): boolean {
  return /^PING |^--- |packets transmitted|^rtt |^round-trip|^\s*$/.test(line);
}
