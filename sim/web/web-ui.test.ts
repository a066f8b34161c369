import { describe, expect, it } from 'vitest';
import { isPublicPath } from './web-ui.ts';
import { sseFrame } from './event-hub.ts';
import { parseSse } from './client/sse.ts';
import { parseProberRequest, timelineMarkers } from './prober-board.ts';
import type { JournalEvent } from '../api/event-journal.ts';

describe('what the page serves without credentials', () => {
  it('only the page and its assets', () => {
    expect(isPublicPath('/lab/ui/')).toBe(true);
    expect(isPublicPath('/lab/ui/assets/app.ts')).toBe(true);
    for (const p of ['/lab/ui/api/stream', '/lab/ui/api/probers', '/lab/ui/api/reachability', '/lab/ui/assets/../api/stream', '/lab/events', '/lab/state', '/v2/vrackServices/resource']) {
      expect(isPublicPath(p), p).toBe(false);
    }
  });
});

describe('server-sent events', () => {
  it('a frame the page parses back to the same message, split anywhere', () => {
    const data = { view: 'a\nb', n: 1 };
    const frame = sseFrame('view', data) + ': keep-alive\n\n' + sseFrame('probers', []);
    const got: { event: string; data: string }[] = [];
    let rest = '';
    for (const ch of frame.match(/[\s\S]{1,7}/g) ?? []) rest = parseSse(rest + ch, (m) => got.push(m));
    expect(rest).toBe('');
    expect(got.map((m) => m.event)).toEqual(['view', 'probers']);
    expect(JSON.parse(got[0]!.data)).toEqual(data);
  });
});

describe('probers from the page', () => {
  const hosts = ['bm1', 'bm2'];
  it('accepts a host of the lab and a known kind', () => {
    expect(parseProberRequest({ from: 'bm1', to: '10.120.0.1', kind: 'icmp', intervalMs: 50 }, hosts)).toEqual({ from: 'bm1', to: '10.120.0.1', kind: 'icmp', intervalMs: 50 });
  });
  it('refuses an unknown host or kind, naming the choices', () => {
    expect(() => parseProberRequest({ from: 'bm9', to: '10.120.0.1', kind: 'icmp' }, hosts)).toThrow(/prober from.*valid: bm1, bm2/);
    expect(() => parseProberRequest({ from: 'bm1', to: '10.120.0.1', kind: 'udp' }, hosts)).toThrow(/prober kind.*valid: icmp, tcp, nfs/);
  });
  it('marks API events as the reports do: no GETs, no state events, not the page\'s own calls, only inside the window', () => {
    const ev = (seq: number, at: number, kind: JournalEvent['kind'], name: string, url = ''): JournalEvent => ({ seq, at: new Date(at).toISOString(), kind, name, data: { url } });
    const events = [
      ev(1, 1000, 'request', 'PUT /v2/vrackServices/resource/:id'),
      ev(2, 1100, 'request', 'GET /v2/vrackServices/resource/:id'),
      ev(3, 1200, 'request', 'POST /lab/ui/api/probers', '/lab/ui/api/probers'),
      ev(4, 1300, 'state', 'loaded'),
      ev(5, 1400, 'dataplane', 'cut-start'),
      ev(6, 9000, 'dataplane', 'cut-end'),
    ];
    expect(timelineMarkers(events, 900, 2000).map((m) => m.label)).toEqual(['request: PUT /v2/vrackServices/resource/:id', 'dataplane: cut-start']);
  });
});

describe('a TCP prober from the page', () => {
  it('takes the port (2049 by default) and refuses one out of range', () => {
    expect(parseProberRequest({ from: 'bm1', to: '10.120.0.1', kind: 'tcp' }, ['bm1']).port).toBe(2049);
    expect(parseProberRequest({ from: 'bm1', to: '10.120.0.1', kind: 'tcp', port: 22 }, ['bm1']).port).toBe(22);
    expect(() => parseProberRequest({ from: 'bm1', to: '10.120.0.1', kind: 'tcp', port: 70000 }, ['bm1'])).toThrow(/prober port.*1 to 65535/);
  });
});
