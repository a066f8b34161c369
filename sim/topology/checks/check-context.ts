/**
 * What the per-section checkers of a lab file share: the issue list, the profile's limits and
 * regions, and the registers later sections look names and addresses up in (vRacks, host names,
 * networks with the addresses already taken, managed-service regions). The sections run in
 * document order (semantic-check.ts), so a register is complete when a later section reads it.
 */
import { didYouMean } from '../did-you-mean.ts';
import { HOST_NAME_PATTERN } from '../../fabric/names.ts';
import { containsIp, formatIp, parseHostAddress, type Cidr } from '../../core/ipv4.ts';
import { formatPath, type DocPath, type LabIssue } from '../lab-issue.ts';
import type { ApiProfile, LabFile } from '../lab-file.ts';
import type { ResolvedLimits } from '../model.ts';
import { defaultLimits, regionsFor } from '../profiles.ts';
import { PUBLIC } from '../defaults.ts';

export interface NetInfo {
  name: string;
  cidr: Cidr;
  vrack: string | null;
  vlan: number | null;
  /** ip → who holds it */
  used: Map<number, string>;
}

export interface CheckContext {
  lab: LabFile;
  issues: LabIssue[];
  profile: ApiProfile;
  limits: ResolvedLimits;
  regions: readonly string[];
  vracks: string[];
  /** Private networks by name, and the public network under PUBLIC once checkPublicNetwork ran. */
  nets: Map<string, NetInfo>;
  /** storageNetApp name → region, filled by checkManagedServices. */
  efsRegion: Map<string, string>;
  add(path: DocPath, message: string): void;
  refVrack(id: string, path: DocPath, owner: string): boolean;
  /** Hosts, nodes, pods, managed services and the public gateway share one namespace. */
  claimName(name: string, path: DocPath): void;
  /** A name the loader generates must still be a host name the fabric accepts. */
  checkGenerated(name: string, path: DocPath, from: string): void;
  /** Checks `text` is a usable, free address of `net` and takes it; undefined when it is not. */
  claimIp(net: NetInfo, text: string, path: DocPath, owner: string): number | undefined;
  refNet(name: string, path: DocPath, owner: string, allowPublic: boolean): NetInfo | undefined;
}

export function createCheckContext(lab: LabFile): CheckContext {
  const issues: LabIssue[] = [];
  const add = (path: DocPath, message: string): void => void issues.push({ path, message });
  const profile = lab.api?.profile ?? '2024-04';
  const vracks: string[] = [];
  const nets = new Map<string, NetInfo>();
  const hostNames = new Map<string, string>();
  // One issue per rule site, however many generated names break it.
  const generatedTooLong = new Set<string>();
  return {
    lab,
    issues,
    profile,
    limits: { ...defaultLimits(profile), ...(lab.api?.limits ?? {}) },
    regions: regionsFor(profile),
    vracks,
    nets,
    efsRegion: new Map(),
    add,
    refVrack(id, path, owner) {
      if (vracks.includes(id)) return true;
      add(path, `unknown vRack ${JSON.stringify(id)} in ${owner}: not declared in vracks${didYouMean(id, vracks)} (valid: ${vracks.join(', ') || 'none declared'})`);
      return false;
    },
    claimName(name, path) {
      const prev = hostNames.get(name);
      if (prev !== undefined) {
        add(path, `duplicate name ${JSON.stringify(name)}: already used by ${prev} (hosts, nodes, pods, managed services and the public gateway share one namespace)`);
      } else hostNames.set(name, formatPath(path));
    },
    checkGenerated(name, path, from) {
      // Refused here, before anything is built, instead of mid-build.
      const site = formatPath(path);
      if (HOST_NAME_PATTERN.test(name) || generatedTooLong.has(site)) return;
      generatedTooLong.add(site);
      add(path, `invalid generated host name ${JSON.stringify(name)} (${name.length} characters): host names are at most 40 lowercase letters, digits and dashes; shorten ${from}`);
    },
    claimIp: (net, text, path, owner) => claimIp(add, net, text, path, owner),
    refNet(name, path, owner, allowPublic) {
      const n = nets.get(name);
      if (n && (allowPublic || name !== PUBLIC)) return n;
      const valid = [...nets.keys()].filter((x) => allowPublic || x !== PUBLIC);
      add(path, `unknown network ${JSON.stringify(name)} in ${owner}: no private network has that name${didYouMean(name, valid)} (valid: ${valid.join(', ')})`);
      return undefined;
    },
  };
}

function claimIp(add: CheckContext['add'], net: NetInfo, text: string, path: DocPath, owner: string): number | undefined {
  const parsed = parseHostAddress(text);
  if (!parsed) return undefined;
  const { ip, prefix } = parsed;
  const cidrText = `${formatIp(net.cidr.network)}/${net.cidr.prefix}`;
  if (prefix !== undefined && prefix !== net.cidr.prefix) {
    add(path, `invalid address ${text} of ${owner}: prefix /${prefix} differs from network ${JSON.stringify(net.name)} (${cidrText}); write ${formatIp(ip)} or ${formatIp(ip)}/${net.cidr.prefix}`);
    return undefined;
  }
  if (!containsIp(net.cidr, ip)) {
    add(path, `invalid address ${formatIp(ip)} of ${owner}: outside network ${JSON.stringify(net.name)} (${cidrText})`);
    return undefined;
  }
  if (net.cidr.prefix < 31 && (ip === net.cidr.network || ip === net.cidr.last)) {
    const which = ip === net.cidr.network ? 'network' : 'broadcast';
    add(path, `invalid address ${formatIp(ip)} of ${owner}: it is the ${which} address of ${JSON.stringify(net.name)} (usable: ${formatIp(net.cidr.network + 1)} to ${formatIp(net.cidr.last - 1)})`);
    return undefined;
  }
  const prev = net.used.get(ip);
  if (prev !== undefined) {
    add(path, `duplicate address ${formatIp(ip)} on network ${JSON.stringify(net.name)}: ${owner} and ${prev} both use it (one address per host on a network)`);
    return undefined;
  }
  net.used.set(ip, owner);
  return ip;
}
