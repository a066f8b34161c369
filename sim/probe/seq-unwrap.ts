/**
 * ping's icmp_seq is 16 bits: after 65535 it wraps to 0 (at a 10 ms interval, after 11 minutes).
 * Observations are keyed by probe number, so a wrapped number would merge a new probe into an old
 * one (a loss after the wrap hidden behind the old probe's reply). The unwrapper maps each raw
 * number to the candidate (raw + k·65536) nearest the last one it returned: lines may arrive a
 * little out of order (a late reply), never half a wrap apart.
 */
const ICMP_SEQ_MODULUS = 65_536;

export function seqUnwrapper(modulus = ICMP_SEQ_MODULUS): (raw: number) => number {
  let last: number | undefined;
  return (raw) => {
    if (last === undefined) return (last = raw);
    const base = last - (((last % modulus) + modulus) % modulus);
    let best = base + raw;
    for (const candidate of [best - modulus, best + modulus]) if (Math.abs(candidate - last) < Math.abs(best - last)) best = candidate;
    if (best > last) last = best;
    return best;
  };
}
