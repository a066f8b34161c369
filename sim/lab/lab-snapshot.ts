/**
 * What a lab is, as a scenario could have changed it: per host its links (up/down, MAC, MTU,
 * master), addresses, routes (every table, both families), permanent neighbours, the sysctls the
 * lab sets, the nft ruleset and its processes; the files of its EFS exports; which hosts exist; and the
 * simulator's state, knobs and journal listeners. A reused lab is proven clean by comparing a
 * snapshot taken after its reset with the one taken right after its fresh build (lab-reset.ts).
 *
 * Dynamic neighbour entries are not compared: they come and go with traffic. Both snapshots flush
 * them first (IP_BATCH), so a stale MAC never survives a reset either.
 * Interface indexes and address lifetimes are left out: they differ between equal states.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../core/errors.ts';
import { realExec, type Exec } from '../core/exec.ts';
import type { SimulatorCheckpoint } from '../api/simulator.ts';

/** One host's network state, normalised: equal states give equal JSON. */
export interface HostSnapshot {
  links: string[];
  addresses: string[];
  routes: string[];
  neighbours: string[];
  sysctls: Record<string, string>;
  nft: string;
  /** Processes in the host, by name with their count (lab-processes.ts). */
  processes: string[];
}

export interface LabSnapshot {
  hosts: Record<string, HostSnapshot>;
  /** Relative path → sha256 of every file under the lab's EFS export roots. */
  exports: Record<string, string>;
  simulator: SimulatorCheckpoint;
  journalListeners: number;
  /** Endpoint NICs the data plane holds: `ip → ifname`. */
  endpointNics: Record<string, string>;
}

/** sysctl names reach a path: only dotted lowercase words (as in lab files). */
const SYSCTL_NAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/;
/**
 * What one `ip -j -batch` prints, one JSON array per command: the dynamic neighbours are flushed
 * first (no output), then the views the proof compares (`address` carries the links too).
 */
const IP_BATCH = ['neigh flush all', 'address show', 'route show table all', 'neigh show nud permanent'].join('\n') + '\n';

type Json = Record<string, unknown>;

function parseJsonLines(text: string, what: string, host: string): Json[] {
  // ip prints each command's JSON on one line.
  try {
    return text
      .split('\n')
      .filter((t) => t.trim() !== '')
      .flatMap((a) => JSON.parse(a) as Json[]);
  } catch (err) {
    throw new HarnessError('SNAPSHOT_FAILED', `cannot read the ${what} of host ${host}: ip printed no JSON (${(err as Error).message})`, { cause: err });
  }
}

const pick = (o: Json, keys: string[]) => keys.filter((k) => o[k] !== undefined && o[k] !== null).map((k) => `${k}=${JSON.stringify(o[k])}`).join(' ');

/**
 * The kernel's local route of an IPv6 link-local address appears only once the address passed
 * duplicate address detection (~1–2 s after its link came up): a snapshot right after a build may
 * come before it. It follows from the address, which is compared, so it is left out.
 */
function isLinkLocalHostRoute(r: Json): boolean {
  return r.type === 'local' && r.protocol === 'kernel' && typeof r.dst === 'string' && r.dst.startsWith('fe80:');
}

export function normaliseHost(parts: string[], host: string): HostSnapshot {
  const [addrs = '', routes = '', neigh = '', nft = '', sysctls = ''] = parts;
  const linkList = parseJsonLines(addrs, 'links', host).map((l) => {
    const up = (l.flags as string[] | undefined)?.includes('UP') ? 'up' : 'down';
    return `${String(l.ifname)} ${up} ${pick(l, ['address', 'mtu', 'master', 'link_type'])}`;
  });
  const addresses = parseJsonLines(addrs, 'addresses', host).flatMap((l) =>
    ((l.addr_info as Json[] | undefined) ?? []).map((a) => `${String(l.ifname)} ${String(a.family)} ${String(a.local)}/${String(a.prefixlen)}`),
  );
  const routeList = parseJsonLines(routes, 'routes', host)
    .filter((r) => !isLinkLocalHostRoute(r))
    .map((r) => pick(r, ['type', 'dst', 'gateway', 'dev', 'table', 'protocol', 'scope', 'prefsrc', 'metric', 'flags']));
  const neighbours = parseJsonLines(neigh, 'neighbours', host).map((n) => pick(n, ['dst', 'dev', 'lladdr', 'state']));
  const sysctlMap = Object.fromEntries(
    sysctls
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).replace('/proc/sys/', '').replaceAll('/', '.'), l.slice(l.indexOf(':') + 1)]),
  );
  return { links: linkList.sort(), addresses: addresses.sort(), routes: routeList.sort(), neighbours: neighbours.sort(), sysctls: sysctlMap, nft: nft.trim(), processes: [] };
}

/**
 * IPv6 routes of every table from /proc/PID/net/ipv6_route (no process to start): destination,
 * source, next hop, metric, flags and device; the use and reference counters are left out. The
 * /128 routes of link-local addresses are left out (they follow DAD, see isLinkLocalHostRoute).
 */
export function ipv6Routes(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length === 10 && !(f[0]!.startsWith('fe80') && f[1] === '80'))
    .map(([dst, dstLen, src, srcLen, via, metric, , , flags, dev]) => `inet6 ${dst}/${dstLen} from ${src}/${srcLen} via ${via} metric ${metric} flags ${flags} dev ${dev}`);
}

/** Between the views of one host, and between hosts, in the output of HOSTS_SCRIPT. */
const SECTION = '@@vracklab-section@@';

