// Continuous probers and what their timelines say: no loss, an interruption of about the configured
// cut, a move from one address (or VLAN) to another, no recovery. Every verdict first checks that
// the prober is evidence at all (alive, at its cadence, across the change): see sim/probe/prober-verdict.ts.
import { Given, Then } from '@cucumber/cucumber';
import type { VrackLabWorld } from './world.ts';
import { cutBounds, detachToAttachBounds, judgeInterruption, judgeMove, judgeNoLoss, judgeNotRecovered, stopAll, stopOnly, stopWhere } from './support/probe-verdicts.ts';
import { stepExamples } from './support/step-doc.ts';

const example = stepExamples('probes');

Given('an ICMP prober from {host} to {ip} every {duration}', example('an ICMP prober from bm1 to 10.120.0.1 every 50 ms'), async function (this: VrackLabWorld, host: string, ip: string, intervalMs: number) {
  await this.runProber(`icmp ${host} → ${ip}`, this.requireLab().host(host), { kind: 'icmp', target: ip, intervalMs });
});

Given('an NFS prober from {host} to the EFS at {ip} every {duration}', example('an NFS prober from bm1 to the EFS at 10.120.0.1 every 250 ms'), async function (this: VrackLabWorld, host: string, ip: string, intervalMs: number) {
  // Each probe mounts the share, lists its root and unmounts (NFSv4): the service, not just the address.
  const lab = this.requireLab();
  await this.runProber(`nfs ${host} → ${ip}`, lab.host(host), { kind: 'nfs', target: ip, exportPath: lab.shareOf(ip).exportPath, op: 'read', version: 4, intervalMs });
});

Then('no probe was lost', example('no probe was lost'), async function (this: VrackLabWorld) {
  await judgeNoLoss(this);
});

Then('the prober saw an interruption of about the configured cut', example('the prober saw an interruption of about the configured cut'), async function (this: VrackLabWorld) {
  judgeInterruption(this, await stopOnly(this, true), cutBounds);
});

Then('every prober saw an interruption of about the configured cut', example('every prober saw an interruption of about the configured cut'), async function (this: VrackLabWorld) {
  for (const t of await stopAll(this, true)) judgeInterruption(this, t, cutBounds);
});

Then('the prober saw an interruption from the removal of the endpoint until it was attached again', example('the prober saw an interruption from the removal of the endpoint until it was attached again'), async function (this: VrackLabWorld) {
  // Two changes in a row: the outage spans the data plane's detach … attach, read from the journal.
  const t = await stopOnly(this, true);
  judgeInterruption(this, t, detachToAttachBounds(this, t));
});

Then('the prober saw an interruption that has not recovered', example('the prober saw an interruption that has not recovered'), async function (this: VrackLabWorld) {
  await judgeNotRecovered(this);
});

Then('the service moved from {ip} to {ip}, interrupted for about the configured cut', example('the service moved from 10.120.0.1 to 10.120.0.8, interrupted for about the configured cut'), async function (this: VrackLabWorld, oldIp: string, newIp: string) {
  const after = await stopWhere(this, (key) => key.endsWith(`→ ${newIp}`), `to ${newIp}`, true);
  const before = await stopWhere(this, (key) => key.endsWith(`→ ${oldIp}`), `to ${oldIp}`);
  judgeMove(this, before, after, `from ${oldIp} to ${newIp}`, cutBounds);
});

Then('the service moved from the hosts of {host} to those of {host}, interrupted for about the configured cut', example('the service moved from the hosts of bm1 to those of bm2, interrupted for about the configured cut'), async function (this: VrackLabWorld, oldHost: string, newHost: string) {
  // A VLAN change: the same address, seen first from a host of the old VLAN, then from one of the new.
  const after = await stopWhere(this, (key) => key.startsWith(`icmp ${newHost} →`), `from ${newHost}`, true);
  const before = await stopWhere(this, (key) => key.startsWith(`icmp ${oldHost} →`), `from ${oldHost}`);
  judgeMove(this, before, after, `from ${oldHost}'s VLAN to ${newHost}'s`, cutBounds);
});
