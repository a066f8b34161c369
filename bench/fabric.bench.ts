/**
 * Up and down time of generated fabrics (N hosts, one NIC each, on one vRack VLAN), compared in the
 * same run with the floor: the least the machine can do for the same result (plain `ip netns add`
 * + `ip -batch` plumbing; plain parallel `docker run` + `ip -batch` plumbing). The ratio is the
 * price of the fabric's bookkeeping, validation, firewall rules and reaping.
 * Each case also reports memory per host (the kernel memory the machine gained while the fabric
 * stood, and the keepers' PSS); the 200- and 1,000-host netns cases are set against issue 14's bounds.
 * Usage: node bench/fabric.bench.ts [--only netns|docker] [--hosts 10,50,200,1000]   → bench/results/fabric.json
 * (`--only`/`--hosts` print results without writing the file: a partial run must not replace a full one.)
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { realExec } from '../sim/core/exec.ts';
import { newRunId } from '../sim/core/run-id.ts';
import { createFabric, gc } from '../sim/fabric/fabric.ts';
import { machineCapabilities } from '../sim/fabric/capabilities.ts';
import { ensureImage } from '../sim/fabric/images/image-build.ts';
import { takeLease } from '../sim/fabric/run-lease.ts';
import { hostRecipe } from '../sim/fabric/images/recipes/host.ts';

/** How many hosts the fabric builds at once: what a lab engine would reasonably use on 2 cores. */
const CONCURRENCY = 8;

async function pool<T>(items: readonly T[], limit: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) await work(items[i] as T, i);
  });
  await Promise.all(runners);
}

const usedRunIds: string[] = [];
/** Floors hold a lease too, so a global gc run by someone else on this machine spares them. */
const runIdFor = (): string => {
  const id = newRunId();
  usedRunIds.push(id);
  takeLease(id);
  return id;
};
const ms = (t0: number) => Math.round(performance.now() - t0);
const addr = (i: number) => `10.${100 + Math.floor(i / 250)}.${i % 250}.1/8`;

/**
 * CPU this process and the commands it ran have used, in ms (user + system, the commands' kernel
 * work included). On a loaded machine wall time stretches; this does not, or much less.
 */
