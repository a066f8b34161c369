/**
 * The reference labs as users run them: `vracklab up FILE --detach` (until it returns with the lab
 * up) and `vracklab down NAME`, through the real CLI (a fresh Node process each, as in a terminal),
 * next to their floor in the same run (bench/lab-floor.ts: the same hosts, links and a bare ganesha
 * with raw commands, in parallel). Also `vracklab status` with no lab, next to a bare `node -e 0`.
 * The labs are recorded in a private state directory, so a colleague's lab of the same name is
 * neither seen nor touched.
 * Usage: node bench/cli.bench.ts [--repeat N]   → bench/results/cli.json
 */
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { promisify } from 'node:util';
import { floorGc, floorUp, type FloorDriver } from './lab-floor.ts';
import { loadLab } from '../sim/topology/load.ts';

const run = promisify(execFile);
const repeatAt = process.argv.indexOf('--repeat');
const repeat = repeatAt > 0 ? Number(process.argv[repeatAt + 1]) : 3;
if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat must be a positive integer (got ${process.argv[repeatAt + 1]})`);

const stateDir = await mkdtemp('/run/vracklab-bench-cli-');
const env = { ...process.env, VRACKLAB_STATE_DIR: stateDir };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ratio = (a: number, b: number) => Number((a / b).toFixed(2));

/** Wall time of one CLI call, as a user's shell sees it. */
async function timed(args: string[]): Promise<{ ms: number; stdout: string }> {
  const t0 = performance.now();
  const r = await run(process.execPath, ['bin/vracklab.js', ...args], { env, maxBuffer: 16 * 1024 * 1024 });
  return { ms: Math.round(performance.now() - t0), stdout: r.stdout };
}

interface LabRow {
  lab: string;
  driver: FloorDriver;
  upMs: number[];
  downMs: number[];
  floorUpMs: number[];
  floorDownMs: number[];
  upMedianMs: number;
  downMedianMs: number;
  floorUpMedianMs: number;
  floorDownMedianMs: number;
  upRatio: number;
  downRatio: number;
}

async function labCase(lab: string, driver: FloorDriver): Promise<LabRow> {
  const model = await loadLab(`topologies/${lab}.lab.yml`);
  const row = { lab, driver, upMs: [] as number[], downMs: [] as number[], floorUpMs: [] as number[], floorDownMs: [] as number[] };
  for (let i = 0; i < repeat; i++) {
    const floor = await floorUp(model, driver);
    try {
      row.floorUpMs.push(floor.upMs);
      row.floorDownMs.push(await floor.down());
    } finally {
      await floorGc(floor.runId);
    }
    try {
      const up = await timed(['up', `topologies/${lab}.lab.yml`, '--detach', '--driver', driver, '--api-port', '0']);
      row.upMs.push(up.ms);
      // Outside the timed window: the lab the CLI returned is there and its process holds it.
      const status = JSON.parse((await timed(['status', model.name, '--json'])).stdout) as { alive: boolean };
      if (!status.alive) throw new Error(`${lab} on ${driver}: up returned but its process is not alive`);
      row.downMs.push((await timed(['down', model.name])).ms);
    } catch (err) {
      await timed(['down', model.name]).catch(() => undefined);
      throw err;
    }
  }
  const upMedianMs = median(row.upMs);
  const downMedianMs = median(row.downMs);
  const floorUpMedianMs = median(row.floorUpMs);
  const floorDownMedianMs = median(row.floorDownMs);
  return { ...row, upMedianMs, downMedianMs, floorUpMedianMs, floorDownMedianMs, upRatio: ratio(upMedianMs, floorUpMedianMs), downRatio: ratio(downMedianMs, floorDownMedianMs) };
}

async function statusCase(): Promise<{ statusMs: number[]; nodeMs: number[]; statusMedianMs: number; nodeMedianMs: number }> {
  const statusMs: number[] = [];
  const nodeMs: number[] = [];
  for (let i = 0; i < Math.max(5, repeat); i++) {
    statusMs.push((await timed(['status'])).ms);
    const t0 = performance.now();
    await run(process.execPath, ['-e', '0']);
    nodeMs.push(Math.round(performance.now() - t0));
  }
  return { statusMs, nodeMs, statusMedianMs: median(statusMs), nodeMedianMs: median(nodeMs) };
}

const startLoadavg1m = Number(loadavg()[0]!.toFixed(2));
const rows: LabRow[] = [];
let status;
try {
  status = await statusCase();
  console.log(`vracklab status (no lab): ${status.statusMedianMs} ms; bare node -e 0: ${status.nodeMedianMs} ms`);
  for (const lab of ['vrack-services', 'mks-private-networks']) {
    for (const driver of ['docker', 'netns'] as const) {
      const row = await labCase(lab, driver);
      rows.push(row);
      console.log(`${lab} on ${driver}: up ${row.upMedianMs} ms (floor ${row.floorUpMedianMs}, ×${row.upRatio}), down ${row.downMedianMs} ms (floor ${row.floorDownMedianMs}) — median of ${repeat}`);
    }
  }
} finally {
  await rm(stateDir, { recursive: true, force: true });
}
await mkdir('bench/results', { recursive: true });
const endLoadavg1m = Number(loadavg()[0]!.toFixed(2));
await writeFile('bench/results/cli.json', JSON.stringify({ when: new Date().toISOString(), repeat, loadavg1m: { start: startLoadavg1m, end: endLoadavg1m }, status, rows }, null, 2) + '\n');
console.log('written bench/results/cli.json');
