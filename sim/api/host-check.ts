/**
 * DNS-rebinding guard: a browser page on `evil.example` whose name is re-pointed to 127.0.0.1 can
 * reach a loopback API, but its requests still carry `Host: evil.example`. The simulator therefore
 * answers only requests whose Host names it: an IP literal (a page served from an IP is
 * same-origin with that IP anyway), `localhost`, the address it listens on, or a name it was told
 * to accept (`allowedHosts`, e.g. the real API's host for a hosts-file override).
 */
import { isIP } from 'node:net';

export interface HostCheck {
  /** True when the Host header (name and optional port) is one this simulator answers to. */
  allows(host: string | undefined): boolean;
  /** Adds a name (the listen address once known). */
  add(name: string): void;
  /** The accepted names, for the error message. */
  names(): string[];
}

/** The name part of a Host header, lowercased, without port or IPv6 brackets. */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') < 0 ? undefined : h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  return colon >= 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

export function createHostCheck(allowedHosts: readonly string[] = []): HostCheck {
  const names = new Set(['localhost', ...allowedHosts.map((n) => hostName(n))]);
  return {
    allows(host) {
      // HTTP/1.0 clients may omit Host; a browser never does, so there is nothing to rebind.
      if (host === undefined) return true;
      const name = hostName(host);
      return isIP(name) !== 0 || names.has(name) || name.endsWith('.localhost');
    },
    add(name) {
      names.add(hostName(name));
    },
    names: () => [...names],
  };
}
