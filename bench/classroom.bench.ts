/**
 * A classroom on one machine (issue 14): N vrack-services labs (docker driver, the real lab runner:
 * API simulator, web UI, EFS with nfs-ganesha), each in its own process as `vracklab up` runs it,
 * all started at once. Reports the time to bring all of them up, memory and CPU per lab (RSS of the
 * lab process and of every process in its hosts; CPU spent bringing it up), the idle CPU of a
 * running lab over a quiet window (target ≈ 0: nothing may poll while nobody works), the time to
 * tear all down, and what each run left behind (must be nothing).
 * Usage: node bench/classroom.bench.ts [--labs 20] [--idle-seconds 10]   → bench/results/classroom.json
 * (`--labs`/`--idle-seconds` print results without writing the file: a partial run must not replace a full one.)
 * Heavy (20 labs ≈ 140 containers): run it when the machine is quiet.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { loadavg, cpus, totalmem } from 'node:os';
import { realExec } from '../sim/core/exec.ts';
import { LABEL_RUN_ID } from '../sim/core/run-id.ts';
import { gc } from '../sim/fabric/fabric.ts';
import { runLinks } from '../sim/fabric/gc.ts';
import { listRules } from '../sim/fabric/firewall.ts';
import { runDataMounts } from '../sim/lab/run-data.ts';

const argAfter = (flag: string): string | undefined => {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const LABS = Number(argAfter('--labs') ?? 20);
const IDLE_S = Number(argAfter('--idle-seconds') ?? 10);
const partial = argAfter('--labs') !== undefined || argAfter('--idle-seconds') !== undefined;
const FILE = 'topologies/vrack-services.lab.yml';
const TICK_MS = 1000 / 100; // USER_HZ: /proc/PID/stat counts CPU in 1/100 s

interface Lab {
  child: ChildProcess;
  lines: AsyncIterator<string>;
  runId?: string;
  upMs?: number;
  downMs?: number;
  /** Node timers alive in the lab process after the quiet window. */
  activeTimers?: number;
  /** Network namespaces of its hosts (device:inode). */
  hostNamespaces: Set<string>;
}

async function nextMessage(lab: Lab): Promise<Record<string, unknown>> {
  for (;;) {
    const r = await lab.lines.next();
    if (r.done) throw new Error(`lab process ${lab.child.pid} ended without a message (exit ${lab.child.exitCode})`);
    if (r.value.startsWith('{')) return JSON.parse(r.value) as Record<string, unknown>;
  }
}

/** CPU of a process and of the children it has waited for (every command it ran), in ms. */
async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  // Fields after the name, from state (index 0): utime 11, stime 12, cutime 13, cstime 14.
  return ((f[11] ?? 0) + (f[12] ?? 0) + (f[13] ?? 0) + (f[14] ?? 0)) * TICK_MS;
}

/**
 * Context switches of all threads of a process: how often it woke up. Finer than CPU ticks (10 ms):
 * a timer that polls every 100 ms costs almost no CPU but ten wake-ups a second.
 */
