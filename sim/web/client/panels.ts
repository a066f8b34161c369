/// <reference lib="dom" />
// The page's panels below the picture: vRack Services, reachability, probers, exercise.
import type { ExerciseView, LabView, ProberView, ReachabilityView } from '../view-model.ts';
import { h, table } from './dom.ts';

type Json = Record<string, unknown>;

function serviceRangeText(r: Json): string {
  const fields = ['usedIps', 'remainingIps', 'reservedIps'].filter((k) => r[k] !== undefined).map((k) => `${k.replace('Ips', '')} ${String(r[k])}`);
  return `${String(r.cidr)}${fields.length ? ` — ${fields.join(' / ')}` : ''}`;
}

export function renderVrackServices(view: LabView): HTMLElement {
  const out = h('div');
  for (const vrs of view.vrackServices) {
    const id = String(vrs.id);
    const cs = (vrs.currentState ?? {}) as Json;
    const subnets = (cs.subnets ?? []) as Json[];
    const tasks = view.tasks.filter((t) => t.vrackServicesId === id).slice(-10);
    const transitions = view.transitions.filter((t) => t.vrackServicesId === id).slice(-20);
    out.append(
      h('article', { 'data-vrs': id }, h('h3', {}, id),
        table(['resourceStatus', 'productStatus', 'vRack', 'checksum', 'current tasks'], [[String(vrs.resourceStatus), String(cs.productStatus), String(cs.vrackId ?? 'none'), h('code', {}, String(vrs.checksum)), ((vrs.currentTasks ?? []) as Json[]).map((t) => `${String(t.type)} ${String(t.status)}`).join(', ') || 'none']]),
        table(['subnet', 'VLAN', 'service range (IP accounting)', 'endpoints'], subnets.map((sn) => [String(sn.cidr), sn.vlan === null ? 'untagged' : String(sn.vlan), serviceRangeText(sn.serviceRange as Json), ((sn.serviceEndpoints ?? []) as Json[]).flatMap((se) => ((se.endpoints ?? []) as Json[]).map((e) => String(e.ip))).join(', ') || 'none']), 'Current state'),
        h('details', { 'data-key': `spec-${id}` }, h('summary', {}, 'Target spec'), h('pre', {}, JSON.stringify(vrs.targetSpec, null, 2))),
        table(['task', 'type', 'status', 'created', 'started', 'finished'], tasks.map((t) => [String(t.id).slice(0, 8), String(t.type), String(t.status), String(t.createdAt), String(t.startedAt ?? ''), String(t.finishedAt ?? '')]), 'Tasks (newest 10)'),
        table(['at', 'task', 'transition'], transitions.map((t) => [t.at, t.taskId.slice(0, 8), t.name]), 'Task transitions (journal)'),
      ),
    );
  }
  if (view.vrackServices.length === 0) out.append(h('p', {}, 'No vRack Services in this lab.'));
  return out;
}

export function renderReachability(r: ReachabilityView | { id: number; error: string }): HTMLElement {
  if ('error' in r) return h('p', { class: 'error' }, `Reachability run ${r.id} failed: ${r.error}`);
  const total = r.sources.length * r.targets.reduce((n, t) => n + t.kinds.length, 0);
  const cols = r.targets.flatMap((t) => t.kinds.map((k) => ({ t, k })));
  const rows = r.sources.map((from) => [
    h('th', { scope: 'row' }, from),
    ...cols.map(({ t, k }) => {
      const c = r.cells.find((x) => x.from === from && x.to === t.address && x.kind === k);
      if (!c) return h('td', {}, '…');
      const text = c.ok ? `✓ ${c.rttMs?.toFixed(1)} ms` : `✗ ${c.error ?? 'no answer'}`;
      return h('td', { class: c.ok ? 'ok' : 'bad', 'data-from': from, 'data-to': t.address, 'data-kind': k, title: text }, c.ok ? `✓ ${c.rttMs?.toFixed(1)} ms` : '✗', c.ok ? null : h('span', { class: 'sr-detail' }, ` ${c.error ?? ''}`.slice(0, 80)));
    }),
  ]);
  const head = h('tr', {}, h('th', { scope: 'col' }, 'from \\ to'), ...cols.map(({ t, k }) => h('th', { scope: 'col' }, `${t.label} ${t.address} ${k}`)));
  return h('div', {},
    h('p', {}, `Run ${r.id}: ${r.cells.length} of ${total} cells${r.finishedAt ? `, finished ${r.finishedAt}` : ', running…'}`),
    h('table', { class: 'reach' }, h('thead', {}, head), h('tbody', {}, ...rows.map((cells) => h('tr', {}, ...cells)))),
  );
}

export function renderProbers(probers: ProberView[], onStop: (id: string) => void): HTMLElement {
  const out = h('div');
  for (const p of probers) {
    const outages = p.outages.map((o, i) => h('li', { class: 'outage', 'data-outage': i + 1 }, `outage ${i + 1}: ${o.lost} lost, ${(o.durationMs / 1000).toFixed(2)} s${o.open ? ' (still open)' : ''}, from ${new Date(o.startAt).toISOString().slice(11, 23)}`));
    const alt = `Timeline of ${p.label}: ${p.sent} probes, ${p.lost} lost, ${p.outages.length} outage window${p.outages.length === 1 ? '' : 's'}`;
    const stop = h('button', { type: 'button', class: 'secondary', 'data-focus-key': `stop-${p.id}` }, 'Stop');
    stop.addEventListener('click', () => onStop(p.id));
    out.append(
      h('article', { class: 'prober', 'data-prober': p.id, 'data-running': String(p.running) },
        h('h3', {}, `${p.label} every ${p.intervalMs} ms ${p.running ? '(running)' : '(stopped)'}`), p.running ? stop : null,
        h('p', {}, `${p.sent} sent, ${p.lost} lost`),
        // An <img> of the report's SVG: drawn as in the reports, and it cannot run anything.
        h('img', { src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(p.svg)}`, alt }),
        outages.length ? h('ul', { class: 'outages' }, ...outages) : h('p', {}, 'No outage so far.'),
      ),
    );
  }
  return out;
}

export function renderExercise(ex: ExerciseView): HTMLElement {
  const done = ex.steps.filter((x) => x.done).length;
  return h('div', {},
    h('p', {}, `${ex.title} — ${done} of ${ex.steps.length} steps done (${ex.file})`),
    h('ol', { class: 'steps' }, ...ex.steps.map((st) =>
      h('li', { class: `${st.done ? 'done' : ''} ${st.current ? 'current' : ''}`, 'data-step': st.id, 'data-done': String(st.done), 'aria-current': st.current ? 'step' : undefined },
        h('span', { class: 'state' }, st.done ? '✓ done: ' : st.current ? '→ now: ' : 'later: '), st.title,
        st.hint && !st.done ? h('p', { class: 'hint' }, st.hint) : null,
        st.detail ? h('p', { class: 'detail' }, st.detail) : null,
      ))),
  );
}
