/**
 * NAT for gateways (the tutorial's SNAT) and Kubernetes nodes (pod masquerade), rendered both as
 * an nft script, which the engine loads with `nft -f -`, and as the iptables lines the OVHcloud
 * tutorial prints, so either tool can apply the same intent.
 */

export interface SnatRule {
  /** Interface the traffic leaves by. */
  oifname: string;
  /** Traffic to this CIDR is not translated (the tutorial's `! -d`). */
  notDestination?: string;
  toSource: string;
}

export interface NatPlan {
  firewall: string;
  iptables: string[];
}

const TABLE = 'vracklab_nat';

function script(lines: string[]): string {
  if (lines.length === 0) return '';
  return [
    `table ip ${TABLE} {`,
    '  chain postrouting {',
    '    type nat hook postrouting priority srcnat; policy accept;',
    ...lines.map((l) => `    ${l}`),
    '  }',
    '}',
    '',
  ].join('\n');
}

export function snatPlan(rules: readonly SnatRule[]): NatPlan {
  return {
    firewall: script(rules.map((r) => `oifname "${r.oifname}"${r.notDestination ? ` ip daddr != ${r.notDestination}` : ''} snat to ${r.toSource}`)),
    iptables: rules.map((r) => `iptables -t nat -A POSTROUTING${r.notDestination ? ` ! -d ${r.notDestination}` : ''} -o ${r.oifname} -j SNAT --to-source ${r.toSource}`),
  };
}

/** A node masquerades its pods' traffic leaving by any interface but the pod bridge. */
export function podMasqueradePlan(podCidr: string, bridge: string): NatPlan {
  return {
    firewall: script([`ip saddr ${podCidr} ip daddr != ${podCidr} oifname != "${bridge}" masquerade`]),
    iptables: [`iptables -t nat -A POSTROUTING -s ${podCidr} ! -d ${podCidr} ! -o ${bridge} -j MASQUERADE`],
  };
}
