/**
 * One probed pair's timeline as a self-contained SVG (no scripts, fonts or external references), to
 * attach to a Cucumber HTML report: a strip of ok/lost samples across time, outage windows shaded
 * with their lost count and duration, and vertical markers for events (API calls, task transitions).
 * Consecutive samples of one state are drawn as one run, so an hour at 10 ms stays small.
 */
import { longestOutage, lostCount, outageWindows } from './outage-windows.ts';
import type { Timeline, TimelineEvent } from './sample.ts';
import { describeExit } from './prober-verdict.ts';

export interface TimelineSvgOptions {
  /** Width in px (default 960). */
  width?: number;
  events?: readonly TimelineEvent[];
}

const COLORS = { ok: '#2e7d32', lost: '#c62828', inferred: '#ef9a9a', outage: '#c62828', event: '#1565c0', axis: '#555', text: '#222' };
const TICK_STEPS_MS = [10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000];
const CHAR_PX = 6.2;

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

function fmtMs(ms: number): string {
  if (Math.abs(ms) < 1_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** Axis label: all ticks in one unit, with as many decimals as the step needs. */
function fmtTick(t: number, step: number): string {
  if (step < 1_000 && t !== 0 && step < 100) return `${(t / 1000).toFixed(2)} s`;
  if (step < 1_000) return `${(t / 1000).toFixed(1)} s`;
  return `${Math.round(t / 1000)} s`;
}

function n(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

/** Where things go: the time span, the plot's x scale, and the strip and axis rows. */
interface Frame {
  width: number;
  left: number;
  right: number;
  plotW: number;
  t0: number;
  t1: number;
  x: (t: number) => number;
  stripY: number;
  stripH: number;
  axisY: number;
}

interface PlacedEvent {
  ev: TimelineEvent;
  short: string;
  ex: number;
  row: number;
  anchorLeft: boolean;
}

function frameOf(timeline: Timeline, events: readonly TimelineEvent[], width: number): Frame {
  const samples = timeline.samples;
  const t0 = Math.min(timeline.startedAt, samples[0]?.sentAt ?? Infinity, events[0]?.at ?? Infinity);
  const t1 = Math.max(timeline.stoppedAt, (samples.at(-1)?.sentAt ?? -Infinity) + timeline.intervalMs, events.at(-1)?.at ?? -Infinity, t0 + 1);
  const left = 56;
  const right = 16;
  const plotW = width - left - right;
  const stripY = 58;
  const stripH = 28;
  return { width, left, right, plotW, t0, t1, x: (t: number) => left + ((t - t0) / (t1 - t0)) * plotW, stripY, stripH, axisY: stripY + stripH + 6 };
}

/** Event labels go on as many rows as needed so they do not overlap; returns them and the row count. */
function placeEvents(events: readonly TimelineEvent[], f: Frame): { placed: PlacedEvent[]; rows: number } {
  const rowEnds: number[] = [];
  const placed = events.map((ev) => {
    const short = ev.label.length > 48 ? `${ev.label.slice(0, 47)}…` : ev.label;
    const ex = f.x(ev.at);
    const textW = short.length * CHAR_PX;
    const anchorLeft = ex + textW + 4 > f.width - f.right;
    const start = anchorLeft ? ex - textW - 3 : ex + 3;
    let row = rowEnds.findIndex((end) => end < start);
    if (row === -1) row = rowEnds.push(0) - 1;
    rowEnds[row] = start + textW + 6;
    return { ev, short, ex, row, anchorLeft };
  });
  return { placed, rows: rowEnds.length };
}

function header(timeline: Timeline, f: Frame, height: number): string[] {
  const windows = outageWindows(timeline);
  const longest = longestOutage(windows);
  const lost = lostCount(timeline);
  // A prober that died says so in the picture too: its silence after death is loss, not an outage of the path alone.
  const died = timeline.died ? ` · PROBER DIED (exit ${describeExit(timeline.died.code)})` : '';
  const summary = `${timeline.samples.length} samples every ${timeline.intervalMs} ms · ${lost} lost · ${windows.length} outage window(s)${longest ? ` · longest ${fmtMs(longest.durationMs)}` : ''}${died}`;
  const title = `${timeline.label}: ${timeline.kind} ${timeline.source} → ${timeline.target}${timeline.port !== undefined ? `:${timeline.port}` : ''}`;
  const { width, left } = f;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="11" data-label="${escapeXml(timeline.label)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${left}" y="18" font-size="13" font-weight="bold" fill="${COLORS.text}">${escapeXml(title)}</text>`,
    `<text x="${left}" y="36" fill="${COLORS.text}">${escapeXml(`${summary} · from ${new Date(f.t0).toISOString()}`)}</text>`,
  ];
}

/** Legend, top right. */
function legend(f: Frame): string[] {
  const entries: [string, string][] = [
    ['ok', COLORS.ok],
    ['lost', COLORS.lost],
    ['inferred lost (probe stalled)', COLORS.inferred],
    ['event', COLORS.event],
  ];
  const out = [`<g class="legend">`];
  let lx = f.width - f.right - entries.reduce((w, [text]) => w + text.length * CHAR_PX + 22, 0);
  for (const [text, color] of entries) {
    out.push(`<rect x="${n(lx)}" y="9" width="10" height="10" fill="${color}"/><text x="${n(lx + 13)}" y="18" fill="${COLORS.text}">${escapeXml(text)}</text>`);
    lx += text.length * CHAR_PX + 22;
  }
  out.push(`</g>`);
  return out;
}

/** Sample strip: runs of consecutive samples in one state. */
function sampleStrip(timeline: Timeline, f: Frame): string[] {
  const { samples, intervalMs: interval } = timeline;
  const { x, stripY, stripH } = f;
  const out = [`<g class="samples">`, `<rect x="${f.left}" y="${stripY}" width="${f.plotW}" height="${stripH}" fill="#f4f4f4"/>`];
  let i = 0;
  while (i < samples.length) {
    const first = samples[i] as (typeof samples)[number];
    const state = first.ok ? 'ok' : first.inferred ? 'inferred' : 'lost';
    let j = i;
    while (j + 1 < samples.length) {
      const s = samples[j + 1] as (typeof samples)[number];
      if ((s.ok ? 'ok' : s.inferred ? 'inferred' : 'lost') !== state) break;
      j++;
    }
    const last = samples[j] as (typeof samples)[number];
    const next = samples[j + 1];
    const x0 = x(first.sentAt);
    const x1 = x(next ? next.sentAt : last.sentAt + interval);
    out.push(
      `<rect class="run ${state}" data-count="${j - i + 1}" x="${n(x0)}" y="${stripY}" width="${n(Math.max(x1 - x0, 1))}" height="${stripH}" fill="${COLORS[state]}"><title>${j - i + 1} ${state} sample(s), seq ${first.seq}–${last.seq}</title></rect>`,
    );
    i = j + 1;
  }
  out.push(`</g>`);
  return out;
}

/** Outage windows: shaded over the strip, with their numbers above it. */
function outages(timeline: Timeline, f: Frame): string[] {
  const { x, stripY, stripH } = f;
  const out = [`<g class="outages">`];
  for (const w of outageWindows(timeline)) {
    const x0 = x(w.startAt);
    const x1 = x(w.startAt + w.durationMs);
    const text = `${w.lostCount} lost, ${fmtMs(w.durationMs)}${w.open ? ' (not recovered)' : ''}`;
    out.push(
      `<rect class="outage" data-lost="${w.lostCount}" data-duration-ms="${Math.round(w.durationMs)}" x="${n(x0)}" y="${stripY - 8}" width="${n(Math.max(x1 - x0, 2))}" height="${stripH + 16}" fill="${COLORS.outage}" fill-opacity="0.18" stroke="${COLORS.outage}" stroke-width="1"><title>${escapeXml(`outage: ${text}, seq ${w.firstLostSeq}–${w.lastLostSeq}`)}</title></rect>`,
    );
    out.push(`<text class="outage-label" x="${n(Math.min(x0, f.width - f.right - text.length * CHAR_PX))}" y="${stripY - 11}" fill="${COLORS.outage}">${escapeXml(text)}</text>`);
  }
  out.push(`</g>`);
  return out;
}

/** Time axis, relative to the start. */
function axis(f: Frame): string[] {
  const { t0, t1, axisY } = f;
  const step = TICK_STEPS_MS.find((s) => (t1 - t0) / s <= 10) ?? TICK_STEPS_MS.at(-1) ?? 1_000;
  const out = [`<g class="axis" stroke="${COLORS.axis}">`, `<line x1="${f.left}" y1="${axisY}" x2="${f.left + f.plotW}" y2="${axisY}"/>`];
  for (let t = 0; t <= t1 - t0; t += step) {
    const tx = f.x(t0 + t);
    out.push(`<line x1="${n(tx)}" y1="${axisY}" x2="${n(tx)}" y2="${axisY + 4}"/>`);
    out.push(`<text x="${n(tx)}" y="${axisY + 15}" text-anchor="middle" stroke="none" fill="${COLORS.axis}">+${fmtTick(t, step)}</text>`);
  }
  out.push(`</g>`);
  return out;
}

/** Event markers: a dashed line through the strip, the label below the axis. */
function eventMarkers(placed: readonly PlacedEvent[], f: Frame, labelsY: number): string[] {
  const out = [`<g class="events">`];
  for (const p of placed) {
    const ly = labelsY + p.row * 14;
    out.push(
      `<g class="event" data-at="${p.ev.at}"><title>${escapeXml(`${new Date(p.ev.at).toISOString()} ${p.ev.label}`)}</title>` +
        `<line x1="${n(p.ex)}" y1="${f.stripY - 10}" x2="${n(p.ex)}" y2="${ly - 3}" stroke="${COLORS.event}" stroke-dasharray="3,2"/>` +
        `<text x="${n(p.anchorLeft ? p.ex - 3 : p.ex + 3)}" y="${ly}" text-anchor="${p.anchorLeft ? 'end' : 'start'}" fill="${COLORS.event}">${escapeXml(p.short)}</text></g>`,
    );
  }
  out.push(`</g>`);
  return out;
}

/** Draws a prober's timeline (its probes, the lost ones and the change's events) as an SVG for scenario reports. */
export function renderTimelineSvg(timeline: Timeline, options: TimelineSvgOptions = {}): string {
  const events = [...(options.events ?? [])].sort((a, b) => a.at - b.at);
  const f = frameOf(timeline, events, options.width ?? 960);
  const { placed, rows } = placeEvents(events, f);
  const labelsY = f.axisY + 30;
  const height = labelsY + Math.max(rows, 1) * 14 + 10;
  const out = [...header(timeline, f, height), ...legend(f), ...sampleStrip(timeline, f), ...outages(timeline, f), ...axis(f), ...eventMarkers(placed, f, labelsY), `</svg>`];
  return `${out.join('\n')}\n`;
}
