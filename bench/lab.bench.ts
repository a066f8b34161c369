/**
 * Lab benchmark: up and down time of the reference labs on each driver (containerlab too, when its
 * CLI is installed: scripts/setup.sh containerlab), measured through the same startLab()/stop() the
 * CLI and the scenarios use. Results: bench/results/lab.json.
 * Run: node bench/lab.bench.ts [--repeat N] [--driver NAME]…
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { realExec } from '../sim/core/exec.ts';
import { containerlabVersion } from '../sim/fabric/containerlab/cli.ts';
import { startLab } from '../sim/lab/lab-runner.ts';

const repeatAt = process.argv.indexOf('--repeat');
const repeat = repeatAt > 0 ? Number(process.argv[repeatAt + 1]) : 3;
if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat must be a positive integer (got ${process.argv[repeatAt + 1]})`);
const labs = ['vrack-services', 'mks-private-networks'];
const asked = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--driver' ? [a] : []));
const all = (await containerlabVersion(realExec)) === null ? ['docker', 'netns'] : ['containerlab', 'docker', 'netns'];
const drivers = asked.length > 0 ? asked : all;
if (all.length < 3) console.warn('containerlab is not installed (scripts/setup.sh containerlab): its rows are left out');

interface Row {
  lab: string;
  driver: string;
  hosts: number;
  upMs: number[];
  downMs: number[];
  upMedianMs: number;
  downMedianMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const rows: Row[] = [];
for (const lab of labs) {
  for (const driver of drivers) {
    const upMs: number[] = [];
    const downMs: number[] = [];
    let hosts = 0;
    for (let i = 0; i < repeat; i++) {
      const t0 = performance.now();
      const running = await startLab({ file: `topologies/${lab}.lab.yml` }, { driver, apiPort: 0, timings: 'fast', register: 'run' });
      const t1 = performance.now();
      hosts = running.fabric.records().length;
      await running.stop();
      const t2 = performance.now();
      upMs.push(Math.round(t1 - t0));
      downMs.push(Math.round(t2 - t1));
    }
    const row = { lab, driver, hosts, upMs, downMs, upMedianMs: median(upMs), downMedianMs: median(downMs) };
    rows.push(row);
    console.log(`${lab} on ${driver} (${hosts} hosts): up ${row.upMedianMs} ms, down ${row.downMedianMs} ms (median of ${repeat})`);
  }
}
await mkdir('bench/results', { recursive: true });
await writeFile('bench/results/lab.json', JSON.stringify({ when: new Date().toISOString(), repeat, rows }, null, 2) + '\n');
console.log('written bench/results/lab.json');
