// Continuous probers and what their timelines say: no loss, an interruption of about the configured
// cut, a move from one address (or VLAN) to another, no recovery. Every verdict first checks that
// the prober is evidence at all (alive, at its cadence, across the change): see sim/probe/prober-verdict.ts.
import { Given, Then } from '@cucumber/cucumber';
import { HarnessError, expectTrue, outageWindows, proberProblems, type Timeline } from '../sim/index.ts';
import type { VrackLabWorld } from './world.ts';
import { RECOVERY_TOLERANCE_MS, SCENARIO_TIMINGS } from './lab.steps.ts';
import { changeWindow, cutBounds, judgeInterruption, judgeMove, requireEvidence, stopAll, stopOnly, stopWhere } from './support/probe-verdicts.ts';

Given('an ICMP prober from {host} to {ip} every {duration}', async function (this: VrackLabWorld, host: string, ip: string, intervalMs: number) {
  await this.runProber(`icmp ${host} → ${ip}`, this.requireLab().host(host), { kind: 'icmp', target: ip, intervalMs });
});

Given('an NFS prober from {host} to the EFS at {ip} every {duration}', async function (this: VrackLabWorld, host: string, ip: string, intervalMs: number) {
  // Each probe mounts the share, lists its root and unmounts (NFSv4): the service, not just the address.
  const lab = this.requireLab();
  await this.runProber(`nfs ${host} → ${ip}`, lab.host(host), { kind: 'nfs', target: ip, exportPath: lab.shareOf(ip).exportPath, op: 'read', version: 4, intervalMs });
});

Then('no probe was lost', async function (this: VrackLabWorld) {
  // Every prober of the scenario, over the whole change window, silence included.
  const timelines = await stopAll(this);
  const window = changeWindow(this, timelines);
  for (const t of timelines) {
    requireEvidence(this, t, window);
    const lost = t.samples.filter((s) => !s.ok).length;
    expectTrue(`probes lost by ${t.label} (${t.kind} ${t.source} → ${t.target})`, lost === 0, 'none lost', describe(t));
  }
});

Then('the prober saw an interruption of about the configured cut', async function (this: VrackLabWorld) {
  judgeInterruption(this, await stopOnly(this, true), cutBounds);
});

Then('every prober saw an interruption of about the configured cut', async function (this: VrackLabWorld) {
  for (const t of await stopAll(this, true)) judgeInterruption(this, t, cutBounds);
});

Then('the prober saw an interruption from the removal of the endpoint until it was attached again', async function (this: VrackLabWorld) {
  // Two changes in a row: the outage spans the data plane's detach … attach, read from the journal.
  const t = await stopOnly(this, true);
  judgeInterruption(this, t, detachToAttachBounds(this, t));
});

Then('the prober saw an interruption that has not recovered', async function (this: VrackLabWorld) {
  const t = await stopOnly(this);
  requireEvidence(this, t, changeWindow(this, [t]));
  // Seen, not inferred: the last probe the prober itself reported was lost (silence alone is no proof).
  const lastReported = t.samples.filter((s) => !s.inferred).at(-1);
  const windows = outageWindows(t);
  const open = windows.length > 0 && windows.at(-1)!.open && lastReported?.ok === false;
  expectTrue(`interruption seen by ${t.label} (${t.kind} ${t.source} → ${t.target})`, open, 'an outage still open at the end', describe(t));
});

Then('the service moved from {ip} to {ip}, interrupted for about the configured cut', async function (this: VrackLabWorld, oldIp: string, newIp: string) {
  const after = await stopWhere(this, (key) => key.endsWith(`→ ${newIp}`), `to ${newIp}`, true);
  const before = await stopWhere(this, (key) => key.endsWith(`→ ${oldIp}`), `to ${oldIp}`);
  judgeMove(this, before, after, `from ${oldIp} to ${newIp}`, cutBounds);
});

Then('the service moved from the hosts of {host} to those of {host}, interrupted for about the configured cut', async function (this: VrackLabWorld, oldHost: string, newHost: string) {
  // A VLAN change: the same address, seen first from a host of the old VLAN, then from one of the new.
  const after = await stopWhere(this, (key) => key.startsWith(`icmp ${newHost} →`), `from ${newHost}`, true);
  const before = await stopWhere(this, (key) => key.startsWith(`icmp ${oldHost} →`), `from ${oldHost}`);
  judgeMove(this, before, after, `from ${oldHost}'s VLAN to ${newHost}'s`, cutBounds);
});

function describe(t: Timeline): string {
  return `${proberProblems(t).join('; ') || 'prober healthy'}; ${summary(t)}`;
}

function summary(t: Timeline): string {
  const windows = outageWindows(t);
  const lost = t.samples.filter((s) => !s.ok).length;
  return `${t.samples.length} probes, ${lost} lost${windows.length ? `: ${windows.map((w) => `${w.lostCount} lost over ${Math.round(w.durationMs)} ms${w.open ? ' (not recovered)' : ''}`).join('; ')}` : ''}`;
}

/** Bounds of an outage spanning the journal's last detach … the attach after it. */
function detachToAttachBounds(world: VrackLabWorld, t: Timeline): { minMs: number; maxMs: number } {
  const events = world.requireLab().simulator.journal.list({ kind: 'dataplane' }).filter((e) => Date.parse(e.at) >= t.startedAt);
  const detach = events.findLast((e) => e.name === 'detach');
  const attach = detach && events.find((e) => e.name === 'attach' && e.seq > detach.seq);
  if (!detach || !attach) throw new HarnessError('NO_DATAPLANE_EVENTS', `the journal shows no detach followed by an attach while ${t.label} ran (events: ${events.map((e) => e.name).join(', ') || 'none'})`);
  const end = (e: typeof detach) => Date.parse(e.at);
  const start = (e: typeof detach) => end(e) - Number(e.data.ms ?? 0);
  return {
    minMs: Math.max(SCENARIO_TIMINGS.disruptiveCutMs! - t.intervalMs, start(attach) - end(detach) - t.intervalMs),
    maxMs: end(attach) - start(detach) + RECOVERY_TOLERANCE_MS,
  };
}
