/**
 * dockerd sets FORWARD's policy to DROP and net.bridge.bridge-nf-call-iptables=1, so IPv4 bridged
 * through OUR bridges is dropped (ARP passes, which looks like a routing bug). We never touch the
 * global sysctl or policy: each lab bridge gets its own `-i BR -o BR -j ACCEPT` rule in DOCKER-USER
 * (FORWARD when dockerd is absent), commented with the run id so teardown and gc find it.
 */
import type { Exec } from '../core/exec.ts';
import { ruleComment } from './names.ts';

export const RULE_CHAINS = ['DOCKER-USER', 'FORWARD'] as const;

/** The chain our accept rules go to: DOCKER-USER when dockerd made one, else FORWARD; null without iptables. */
export async function acceptChain(exec: Exec): Promise<string | null> {
  const r = await exec('iptables', ['-w', '-S', 'DOCKER-USER'], { allowFailure: true }).catch(() => null);
  if (r && r.exitCode === 0) return 'DOCKER-USER';
  const f = await exec('iptables', ['-w', '-S', 'FORWARD'], { allowFailure: true }).catch(() => null);
  return f && f.exitCode === 0 ? 'FORWARD' : null;
}

export function acceptRuleArgs(chain: string, bridge: string, runId: string): string[] {
  return [chain, '-i', bridge, '-o', bridge, '-m', 'comment', '--comment', ruleComment(runId), '-j', 'ACCEPT'];
}

/** Inserted first: DOCKER-USER ends in RETURN and FORWARD in docker's own jumps. */
export async function allowBridge(exec: Exec, chain: string, bridge: string, runId: string): Promise<void> {
  await exec('iptables', ['-w', '-I', ...acceptRuleArgs(chain, bridge, runId)]);
}

export interface FoundRule {
  chain: string;
  runId: string;
  /** The rule's spec as `iptables -S` prints it, without `-A`: what `iptables -D` takes. */
  spec: string[];
}

/** Our rules in `iptables -S CHAIN` output (the comment has no spaces, so iptables prints it unquoted). */
export function parseRules(chain: string, listing: string): FoundRule[] {
  const found: FoundRule[] = [];
  for (const line of listing.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words[0] !== '-A' || words[1] !== chain) continue;
    const i = words.indexOf('--comment');
    const m = i >= 0 ? /^"?vracklab\.run-id=([a-z0-9]{6})"?$/.exec(words[i + 1] ?? '') : null;
    if (!m) continue;
    found.push({ chain, runId: m[1] as string, spec: words.slice(1).map((w) => w.replace(/^"(.*)"$/, '$1')) });
  }
  return found;
}

export async function listRules(exec: Exec): Promise<FoundRule[]> {
  const all: FoundRule[] = [];
  for (const chain of RULE_CHAINS) {
    const r = await exec('iptables', ['-w', '-S', chain], { allowFailure: true }).catch(() => null);
    if (r && r.exitCode === 0) all.push(...parseRules(chain, r.stdout));
  }
  return all;
}

/** Deleting by spec, not by number: other labs insert rules concurrently and numbers shift. */
export async function deleteRule(exec: Exec, rule: FoundRule): Promise<void> {
  await exec('iptables', ['-w', '-D', ...rule.spec], { allowFailure: true });
}
