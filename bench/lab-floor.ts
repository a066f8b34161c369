/**
 * The floor of a reference lab: the same containers or namespaces, bridges, veths, addresses,
 * routes and a bare nfs-ganesha start (rpcbind, one export, listening on 2049), done with raw
 * commands, every host in parallel. No API, no records, no validation, no checks: the least the
 * machine can do for the same result. bench/cli.bench.ts puts `vracklab up`/`down` next to it.
 * Standalone: node bench/lab-floor.ts LAB DRIVER   (prints up and down in ms)
 */
import { mkdir, rm } from 'node:fs/promises';
import { realExec } from '../sim/core/exec.ts';
import { newRunId } from '../sim/core/run-id.ts';
import { gc } from '../sim/fabric/fabric.ts';
import { bridgeName, containerName, netnsName, vethName } from '../sim/fabric/names.ts';
import { takeLease } from '../sim/fabric/run-lease.ts';
import { getRecipe } from '../sim/fabric/images/registry.ts';
import { ensureImage } from '../sim/fabric/images/image-build.ts';
import { hostSetupLines } from '../sim/topology/host-routes.ts';
import { loadLab } from '../sim/topology/load.ts';
import type { ResolvedHost, ResolvedLab } from '../sim/topology/model.ts';

const FLOOR_DATA = '/var/tmp/vracklab-floor';

export type FloorDriver = 'docker' | 'netns';

export interface FloorLab {
  runId: string;
  driver: FloorDriver;
  upMs: number;
  down(): Promise<number>;
}

const ms = (t0: number) => Math.round(performance.now() - t0);
const batch = (args: string[], lines: string[]) => (lines.length === 0 ? Promise.resolve() : realExec(args[0]!, [...args.slice(1), '-batch', '-'], { input: lines.join('\n') + '\n' }).then(() => undefined));

/** A bare ganesha: NFSv3+4 without NLM/RQUOTA, graceless, one export; rpcbind in a private /run. */
function ganeshaConfig(exportDir: string): string {
  return [
    'NFS_CORE_PARAM { Protocols = 3, 4; Enable_NLM = false; Enable_RQUOTA = false; }',
    'NFSV4 { Graceless = true; }',
    `EXPORT { Export_Id = 1; Path = "${exportDir}"; Pseudo = "/share1"; Protocols = 3, 4; Access_Type = RW; Squash = No_Root_Squash; FSAL { Name = VFS; } }`,
  ].join('\n');
}

const GANESHA_SCRIPT = [
  'mount -t tmpfs floor-run /run && mkdir -p /run/rpcbind /run/ganesha',
  'rpcbind -f </dev/null >/dev/null 2>&1 &',
  'while [ ! -S /run/rpcbind.sock ]; do sleep 0.01; done',
  'ganesha.nfsd -f "$1/ganesha.conf" -L "$1/ganesha.log" -p "$1/ganesha.pid" -N NIV_EVENT',
  'while ! ss -Hltn "sport = :2049" | grep -q .; do sleep 0.01; done',
].join('\n');

function enter(driver: FloorDriver, runId: string, host: string, pid: number): string[] {
  return driver === 'docker' ? ['nsenter', '-t', String(pid), '-n', '-m', '-u', '-i', '-p', '-r', '-w'] : ['ip', 'netns', 'exec', netnsName(runId, host)];
}

