// A host's vRack link: pulled for a while, impaired with netem (delay, loss), and its frames'
// 802.1Q tags captured at the bridge port. The probers measure the effect.
import { Then, When } from '@cucumber/cucumber';
import { HarnessError, clearVrackLink, expectTrue, framesOnBridgePort, impairVrackLink, linkDownFor, machineCapabilities, waitFor, type CapturedFrame, type Sample } from '../sim/index.ts';
import type { VrackLabWorld } from './world.ts';
import { judgeInterruption, stopOnly } from './support/probe-verdicts.ts';
import { RECOVERY_TOLERANCE_MS } from './lab.steps.ts';
import { stepExamples } from './support/step-doc.ts';

const example = stepExamples('link');

When('the link of {host} is down for {duration}', example('the link of bm1 is down for 2 seconds', { timeout: 700_000 }), async function (this: VrackLabWorld, host: string, ms: number) {
  this.linkDownMs = ms;
  await linkDownFor(this.requireLab(), host, ms);
});

async function impair(world: VrackLabWorld, host: string, netem: { delayMs?: number; lossPercent?: number }): Promise<void> {
  const lab = world.requireLab();
  await impairVrackLink(lab, host, netem, (await machineCapabilities()).kernel);
  world.cleanup.push(`netem on ${host}`, () => clearVrackLink(lab, host));
}

When("{host}'s vRack link has {int} ms delay", example("bm1's vRack link has 100 ms delay"), async function (this: VrackLabWorld, host: string, delayMs: number) {
  await impair(this, host, { delayMs });
});

When("{host}'s vRack link loses {int} % of packets", example("bm1's vRack link loses 20 % of packets"), async function (this: VrackLabWorld, host: string, lossPercent: number) {
  await impair(this, host, { lossPercent });
});

Then('the prober saw an interruption of about the link-down time', example('the prober saw an interruption of about the link-down time'), async function (this: VrackLabWorld) {
  const down = this.linkDownMs;
  if (down === undefined) throw new HarnessError('NO_LINK_DOWN', 'no link was taken down in this scenario: use `When the link of <host> is down for <duration>` first');
  judgeInterruption(this, await stopOnly(this, true), (t) => ({ minMs: down - t.intervalMs, maxMs: down + RECOVERY_TOLERANCE_MS }));
});

/** The one running prober's first `count` reported samples (bounded wait: `count` intervals and a margin). */
async function firstSamples(world: VrackLabWorld, count: number): Promise<Sample[]> {
  const [key, prober] = [...world.probers.entries()][0] ?? [];
  if (!prober || world.probers.size !== 1) throw new HarnessError('WHICH_PROBER', `this step judges exactly one running prober, ${world.probers.size} run`);
  await waitFor(() => prober.samples().filter((s) => !s.inferred).length >= count, { what: `${count} probes from ${key}`, timeoutMs: count * 1000 + 30_000, intervalMs: 100 });
  const t = await world.finishProber(key!);
  return t.samples.filter((s) => !s.inferred).slice(0, count);
}

Then('over {int} probes every round trip took at least {int} ms', example('over 20 probes every round trip took at least 100 ms', { timeout: 120_000 }), async function (this: VrackLabWorld, count: number, minMs: number) {
  const samples = await firstSamples(this, count);
  const ok = samples.filter((s) => s.ok);
  const rtts = ok.map((s) => s.rttMs ?? 0);
  this.attach(`round trips (ms): ${rtts.join(', ')}`);
  expectTrue('replies among the probes', ok.length >= count / 2, `at least ${count / 2} of ${count}`, `${ok.length}`);
  expectTrue('shortest round trip', Math.min(...rtts) >= minMs, `at least ${minMs} ms`, `${Math.min(...rtts)} ms (all: ${rtts.join(', ')})`);
});

Then('over {int} probes the prober lost {int}–{int} % of them', example('over 200 probes the prober lost 8–35 % of them', { timeout: 180_000 }), async function (this: VrackLabWorld, count: number, low: number, high: number) {
  const samples = await firstSamples(this, count);
  const lost = samples.filter((s) => !s.ok).length;
  const share = (100 * lost) / samples.length;
  this.attach(`lost ${lost} of ${samples.length} probes (${share.toFixed(1)} %)`);
  expectTrue('share of probes lost', share >= low && share <= high, `${low}–${high} %`, `${share.toFixed(1)} % (${lost} of ${samples.length})`);
});

/** Frames `host` sent, captured at its bridge port, attached to the report; none at all fails. */
async function capturedFrames(world: VrackLabWorld, host: string): Promise<{ port: string; frames: CapturedFrame[]; tags: string[] }> {
  const { port, frames } = await framesOnBridgePort(world.requireLab(), host);
  const tags = frames.map((f) => (f.vlan === null ? 'untagged' : `VLAN ${f.vlan}`));
  world.attach(`frames from ${host} on ${port}: ${frames.map((f, i) => `${tags[i]} 0x${f.ethertype.toString(16)}`).join(', ') || 'none'}`);
  if (frames.length === 0) throw new HarnessError('CAPTURE_FAILED', `no frame from ${host} was captured on its bridge port ${port} (tcpdump on the machine, while ${host} pinged)`);
  return { port, frames, tags };
}

Then('a frame from {host} carries VLAN {int} on its vRack bridge port', example('a frame from bm2 carries VLAN 100 on its vRack bridge port', { timeout: 60_000 }), async function (this: VrackLabWorld, host: string, vlan: number) {
  const { port, frames, tags } = await capturedFrames(this, host);
  const mode = this.requireLab().fabric.vlanMode;
  const hint = mode === 'dot1q' ? '' : ` — tags need the dot1q VLAN mode, and this lab runs in ${mode} mode (one plain bridge per VLAN, frames untagged)`;
  expectTrue(`802.1Q tags of ${host}'s frames on ${port}`, frames.every((f) => f.vlan === vlan), `every frame tagged VLAN ${vlan}`, `${tags.join(', ')}${hint}`);
});

Then('a frame from {host} carries no VLAN tag on its vRack bridge port', example('a frame from bm1 carries no VLAN tag on its vRack bridge port', { timeout: 60_000 }), async function (this: VrackLabWorld, host: string) {
  const { port, frames, tags } = await capturedFrames(this, host);
  expectTrue(`802.1Q tags of ${host}'s frames on ${port}`, frames.every((f) => f.vlan === null), 'every frame untagged', tags.join(', '));
});
