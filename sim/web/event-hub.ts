/**
 * Server-sent events to every open page: named messages (`view`, `probers`, `reachability`,
 * `exercise`), the latest of each kept so a page that connects late starts from the current state.
 */
import type { ServerResponse } from 'node:http';

const HEARTBEAT_MS = 15_000;

export interface EventHub {
  publish(name: string, data: unknown): void;
  /** Streams to `res` until it closes: the latest of every message first, then each new one. */
  attach(res: ServerResponse): void;
  clients(): number;
  close(): void;
}

export function sseFrame(name: string, data: unknown): string {
  // JSON has no raw newlines, so one `data:` line carries it whole.
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function createEventHub(): EventHub {
  const latest = new Map<string, string>();
  const clients = new Set<ServerResponse>();
  const heartbeat = setInterval(() => {
    for (const c of clients) c.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    publish(name, data) {
      const frame = sseFrame(name, data);
      if (latest.get(name) === frame) return;
      latest.set(name, frame);
      for (const c of clients) c.write(frame);
    },
    attach(res) {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
      for (const frame of latest.values()) res.write(frame);
      clients.add(res);
      res.on('close', () => clients.delete(res));
    },
    clients: () => clients.size,
    close() {
      clearInterval(heartbeat);
      for (const c of clients) c.end();
      clients.clear();
    },
  };
}
