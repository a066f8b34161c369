/**
 * Evaluates one exercise check against a running lab: the API's current state and the fabric
 * (endpoint), a one-shot probe (probe), a host's routing decision (route), the journal (journal).
 * Each returns whether it holds and, in words, what it saw — the page shows that under the step.
 * A probe that could not run is never a pass, for `refused` as for `ok`.
 */
import { describeError } from '../../core/errors.ts';
import type { JournalEvent } from '../../api/event-journal.ts';
import { icmpProbe, nfsProbe } from '../../probe/one-shot.ts';
import { routeVia } from '../../scenario/net-inspect.ts';
import type { RunningLab } from '../../lab/running-lab.ts';
import type { EndpointView } from '../view-model.ts';
import type { ExerciseCheck } from './exercise-file.ts';

export interface CheckContext {
  lab: RunningLab;
  endpoints: readonly EndpointView[];
  /** Journal events since the step became current. */
  eventsSince: readonly JournalEvent[];
}

export interface CheckOutcome {
  ok: boolean;
  detail: string;
}

const vlanText = (v: number | null | undefined) => (v === null || v === undefined ? 'untagged' : `VLAN ${v}`);

function endpointCheck(c: { ip: string; vlan?: number | null }, ctx: CheckContext): CheckOutcome {
  const e = ctx.endpoints.find((x) => x.ip === c.ip);
  if (!e) return { ok: false, detail: `no Service Endpoint at ${c.ip} yet (endpoints: ${ctx.endpoints.map((x) => x.ip).join(', ') || 'none'})` };
  if (c.vlan !== undefined && e.vlan !== c.vlan) return { ok: false, detail: `endpoint ${c.ip} is on ${vlanText(e.vlan)}, not ${vlanText(c.vlan)}` };
  if (!e.attached) return { ok: false, detail: `endpoint ${c.ip} is in the API but its NIC is not up in the fabric (yet)` };
  return { ok: true, detail: `endpoint ${c.ip} up on ${vlanText(e.vlan)} (${e.segment ?? 'no vRack'})` };
}

async function probeCheck(c: { from: string; to: string; kind: 'icmp' | 'nfs'; expect: 'ok' | 'refused' }, ctx: CheckContext): Promise<CheckOutcome> {
  try {
    const host = ctx.lab.host(c.from);
    const r = c.kind === 'icmp' ? await icmpProbe(host, c.to, { timeoutMs: 1_000 }) : await nfsProbe(host, c.to, ctx.lab.shareOf(c.to).exportPath, { op: 'read', version: 4, timeoutMs: 3_000 });
    const seen = r.ok ? `${c.kind} ${c.from} → ${c.to} answered in ${r.rttMs?.toFixed(1)} ms` : `${c.kind} ${c.from} → ${c.to} refused: ${r.error ?? 'no answer'}`;
    return { ok: r.ok === (c.expect === 'ok'), detail: seen };
  } catch (err) {
    return { ok: false, detail: `${c.kind} ${c.from} → ${c.to} could not be checked: ${describeError(err)}` };
  }
}

async function routeCheck(c: { host: string; to: string; via: string }, ctx: CheckContext): Promise<CheckOutcome> {
  try {
    const r = await routeVia(ctx.lab.host(c.host), c.to);
    return { ok: r.via === c.via, detail: `${c.host}: ${r.raw || 'no route'}` };
  } catch (err) {
    return { ok: false, detail: `${c.host}: ip route get ${c.to} could not run: ${describeError(err)}` };
  }
}

function journalCheck(c: { kind: string; name: string }, ctx: CheckContext): CheckOutcome {
  const hit = ctx.eventsSince.find((e) => e.kind === c.kind && e.name === c.name);
  return hit ? { ok: true, detail: `${c.kind} ${c.name} at ${hit.at}` } : { ok: false, detail: `waiting for ${c.kind} ${c.name}` };
}

export async function evaluateCheck(check: ExerciseCheck, ctx: CheckContext): Promise<CheckOutcome> {
  if ('endpoint' in check) return endpointCheck(check.endpoint, ctx);
  if ('probe' in check) return probeCheck(check.probe, ctx);
  if ('route' in check) return routeCheck(check.route, ctx);
  if ('journal' in check) return journalCheck(check.journal, ctx);
  const outcomes: CheckOutcome[] = [];
  for (const c of check.all) outcomes.push(await evaluateCheck(c, ctx));
  return { ok: outcomes.every((o) => o.ok), detail: outcomes.map((o) => `${o.ok ? '✓' : '✗'} ${o.detail}`).join('; ') };
}