export async function floorUp(lab: ResolvedLab, driver: FloorDriver): Promise<FloorLab> {
  const runId = newRunId();
  takeLease(runId); // a gc run by someone else on this machine spares it
  const realHosts = lab.hosts.filter((h) => !h.pod?.hostNetwork);
  const tags = new Map<string, string>();
  if (driver === 'docker') for (const h of realHosts) if (!tags.has(h.image)) tags.set(h.image, await ensureImage(getRecipe(h.image)));
  // Not under /run: the bare ganesha mounts a private /run over it.
  const dataDir = `${FLOOR_DATA}/${runId}`;
  const bridges = new Map(lab.segments.map((s, i) => [s.key, bridgeName(runId, i)]));
  const nodesWithPods = new Set(realHosts.filter((h) => h.pod).map((h) => h.pod!.node));
  const pids = new Map<string, number>();
  let veth = 0;

  const t0 = performance.now();
  await mkdir(dataDir, { recursive: true });
  const bridgesUp = batch(['ip'], [...bridges.values()].flatMap((b) => [`link add ${b} type bridge`, `link set ${b} up`]));
  const firewall = driver === 'docker' ? bridgesUp.then(() => Promise.all([...bridges.values()].map((b) => realExec('iptables', ['-I', 'DOCKER-USER', '-i', b, '-o', b, '-j', 'ACCEPT', '-m', 'comment', '--comment', `vracklab.run-id=${runId}`])))) : Promise.resolve();
  const startHost = async (h: ResolvedHost): Promise<number> => {
    const efs = lab.storageNetApp.find((s) => s.host === h.name);
    const exportDir = `${dataDir}/${h.name}`;
    if (efs) await mkdir(`${exportDir}/share1`, { recursive: true });
    if (driver === 'docker') {
      const caps = ['NET_ADMIN', 'NET_RAW', ...h.capAdd].flatMap((c) => ['--cap-add', c]);
      const sysctls = Object.entries(h.sysctls).flatMap(([k, v]) => ['--sysctl', `${k}=${v}`]);
      const volume = efs ? ['--volume', `${exportDir}:${exportDir}`] : [];
      const id = (await realExec('docker', ['run', '-d', '--pull', 'never', '--network', 'none', ...caps, ...sysctls, ...volume, '--label', `vracklab.run-id=${runId}`, '--name', containerName(runId, h.name), tags.get(h.image)!])).stdout.trim();
      return Number((await realExec('docker', ['inspect', '--format', '{{.State.Pid}}', id])).stdout.trim());
    }
    const ns = netnsName(runId, h.name);
    const sysctls = Object.entries(h.sysctls).map(([k, v]) => `sysctl -q -w ${k}=${v}; `).join('');
    await realExec('ip', ['netns', 'add', ns]);
    return Number((await realExec('ip', ['netns', 'exec', ns, 'sh', '-c', `ip link set lo up; ${sysctls}setsid sleep infinity </dev/null >/dev/null 2>&1 & echo $!`])).stdout.trim());
  };
  const plumbHost = async (h: ResolvedHost): Promise<void> => {
    const pid = pids.get(h.name)!;
    const machine = h.nics.flatMap((nic) => {
      const end = vethName(runId, veth++);
      return [`link add ${end} type veth peer name ${nic.ifname} netns ${pid}`, `link set dev ${end} master ${bridges.get(nic.segment)} up`];
    });
    await batch(['ip'], machine);
    const inside = h.nics.flatMap((nic) => [`addr add ${nic.address} dev ${nic.ifname}`, `link set dev ${nic.ifname} up`]);
    // A node's pod bridge exists before its pods plug into it (nodes are plumbed first).
    if (nodesWithPods.has(h.name)) inside.push('link add cni0 type bridge');
    if (h.pod && !h.pod.hostNetwork && h.pod.address && h.pod.nodeIfname) {
      const node = pids.get(h.pod.node)!;
      await batch(['ip'], [`link add eth0 netns ${pid} type veth peer name ${h.pod.nodeIfname} netns ${node}`]);
      inside.push(`addr add ${h.pod.address} dev eth0`, 'link set dev eth0 up');
      await batch(['nsenter', '-t', String(node), '-n', 'ip'], [`link set dev ${h.pod.nodeIfname} master cni0 up`]);
    }
    await batch(['nsenter', '-t', String(pid), '-n', 'ip'], [...inside, ...hostSetupLines(h, { hasPods: nodesWithPods.has(h.name) })]);
    if (h.firewall.trim()) await realExec('nsenter', ['-t', String(pid), '-n', 'nft', '-f', '-'], { input: h.firewall });
    if (lab.storageNetApp.some((s) => s.host === h.name)) {
      const dir = `${dataDir}/${h.name}`;
      await realExec(enter(driver, runId, h.name, pid)[0]!, [...enter(driver, runId, h.name, pid).slice(1), 'sh', '-c', `cat > "$1/ganesha.conf"`, 'floor', dir], { input: ganeshaConfig(`${dir}/share1`) });
      await realExec(enter(driver, runId, h.name, pid)[0]!, [...enter(driver, runId, h.name, pid).slice(1), 'unshare', '-m', '--propagation', 'private', 'sh', '-c', GANESHA_SCRIPT, 'floor', dir], { timeoutMs: 30_000 });
    }
  };
  // Hosts start in parallel; a pod is plumbed once its node is there (nodes first, then pods).
  try {
    await Promise.all(realHosts.map(async (h) => pids.set(h.name, await startHost(h))));
    await bridgesUp;
    await Promise.all([firewall, ...realHosts.filter((h) => !h.pod).map(plumbHost)]);
    await Promise.all(realHosts.filter((h) => h.pod).map(plumbHost));
  } catch (err) {
    await floorGc(runId);
    throw err;
  }
  const upMs = ms(t0);

  return {
    runId,
    driver,
    upMs,
    async down() {
      const t1 = performance.now();
      if (driver === 'docker') {
        await realExec('docker', ['rm', '-f', ...realHosts.map((h) => containerName(runId, h.name))]);
      } else {
        const names = realHosts.map((h) => netnsName(runId, h.name));
        const listed = await realExec('ip', ['-force', '-batch', '-'], { input: names.map((n) => `netns pids ${n}`).join('\n') + '\n', allowFailure: true });
        for (const pid of listed.stdout.split(/\s+/).filter(Boolean)) process.kill(Number(pid), 'SIGKILL');
        await batch(['ip', '-force'], names.map((n) => `netns del ${n}`));
      }
      await batch(['ip', '-force'], [...bridges.values()].map((b) => `link del ${b}`));
      if (driver === 'docker') await Promise.all([...bridges.values()].map((b) => realExec('iptables', ['-D', 'DOCKER-USER', '-i', b, '-o', b, '-j', 'ACCEPT', '-m', 'comment', '--comment', `vracklab.run-id=${runId}`], { allowFailure: true })));
      await realExec('umount', ['-R', dataDir], { allowFailure: true });
      await rm(dataDir, { recursive: true, force: true });
      return ms(t1);
    },
  };
}

/** Whatever a failed floor left, by run id only (other labs run on this machine). */
export async function floorGc(runId: string): Promise<void> {
  await gc({ runId }).catch(() => undefined);
  await rm(`${FLOOR_DATA}/${runId}`, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [labName, driver] = process.argv.slice(2) as [string, FloorDriver];
  const lab = await loadLab(`topologies/${labName}.lab.yml`);
  const floor = await floorUp(lab, driver);
  const downMs = await floor.down().finally(() => floorGc(floor.runId));
  console.log(JSON.stringify({ lab: labName, driver, upMs: floor.upMs, downMs }));
}