async function cpuMs(): Promise<number> {
  const stat = await readFile('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  const own = process.cpuUsage();
  return (own.user + own.system) / 1000 + ((f[13] ?? 0) + (f[14] ?? 0)) * 10;
}

/** Kernel memory in KiB (slab, stacks, page tables, per-CPU): where namespaces, links and keepers' kernel side live. */
async function kernelKiB(): Promise<number> {
  const info = await readFile('/proc/meminfo', 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(info)?.[1] ?? 0);
  return field('Slab') + field('KernelStack') + field('PageTables') + field('Percpu');
}

/** Proportional resident memory of one process in KiB (shared pages split between their users; 0 when gone). */
async function pssKiB(pid: number): Promise<number> {
  const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
  return Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
}

interface MemoryPerHost {
  /** Kernel memory the machine gained while the fabric stood, per host (machine-wide: noisy when others work). */
  kernelKiB: number;
  /** The keeper's proportional resident memory, mean per host (netns: `sleep`; docker: the container's init). */
  keeperPssKiB: number;
}

async function fabricCase(driver: 'docker' | 'netns', n: number): Promise<{ upMs: number; downMs: number; memoryPerHost: MemoryPerHost; upCpuMs: number }> {
  const runId = runIdFor();
  const kernelBefore = await kernelKiB();
  const cpu0 = await cpuMs();
  const t0 = performance.now();
  const fabric = await createFabric({ runId, labName: 'bench', driver });
  try {
    const names = Array.from({ length: n }, (_, i) => `h${i}`);
    await pool(names, CONCURRENCY, async (name, i) => {
      await fabric.addHost({ name, image: 'host' });
      await fabric.attachNic(name, { kind: 'vrack', vrackId: 'pn-bench', vlan: 100 }, { ifname: 'eth1', addresses: [addr(i)] });
    });
  } catch (err) {
    await fabric.destroy();
    throw err;
  }
  const upMs = ms(t0);
  const upCpuMs = Math.round((await cpuMs()) - cpu0);
  const kernelGained = (await kernelKiB()) - kernelBefore;
  const pss = await Promise.all(fabric.records().map((r) => pssKiB(r.pid)));
  const memoryPerHost = { kernelKiB: Math.round(kernelGained / n), keeperPssKiB: Math.round(pss.reduce((a, b) => a + b, 0) / n) };
  const t1 = performance.now();
  await fabric.destroy();
  return { upMs, downMs: ms(t1), memoryPerHost, upCpuMs };
}

async function netnsFloor(n: number): Promise<{ upMs: number; downMs: number; upCpuMs?: number }> {
  const runId = runIdFor();
  const br = `vl${runId}fb`;
  const ns = (i: number) => `vl${runId}-f${i}`;
  const cpu0 = await cpuMs();
  const t0 = performance.now();
  const machine = [`link add ${br} type bridge`, `link set ${br} up`];
  for (let i = 0; i < n; i++) machine.push(`netns add ${ns(i)}`, `link add vl${runId}f${i} type veth peer name eth1 netns ${ns(i)}`, `link set vl${runId}f${i} master ${br} up`);
  await realExec('ip', ['-batch', '-'], { input: machine.join('\n') + '\n' });
  await pool(
    Array.from({ length: n }, (_, i) => i),
    CONCURRENCY,
    async (i) => {
      // `nsenter --net`, not `ip -n`: ip -n also unshares the mount namespace, which copies every
      // /run/netns mount and grows with the fabric (10.6 s for 1,000 hosts): the floor is the cheapest way.
      await realExec('nsenter', [`--net=/run/netns/${ns(i)}`, 'ip', '-batch', '-'], { input: `addr add ${addr(i)} dev eth1\nlink set eth1 up\nlink set lo up\n` });
    },
  );
  const upMs = ms(t0);
  const upCpuMs = Math.round((await cpuMs()) - cpu0);
  const t1 = performance.now();
  const down = [...Array.from({ length: n }, (_, i) => `netns del ${ns(i)}`), `link del ${br}`];
  await realExec('ip', ['-batch', '-'], { input: down.join('\n') + '\n' });
  return { upMs, downMs: ms(t1), upCpuMs };
}

async function dockerFloor(n: number, tag: string): Promise<{ upMs: number; downMs: number; upCpuMs?: number }> {
  const runId = runIdFor();
  const br = `vl${runId}fb`;
  const t0 = performance.now();
  const ids = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      realExec('docker', ['run', '-d', '--network', 'none', '--cap-add', 'NET_ADMIN', '--label', `vracklab.run-id=${runId}`, '--name', `vl-${runId}-f${i}`, tag]).then((r) => r.stdout.trim()),
    ),
  );
  const pids = (await realExec('docker', ['inspect', '--format', '{{.State.Pid}}', ...ids])).stdout.split('\n').map(Number);
  const machine = [`link add ${br} type bridge`, `link set ${br} up`];
  pids.forEach((pid, i) => machine.push(`link add vl${runId}f${i} type veth peer name eth1 netns ${pid}`, `link set vl${runId}f${i} master ${br} up`));
  await realExec('ip', ['-batch', '-'], { input: machine.join('\n') + '\n' });
  await pool(pids, CONCURRENCY, async (pid, i) => {
    await realExec('nsenter', ['-t', String(pid), '-n', 'ip', '-batch', '-'], { input: `addr add ${addr(i)} dev eth1\nlink set eth1 up\n` });
  });
  const upMs = ms(t0);
  const t1 = performance.now();
  await realExec('docker', ['rm', '-f', ...ids]);
  await realExec('ip', ['link', 'del', br], { allowFailure: true });
  return { upMs, downMs: ms(t1) };
}