async function wakeups(pid: number): Promise<number> {
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  const counts = await Promise.all(
    tasks.map(async (t) => {
      const status = await readFile(`/proc/${pid}/task/${t}/status`, 'utf8').catch(() => '');
      return Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0) + Number(/^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/** Resident memory, CPU (own, ms) and wake-ups of a process; zeros when it is gone. */
async function processUsage(pid: number): Promise<{ rssKiB: number; cpuMs: number; wakeups: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  return { rssKiB: Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0), cpuMs: ((f[11] ?? 0) + (f[12] ?? 0)) * TICK_MS, wakeups: await wakeups(pid) };
}

/** Network namespace (device:inode) of a process, or '' when it is gone. */
const netnsOf = (pid: number | string): Promise<string> => stat(`/proc/${pid}/ns/net`).then((s) => `${s.dev}:${s.ino}`, () => '');

/**
 * PIDs living in each lab's hosts, by the hosts' network namespaces: the containers' own processes,
 * and the daemons the lab starts in them through nsenter (nfs-ganesha, rpcbind, probers), which stay
 * in the lab process's cgroup, so a container's cgroup would miss them.
 */
async function hostProcesses(hostNamespaces: readonly Set<string>[]): Promise<number[][]> {
  const perLab: number[][] = hostNamespaces.map(() => []);
  const pids = (await readdir('/proc')).filter((e) => /^\d+$/.test(e));
  await Promise.all(
    pids.map(async (pid) => {
      const ns = await netnsOf(pid);
      const i = hostNamespaces.findIndex((set) => set.has(ns));
      if (i >= 0) perLab[i]?.push(Number(pid));
    }),
  );
  return perLab;
}

interface LabUsage {
  cpuMs: number;
  /** Wake-ups of the lab process's threads, and of its hosts' processes. */
  processWakeups: number;
  hostsWakeups: number;
  processRssKiB: number;
  hostsRssKiB: number;
}

/** Every lab's CPU so far (its process with the commands it ran, its hosts' processes) and memory now. */
async function usage(labs: readonly Lab[]): Promise<LabUsage[]> {
  const inHosts = await hostProcesses(labs.map((l) => l.hostNamespaces));
  return Promise.all(
    labs.map(async (lab, i) => {
      const hosts = await Promise.all((inHosts[i] ?? []).map(processUsage));
      const own = await processUsage(lab.child.pid as number);
      const sum = (k: 'rssKiB' | 'cpuMs' | 'wakeups') => hosts.reduce((a, h) => a + h[k], 0);
      return { cpuMs: (await processCpuMs(lab.child.pid as number)) + sum('cpuMs'), processWakeups: own.wakeups, hostsWakeups: sum('wakeups'), processRssKiB: own.rssKiB, hostsRssKiB: sum('rssKiB') };
    }),
  );
}

/** What run `runId` left on the machine (containers, networks, namespaces, links, rules, run data). */
async function leftovers(runId: string): Promise<string[]> {
  const left: string[] = [];
  for (const what of ['ps', 'network'] as const) {
    const r = await realExec('docker', what === 'ps' ? ['ps', '-aq', '--filter', `label=${LABEL_RUN_ID}=${runId}`] : ['network', 'ls', '-q', '--filter', `label=${LABEL_RUN_ID}=${runId}`]);
    left.push(...r.stdout.split('\n').filter(Boolean).map((id) => `${what === 'ps' ? 'container' : 'network'} ${id}`));
  }
  const ns = await realExec('ip', ['netns', 'list']);
  left.push(...ns.stdout.split('\n').filter((l) => l.startsWith(`vl${runId}-`)).map((l) => `netns ${l.split(' ')[0]}`));
  left.push(...(await runLinks(realExec, runId)).map((l) => `link ${l}`));
  left.push(...(await listRules(realExec)).filter((r) => r.runId === runId).map((r) => `rule ${r.spec.join(' ')}`));
  if ((await runDataMounts()).has(runId)) left.push(`run-data mount of ${runId}`);
  return left;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const round = (x: number, digits = 0) => Number(x.toFixed(digits));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

const startLoadavg1m = loadavg()[0];
const labs: Lab[] = [];
const t0 = performance.now();
for (let i = 0; i < LABS; i++) {
  const child = spawn(process.execPath, ['bench/classroom-lab.ts', FILE], { stdio: ['ignore', 'pipe', 'inherit'] });
  labs.push({ child, lines: createInterface({ input: child.stdout as NonNullable<typeof child.stdout> })[Symbol.asyncIterator](), hostNamespaces: new Set() });
}
const failures: string[] = [];
try {
  await Promise.all(
    labs.map(async (lab) => {
      const m = await nextMessage(lab);
      if (!m.ready) throw new Error(`a lab did not come up: ${String(m.failed)}`);
      lab.runId = String(m.runId);
      lab.upMs = Number(m.upMs);
    }),
  );
  const allUpMs = Math.round(performance.now() - t0);
  console.log(`${LABS} labs up in ${allUpMs} ms`);
  let containersPerLab = 0;
  for (const lab of labs) {
    const ids = (await realExec('docker', ['ps', '-q', '--no-trunc', '--filter', `label=${LABEL_RUN_ID}=${lab.runId}`])).stdout.split('\n').filter(Boolean);
    containersPerLab = ids.length;
    const pids = (await realExec('docker', ['inspect', '--format', '{{.State.Pid}}', ...ids])).stdout.split('\n').filter(Boolean);
    lab.hostNamespaces = new Set(await Promise.all(pids.map(netnsOf)));
  }

  const atUp = await usage(labs);
  const idleStart = performance.now();
  await new Promise((r) => setTimeout(r, IDLE_S * 1000));
  const atIdleEnd = await usage(labs);
  const idleWallMs = performance.now() - idleStart;
  // ms of CPU per s of wall time = thousandths of one core.
  const idleCpuPerLab = atIdleEnd.map((u, i) => ((u.cpuMs - (atUp[i]?.cpuMs ?? 0)) / idleWallMs) * 100);
  const perSecond = (k: 'processWakeups' | 'hostsWakeups') => round(mean(atIdleEnd.map((u, i) => ((u[k] - (atUp[i]?.[k] ?? 0)) * 1000) / idleWallMs)), 1);

  const t1 = performance.now();
  await Promise.all(
    labs.map(async (lab) => {
      lab.child.kill('SIGTERM');
      lab.activeTimers = Number((await nextMessage(lab)).activeTimers);
      const m = await nextMessage(lab);
      lab.downMs = Number(m.downMs);
    }),
  );
  const allDownMs = Math.round(performance.now() - t1);
  const left = (await Promise.all(labs.map((l) => leftovers(l.runId as string)))).flat();

  const result = {
    bench: 'classroom',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, memGiB: round(totalmem() / 2 ** 30, 1), startLoadavg1m, loadavg1m: loadavg()[0] },
    labFile: FILE,
    driver: 'docker',
    labs: LABS,
    containersPerLab,
    allUpMs,
    labUpMedianMs: median(labs.map((l) => l.upMs as number)),
    allDownMs,
    labDownMedianMs: median(labs.map((l) => l.downMs as number)),
    perLab: {
      memoryMiB: round(mean(atIdleEnd.map((u) => (u.processRssKiB + u.hostsRssKiB) / 1024)), 1),
      /** The lab process: API simulator, web UI, lab runner (Node). */
      processRssMiB: round(mean(atIdleEnd.map((u) => u.processRssKiB / 1024)), 1),
      /** Processes in its hosts: keepers, nfs-ganesha, rpcbind. */
      hostsRssMiB: round(mean(atIdleEnd.map((u) => u.hostsRssKiB / 1024)), 1),
      upCpuMs: round(mean(atUp.map((u) => u.cpuMs))),
      idleWindowS: IDLE_S,
      idleCpuPercentOfOneCore: { mean: round(mean(idleCpuPerLab), 2), max: round(Math.max(...idleCpuPerLab), 2) },
      /** Context switches per second while idle: the lab process (Node) and its hosts' processes (ganesha, rpcbind, keepers). */
      activeTimersAfterIdle: Math.max(...labs.map((l) => l.activeTimers ?? 0)),
      idleWakeupsPerSecond: { process: perSecond('processWakeups'), hosts: perSecond('hostsWakeups') },
    },
    leftovers: left,
  };
  console.log(JSON.stringify(result, null, 2));
  if (left.length > 0) failures.push(`left behind: ${left.join(', ')}`);
  if (!partial) {
    await mkdir('bench/results', { recursive: true });
    await writeFile('bench/results/classroom.json', JSON.stringify(result, null, 2) + '\n');
    console.log('wrote bench/results/classroom.json');
  } else console.log('partial run (--labs/--idle-seconds): bench/results/classroom.json left as it was');
} finally {
  // A lab that failed or hung: its process goes, then its run's objects (by run id only: others share the machine).
  for (const lab of labs) if (lab.child.exitCode === null) lab.child.kill('SIGKILL');
  for (const lab of labs) if (lab.runId !== undefined && (await leftovers(lab.runId)).length > 0) await gc({ runId: lab.runId }).catch(() => undefined);
}
if (failures.length > 0) throw new Error(failures.join('; '));
