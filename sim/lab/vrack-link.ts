/**
 * A host's vRack link as scenarios act on it: pulled out for a while (its bridge port loses
 * carrier: works on every kernel), impaired with netem (delay, loss: needs sch_netem, probed, and
 * refused naming the missing capability when absent), and captured (which VLAN tag its frames carry).
 */
import { HarnessError, invalidInput } from '../core/errors.ts';
import { realExec } from '../core/exec.ts';
import type { Exec } from '../core/exec.ts';
import type { KernelCapabilities } from '../fabric/capabilities.ts';
import { captureFramesFrom, type CapturedFrame } from '../probe/vlan-capture.ts';
import type { RunningLab } from './running-lab.ts';
import { labHost } from './lab-addresses.ts';

/** The host's first NIC on a vRack (not the public network): what "its vRack link" means. */
export function vrackNicOf(lab: RunningLab, hostName: string): { ifname: string; ip: string; address: string } {
  const host = labHost(lab.model, hostName);
  const nic = host.nics.find((n) => lab.model.segments.find((s) => s.key === n.segment)?.kind === 'vrack');
  if (!nic) throw new HarnessError('NO_VRACK_NIC', `host ${hostName} has no NIC on a vRack (NICs: ${host.nics.map((n) => `${n.ifname} on ${n.network}`).join(', ') || 'none'})`);
  return nic;
}

/** Pulls the host's vRack link for `ms` (carrier off at its bridge port), then plugs it back, whatever happens. */
export async function linkDownFor(lab: RunningLab, hostName: string, ms: number): Promise<void> {
  if (!Number.isFinite(ms) || ms <= 0 || ms > 600_000) throw invalidInput('link-down duration (ms)', ms, 'more than 0, at most 600000 (10 minutes)');
  const { ifname } = vrackNicOf(lab, hostName);
  await lab.fabric.setNicCarrier(hostName, ifname, false);
  try {
    // The duration is the action itself (a cable out for 2 s), not a wait for something to happen.
    await new Promise((resolve) => setTimeout(resolve, ms));
  } finally {
    await lab.fabric.setNicCarrier(hostName, ifname, true);
  }
}

export interface Netem {
  delayMs?: number;
  lossPercent?: number;
}

/** `tc … netem` arguments; numbers checked here, where they enter a command. */
export function netemArgs(n: Netem): string[] {
  const args: string[] = [];
  if (n.delayMs !== undefined) {
    if (!Number.isInteger(n.delayMs) || n.delayMs < 1 || n.delayMs > 10_000) throw invalidInput('netem delay (ms)', n.delayMs, 'an integer 1–10000');
    args.push('delay', `${n.delayMs}ms`);
  }
  if (n.lossPercent !== undefined) {
    if (!Number.isFinite(n.lossPercent) || n.lossPercent <= 0 || n.lossPercent > 100) throw invalidInput('netem loss (%)', n.lossPercent, 'more than 0, at most 100');
    args.push('loss', `${n.lossPercent}%`);
  }
  if (args.length === 0) throw invalidInput('netem impairment', JSON.stringify(n), 'a delay or a loss');
  return args;
}

/**
 * Impairs what the host sends on its vRack NIC (a netem root qdisc inside the host; replaces an
 * earlier one). Refused, naming the capability, on a kernel without netem: not skipped.
 */
export async function impairVrackLink(lab: RunningLab, hostName: string, n: Netem, kernel: KernelCapabilities): Promise<void> {
  const args = netemArgs(n);
  if (!kernel.netem)
    throw new HarnessError('CAPABILITY_MISSING', `netem impairments need the kernel's sch_netem (tc qdisc netem), which this kernel lacks (probed in a scratch namespace): run this scenario on a kernel with netem, e.g. the VM layer (scripts/dot1q-vm.ts)`, {
      details: { missing: ['netem'] },
    });
  const { ifname } = vrackNicOf(lab, hostName);
  await lab.host(hostName).exec(['tc', 'qdisc', 'replace', 'dev', ifname, 'root', 'netem', ...args]);
}

/** Takes the impairment off again (idempotent). */
export async function clearVrackLink(lab: RunningLab, hostName: string): Promise<void> {
  const { ifname } = vrackNicOf(lab, hostName);
  await lab.host(hostName).exec(['tc', 'qdisc', 'del', 'dev', ifname, 'root'], { allowFailure: true });
}

/**
 * Frames the host sends, captured at its bridge port (the trunk in dot1q mode), while it pings the
 * first address of its subnet (a reply is not needed: the request or its ARP is the frame).
 */
export async function framesOnBridgePort(lab: RunningLab, hostName: string, exec: Exec = realExec): Promise<{ port: string; frames: CapturedFrame[] }> {
  const nic = vrackNicOf(lab, hostName);
  const host = lab.host(hostName);
  const link = await host.exec(['ip', '-j', 'link', 'show', 'dev', nic.ifname]);
  const mac = (JSON.parse(link.stdout) as { address?: string }[])[0]?.address;
  if (!mac) throw new HarnessError('CAPTURE_FAILED', `no MAC on ${hostName}'s ${nic.ifname}: ${link.stdout}`);
  const port = lab.fabric.machineEnd(hostName, nic.ifname);
  const [a, b, c] = nic.ip.split('.');
  const target = `${a}.${b}.${c}.${nic.ip.endsWith('.1') ? 2 : 1}`;
  const frames = await captureFramesFrom(exec, port, mac, (signal) => host.exec(['ping', '-n', '-c', '60', '-i', '0.2', '-W', '1', target], { allowFailure: true, signal }));
  return { port, frames };
}