/**
 * One shell for every host of a lab (a process per view would cost more than the views: a reset's
 * proof runs this before each reused scenario). Each argument is `PID` or `PID:SYSCTL_PATH,…`; per
 * host the machine's own ip and nft enter only its network namespace (both drivers, no container
 * filesystem): the ip batch (neighbour flush first), the ruleset, the sysctls.
 */
const HOSTS_SCRIPT = `
for arg in "$@"; do
  pid=\${arg%%:*}; paths=\${arg#*:}
  printf '%s' "$BATCH" | nsenter -t "$pid" -n ip -j -batch -
  echo ${SECTION}
  nsenter -t "$pid" -n nft list ruleset
  echo ${SECTION}
  if [ "$paths" != "$arg" ]; then nsenter -t "$pid" -n grep -H . $(echo "$paths" | tr , ' '); fi
  echo ${SECTION}
done`;

/** Every host's state in one command; IPv6 routes come from /proc (no process). */
export async function snapshotHosts(hosts: readonly { name: string; pid: number; sysctls: readonly string[] }[], exec: Exec = realExec): Promise<Record<string, HostSnapshot>> {
  const args = hosts.map((h) => {
    for (const name of h.sysctls) if (!SYSCTL_NAME.test(name)) throw new HarnessError('BAD_MODEL', `sysctl "${name}" of host ${h.name} is not a dotted sysctl name`);
    if (!Number.isInteger(h.pid) || h.pid <= 0) throw new HarnessError('BAD_MODEL', `host ${h.name} has no process to enter (pid ${h.pid})`);
    return h.sysctls.length === 0 ? String(h.pid) : `${h.pid}:${h.sysctls.map((n) => `/proc/sys/${n.replaceAll('.', '/')}`).join(',')}`;
  });
  const [r, ...v6] = await Promise.all([
    exec('sh', ['-c', HOSTS_SCRIPT, 'snapshot', ...args], { timeoutMs: 30_000, env: { BATCH: IP_BATCH } }),
    ...hosts.map((h) => readFile(`/proc/${h.pid}/net/ipv6_route`, 'utf8')),
  ]);
  const sections = r.stdout.split(SECTION).map((p) => p.replace(/^\n/, ''));
  const out: Record<string, HostSnapshot> = {};
  hosts.forEach((h, i) => {
    const [batch = '', nft = '', sysctls = ''] = sections.slice(i * 3, i * 3 + 3);
    const lines = batch.split('\n').filter((l) => l.trim() !== '');
    if (lines.length !== 3) throw new HarnessError('SNAPSHOT_FAILED', `cannot read the state of host ${h.name}: ip printed ${lines.length} views, expected 3 (${r.stderr.trim() || 'no error output'})`);
    const snapshot = normaliseHost([lines[0]!, lines[1]!, lines[2]!, nft, sysctls], h.name);
    snapshot.routes = [...snapshot.routes, ...ipv6Routes(v6[i]!)].sort();
    out[h.name] = snapshot;
  });
  return out;
}

/** Every file under the export roots, by path relative to `root`, with its content's hash. */
export async function snapshotFiles(root: string, dirs: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out[path.slice(root.length + 1)] = entry.isFile() ? createHash('sha256').update(await readFile(path)).digest('hex') : 'not a regular file';
    }
  };
  for (const d of dirs) await walk(join(root, d));
  return out;
}

function diffRecord(what: string, before: Record<string, string>, after: Record<string, string>): string[] {
  const out: string[] = [];
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (before[k] === after[k]) continue;
    out.push(before[k] === undefined ? `${what} ${k}: added` : after[k] === undefined ? `${what} ${k}: gone` : `${what} ${k}: ${before[k]} → ${after[k]}`);
  }
  return out;
}

function diffList(what: string, before: readonly string[], after: readonly string[]): string[] {
  const b = new Set(before);
  const a = new Set(after);
  return [...after.filter((x) => !b.has(x)).map((x) => `${what} added: ${x}`), ...before.filter((x) => !a.has(x)).map((x) => `${what} gone: ${x}`)];
}

/** The differences between a fresh lab's snapshot and a reset one's, one line each (none: clean). */
export function diffSnapshots(fresh: LabSnapshot, now: LabSnapshot): string[] {
  const out: string[] = [];
  for (const name of new Set([...Object.keys(fresh.hosts), ...Object.keys(now.hosts)])) {
    const b = fresh.hosts[name];
    const a = now.hosts[name];
    if (!b || !a) {
      out.push(`host ${name}: ${b ? 'gone' : 'added'}`);
      continue;
    }
    out.push(
      ...diffList(`${name} link`, b.links, a.links),
      ...diffList(`${name} address`, b.addresses, a.addresses),
      ...diffList(`${name} route`, b.routes, a.routes),
      ...diffList(`${name} permanent neighbour`, b.neighbours, a.neighbours),
      ...diffRecord(`${name} sysctl`, b.sysctls, a.sysctls),
      ...(b.nft === a.nft ? [] : [`${name} nft ruleset differs`]),
      ...diffList(`${name} process`, b.processes, a.processes),
    );
  }
  out.push(...diffRecord('export file', fresh.exports, now.exports));
  out.push(...diffRecord('endpoint NIC', fresh.endpointNics, now.endpointNics));
  if (JSON.stringify(fresh.simulator) !== JSON.stringify(now.simulator)) out.push('simulator state, timings or limits differ from the fresh build');
  if (fresh.journalListeners !== now.journalListeners) out.push(`journal listeners: ${fresh.journalListeners} → ${now.journalListeners}`);
  return out;
}
