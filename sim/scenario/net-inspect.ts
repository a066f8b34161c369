/**
 * Looking at how a host routes and what it receives, from inside the host: `ip route get` for the
 * path a packet would take, tcpdump for the source address a peer really sees (after NAT).
 */
import { HarnessError } from '../core/errors.ts';
import type { LabHost } from '../fabric/host.ts';

export interface RouteDecision {
  dev: string;
  via: string | undefined;
  src: string | undefined;
  /** The line `ip route get` printed, for messages. */
  raw: string;
}

/** Parses `ip route get` output into the route a host would take: device, gateway, source. */
export function parseRouteGet(output: string): RouteDecision {
  const raw = output.split('\n')[0]?.trim() ?? '';
  const dev = /\bdev (\S+)/.exec(raw)?.[1];
  if (!dev) throw new HarnessError('ROUTE_UNPARSABLE', `cannot read the route decision: no "dev" in ${JSON.stringify(raw)}`);
  return { dev, via: /\bvia (\S+)/.exec(raw)?.[1], src: /\bsrc (\S+)/.exec(raw)?.[1], raw };
}

/** The route the host's kernel picks for `ip`; "unreachable" is an answer, not an error. */
export async function routeVia(host: LabHost, ip: string): Promise<RouteDecision> {
  const r = await host.exec(['ip', '-o', 'route', 'get', ip], { allowFailure: true, timeoutMs: 5000 });
  if (r.exitCode !== 0) return { dev: 'none', via: undefined, src: undefined, raw: r.stderr.trim() || `exit ${r.exitCode}` };
  return parseRouteGet(r.stdout);
}

/**
 * Source addresses of the ICMP echo requests `observer` receives while `trigger` runs. `iface`
 * (e.g. `any`) for a host with several NICs: tcpdump alone listens on the first one only.
 */
export async function watchIcmpSources(observer: LabHost, trigger: () => Promise<void>, options: { timeoutMs: number; iface?: string }): Promise<string[]> {
  const on = options.iface ? ['-i', options.iface] : [];
  const capture = observer.spawn(['timeout', String(Math.ceil(options.timeoutMs / 1000)), 'tcpdump', ...on, '-l', '-n', '-c', '3', 'icmp[icmptype] == icmp-echo']);
  const sources = new Set<string>();
  capture.onLine((line) => {
    const m = /\bIP (\d+\.\d+\.\d+\.\d+) > /.exec(line);
    if (m?.[1]) sources.add(m[1]);
  });
  // tcpdump prints "listening on …" to stderr once the capture is armed; give it a bounded moment by
  // retrying the trigger until a packet is seen rather than sleeping a fixed time.
  const deadline = Date.now() + options.timeoutMs;
  while (sources.size === 0 && Date.now() < deadline) {
    await trigger();
  }
  await capture.stop();
  return [...sources];
}
