// Continuous probers and what their timelines say: no loss, a bounded interruption, no recovery.
import { Given, Then } from '@cucumber/cucumber';
import { HarnessError, expectTrue, outageWindows, type Timeline } from '../sim/index.ts';
import type { VrackLabWorld } from './world.ts';

Given('an ICMP prober from {host} to {ip} every {duration}', async function (this: VrackLabWorld, host: string, ip: string, intervalMs: number) {
  await this.runProber(`icmp ${host} → ${ip}`, this.requireLab().host(host), { kind: 'icmp', target: ip, intervalMs });
});

Given('an NFS prober from {host} to the EFS at {ip} every {duration}', async function (this: VrackLabWorld, host: string, ip: string, intervalMs: number) {
  // Each probe mounts the share, lists its root and unmounts (NFSv4): the service, not just the address.
  const lab = this.requireLab();
  await this.runProber(`nfs ${host} → ${ip}`, lab.host(host), { kind: 'nfs', target: ip, exportPath: lab.shareOf(ip).exportPath, op: 'read', version: 4, intervalMs });
});

/** Stops every running prober (keeping its timeline for the report) and returns the last one. */
async function stopProber(world: VrackLabWorld): Promise<Timeline> {
  for (const label of [...world.probers.keys()]) await world.finishProber(label);
  const last = world.timelines.at(-1);
  if (!last) throw new HarnessError('NO_PROBER', 'no prober ran in this scenario: start one with `Given an ICMP prober from <host> to <ip> every <n> ms`');
  return last.timeline;
}

/** Stops the prober aimed at `ip` (keeping its timeline) and returns that timeline. */
async function stopProberTo(world: VrackLabWorld, ip: string): Promise<Timeline> {
  const label = [...world.probers.keys()].find((l) => l.endsWith(`→ ${ip}`));
  if (!label) throw new HarnessError('NO_PROBER', `no prober to ${ip} runs in this scenario (probers: ${[...world.probers.keys()].join(', ') || 'none'})`);
  return world.finishProber(label);
}

function describe(t: Timeline): string {
  const windows = outageWindows(t);
  const lost = t.samples.filter((s) => !s.ok).length;
  const list = windows.map((w) => `${w.lostCount} lost over ${Math.round(w.durationMs)} ms${w.open ? " (not recovered)" : ""}`).join('; ');
  return `${t.samples.length} probes, ${lost} lost${list ? `: ${list}` : ''}`;
}

Then('no probe was lost', async function (this: VrackLabWorld) {
  const t = await stopProber(this);
  const lost = t.samples.filter((s) => !s.ok).length;
  expectTrue(`probes lost by ${t.label} (${t.kind} ${t.source} → ${t.target})`, lost === 0 && t.samples.length > 0, 'none lost (and some sent)', describe(t));
});

Then('the prober saw an interruption of at most {duration}', async function (this: VrackLabWorld, maxMs: number) {
  // The task is DONE before the path is: ARP and the first reply take a moment more. Wait (bounded)
  // for the prober to see the target again instead of judging an outage that is still closing.
  for (const prober of this.probers.values()) await prober.awaitRecovery(maxMs);
  const t = await stopProber(this);
  const windows = outageWindows(t);
  expectTrue(`interruption seen by ${t.label} (${t.kind} ${t.source} → ${t.target})`, windows.length > 0, 'at least one outage window', describe(t));
  const longest = Math.max(...windows.map((w) => w.durationMs));
  expectTrue(`longest interruption seen by ${t.label} (${t.kind} ${t.source} → ${t.target})`, longest <= maxMs && windows.every((w) => !w.open), `recovered, at most ${maxMs} ms`, describe(t));
});

Then('the prober saw an interruption that has not recovered', async function (this: VrackLabWorld) {
  const t = await stopProber(this);
  const windows = outageWindows(t);
  expectTrue(`interruption seen by ${t.label} (${t.kind} ${t.source} → ${t.target})`, windows.length > 0 && windows.at(-1)!.open, 'an outage still open at the end', describe(t));
});

Then('the service moved from {ip} to {ip} with an interruption of at most {duration}', async function (this: VrackLabWorld, oldIp: string, newIp: string, maxMs: number) {
  // The interruption of a move: from the last reply at the old address to the first at the new one.
  const toNew = [...this.probers].find(([label]) => label.endsWith(`→ ${newIp}`))?.[1];
  if (toNew) await toNew.awaitRecovery(maxMs);
  const before = await stopProberTo(this, oldIp);
  const after = await stopProberTo(this, newIp);
  const lastOld = before.samples.filter((s) => s.ok).at(-1);
  const firstNew = after.samples.find((s) => s.ok && (!lastOld || s.sentAt > lastOld.sentAt));
  expectTrue(`replies from ${oldIp} before the move`, lastOld !== undefined, 'at least one', describe(before));
  expectTrue(`replies from ${newIp} after the move`, firstNew !== undefined, 'at least one', describe(after));
  const gap = firstNew!.sentAt - lastOld!.sentAt;
  expectTrue(`interruption while moving from ${oldIp} to ${newIp}`, gap <= maxMs, `at most ${maxMs} ms`, `${gap} ms (old: ${describe(before)}; new: ${describe(after)})`);
  this.attach(`moved ${oldIp} → ${newIp}: last reply at old ${new Date(lastOld!.sentAt).toISOString()}, first at new ${new Date(firstNew!.sentAt).toISOString()}, interruption ${gap} ms`);
});
