// Continuous probers and what their timelines say: no loss, a bounded interruption, no recovery.
import { Given, Then } from '@cucumber/cucumber';
import { HarnessError, expectTrue, outageWindows, startProber, type Timeline } from '../sim/index.ts';
import type { VrackLabWorld } from './world.ts';

Given('an ICMP prober from {host} to {ip} every {duration}', async function (this: VrackLabWorld, host: string, ip: string, intervalMs: number) {
  const label = `icmp ${host} → ${ip}`;
  const prober = await startProber(this.requireLab().host(host), { kind: 'icmp', target: ip, intervalMs, label });
  this.probers.set(label, prober);
  await prober.ready(10_000);
  this.cleanup.push(`prober ${label}`, async () => void (this.probers.has(label) ? await prober.stop() : undefined));
});

/** Stops every running prober (keeping its timeline for the report) and returns the single one. */
async function stopProber(world: VrackLabWorld): Promise<Timeline> {
  for (const [label, prober] of world.probers) {
    world.timelines.push({ label, timeline: await prober.stop() });
    world.probers.delete(label);
  }
  const last = world.timelines.at(-1);
  if (!last) throw new HarnessError('NO_PROBER', 'no prober ran in this scenario: start one with `Given an ICMP prober from <host> to <ip> every <n> ms`');
  return last.timeline;
}

function describe(t: Timeline): string {
  const windows = outageWindows(t);
  const lost = t.samples.filter((s) => !s.ok).length;
  const list = windows.map((w) => `${w.lostCount} lost over ${w.durationMs} ms${w.open ? " (not recovered)" : ""}`).join('; ');
  return `${t.samples.length} probes, ${lost} lost${list ? `: ${list}` : ''}`;
}

Then('no probe was lost', async function (this: VrackLabWorld) {
  const t = await stopProber(this);
  const lost = t.samples.filter((s) => !s.ok).length;
  expectTrue(`probes lost by ${t.label}`, lost === 0 && t.samples.length > 0, 'none lost (and some sent)', describe(t));
});

Then('the prober saw an interruption of at most {duration}', async function (this: VrackLabWorld, maxMs: number) {
  const t = await stopProber(this);
  const windows = outageWindows(t);
  expectTrue(`interruption seen by ${t.label}`, windows.length > 0, 'at least one outage window', describe(t));
  const longest = Math.max(...windows.map((w) => w.durationMs));
  expectTrue(`longest interruption seen by ${t.label}`, longest <= maxMs && windows.every((w) => !w.open), `recovered, at most ${maxMs} ms`, describe(t));
});

Then('the prober saw an interruption that has not recovered', async function (this: VrackLabWorld) {
  const t = await stopProber(this);
  const windows = outageWindows(t);
  expectTrue(`interruption seen by ${t.label}`, windows.length > 0 && windows.at(-1)!.open, 'an outage still open at the end', describe(t));
});