const argAfter = (flag: string): string | undefined => {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const only = argAfter('--only');
const hostsArg = argAfter('--hosts')?.split(',').map(Number);
const partial = only !== undefined || hostsArg !== undefined;
const startLoadavg1m = (await import('node:os')).loadavg()[0];
const caps = await machineCapabilities();
const wanted = (d: string, hosts: number) => (only === undefined || only === d) && (hostsArg === undefined || hostsArg.includes(hosts));
const cases: { driver: 'docker' | 'netns'; hosts: number }[] = [
  ...[10, 50, 200, 1000].map((hosts) => ({ driver: 'netns' as const, hosts })),
  ...(caps.docker ? [10, 30].map((hosts) => ({ driver: 'docker' as const, hosts })) : []),
].filter((c) => wanted(c.driver, c.hosts));
if (!caps.docker) console.warn('[skip] docker cases: no reachable Docker engine');
const tag = caps.docker ? await ensureImage(hostRecipe) : '';

const results = [];
try {
  for (const c of cases) {
    const floor = c.driver === 'netns' ? await netnsFloor(c.hosts) : await dockerFloor(c.hosts, tag);
    const fab = await fabricCase(c.driver, c.hosts);
    const row = {
      driver: c.driver,
      hosts: c.hosts,
      fabricUpMs: fab.upMs,
      fabricDownMs: fab.downMs,
      floorUpMs: floor.upMs,
      floorDownMs: floor.downMs,
      upRatio: Number((fab.upMs / floor.upMs).toFixed(2)),
      downRatio: Number((fab.downMs / floor.downMs).toFixed(2)),
      fabricUpMsPerHost: Number((fab.upMs / c.hosts).toFixed(1)),
      memoryPerHost: fab.memoryPerHost,
      // CPU (this process + its commands) to bring the hosts up; docker's own work is not counted.
      fabricUpCpuMs: fab.upCpuMs,
      floorUpCpuMs: floor.upCpuMs ?? null,
    };
    results.push(row);
    console.log(JSON.stringify(row));
  }
} finally {
  // Whatever a failed case left, by run id only: other labs may be running on this machine.
  for (const runId of usedRunIds) await gc({ runId }).catch(() => undefined);
}

/** Per-command latency of LabHost.exec (nsenter) against `docker exec`, on one container: why nsenter. */
async function execLatency(): Promise<{ nsenterMs: number; dockerExecMs: number; netnsExecMs: number; samples: number }> {
  const samples = 20;
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const time = async (f: () => Promise<unknown>) => {
    const xs: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t = performance.now();
      await f();
      xs.push(performance.now() - t);
    }
    return Number(median(xs).toFixed(1));
  };
  const d = await createFabric({ runId: runIdFor(), labName: 'bench', driver: 'docker' });
  const n = await createFabric({ runId: runIdFor(), labName: 'bench', driver: 'netns' });
  try {
    const host = await d.addHost({ name: 'x', image: 'host' });
    const nhost = await n.addHost({ name: 'x', image: 'host' });
    const id = d.records()[0]?.containerId as string;
    return {
      nsenterMs: await time(() => host.exec(['true'])),
      dockerExecMs: await time(() => realExec('docker', ['exec', id, 'true'])),
      netnsExecMs: await time(() => nhost.exec(['true'])),
      samples,
    };
  } finally {
    await d.destroy();
    await n.destroy();
  }
}
const latency = caps.docker && !partial ? await execLatency() : null;
if (latency) console.log(JSON.stringify({ execLatencyMedian: latency }));

/** The bounds for a 1,000-host netns lab (issue 14): reported, not asserted (a bench is not a test). */
const big = results.find((r) => r.driver === 'netns' && r.hosts === 1000);
const n200 = results.find((r) => r.driver === 'netns' && r.hosts === 200);
const targets = {
  netns200UpRatio: n200 ? { measured: n200.upRatio, bound: 2, met: n200.upRatio <= 2 } : null,
  netns1000UpMs: big ? { measured: big.fabricUpMs, bound: 10_000, met: big.fabricUpMs <= 10_000 } : null,
  netns1000DownMs: big ? { measured: big.fabricDownMs, bound: 3_000, met: big.fabricDownMs <= 3_000 } : null,
};
console.log(JSON.stringify({ targets }));
if (partial) {
  console.log('partial run (--only/--hosts): bench/results/fabric.json left as it was');
  process.exit(0);
}
await mkdir('bench/results', { recursive: true });
const out = { bench: 'fabric', date: new Date().toISOString(), machine: { cpus: (await import('node:os')).cpus().length, loadavg1m: (await import('node:os')).loadavg()[0], startLoadavg1m, kernelVlanMode: caps.vlanMode, docker: caps.docker?.version ?? null }, concurrency: CONCURRENCY, results, targets, execLatencyMedian: latency };
await writeFile('bench/results/fabric.json', JSON.stringify(out, null, 2) + '\n');
console.log('wrote bench/results/fabric.json');
