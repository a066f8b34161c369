/// <reference lib="dom" />
// Server-sent events over fetch: EventSource cannot send the Authorization header the lab needs.

export interface SseMessage {
  event: string;
  data: string;
}

/** Splits a text/event-stream into messages; returns what is left of an unfinished one. */
export function parseSse(buffer: string, emit: (m: SseMessage) => void): string {
  let rest = buffer;
  for (let i = rest.indexOf('\n\n'); i >= 0; i = rest.indexOf('\n\n')) {
    const block = rest.slice(0, i);
    rest = rest.slice(i + 2);
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length > 0) emit({ event, data: data.join('\n') });
  }
  return rest;
}

/** Reads the stream until it ends or `signal` aborts. Throws with the HTTP status when refused. */
export async function readStream(url: string, token: string, signal: AbortSignal, emit: (m: SseMessage) => void): Promise<void> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal });
  if (!res.ok || !res.body) throw Object.assign(new Error(`stream refused: HTTP ${res.status}`), { status: res.status });
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer = parseSse(buffer + value, emit);
  }
}
