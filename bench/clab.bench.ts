/**
 * containerlab next to our drivers: deploy/destroy time of the reference labs and of a generated
 * 50-host lab, exported (render.ts) and run by the containerlab CLI alone (deployTopology /
 * destroyTopology), in the same run as `startLab()`/`stop()` on the containerlab, docker and netns
 * drivers. Not the same work: startLab also starts the API simulator and the lab's services; the
 * export builds the data plane only (containers, veths, the backplane bridges, each node's exec).
 * Results: bench/results/clab.json. Run: node bench/clab.bench.ts [--repeat N] (needs containerlab:
 * scripts/setup.sh containerlab).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realExec } from '../sim/core/exec.ts';
import { newRunId } from '../sim/core/run-id.ts';
import { containerlabVersion } from '../sim/fabric/containerlab/cli.ts';
import { deployTopology, deploymentOf, destroyTopology } from '../sim/fabric/containerlab/deploy.ts';
import { containerlabName, renderContainerlab } from '../sim/fabric/containerlab/render.ts';
import { startLab } from '../sim/lab/lab-runner.ts';
import { loadLab } from '../sim/topology/load.ts';

const repeatAt = process.argv.indexOf('--repeat');
const repeat = repeatAt > 0 ? Number(process.argv[repeatAt + 1]) : 1;
if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat must be a positive integer (got ${process.argv[repeatAt + 1]})`);
const version = await containerlabVersion(realExec);
if (version === null) throw new Error('containerlab is not installed: run scripts/setup.sh containerlab');

/** 50 hosts, one NIC each, alternating between two VLANs of one vRack. */
function generatedLab(n: number): string {
  const hosts = Array.from({ length: n }, (_, i) => `  - { name: h${i}, kind: baremetal, nics: [{ network: vlan${i % 2 === 0 ? 100 : 200}, ip: 10.${i % 2 === 0 ? 1 : 2}.${Math.floor(i / 250)}.${(i % 250) + 1}/16 }] }`);
  return [`name: gen${n}`, 'vracks: [{ id: pn-bench }]', 'privateNetworks:', '  - { name: vlan100, vrack: pn-bench, vlan: 100, cidr: 10.1.0.0/16 }', '  - { name: vlan200, vrack: pn-bench, vlan: 200, cidr: 10.2.0.0/16 }', 'hosts:', ...hosts, ''].join('\n');
}

const work = await mkdtemp(join(tmpdir(), 'vracklab-clab-bench-'));
const gen = join(work, 'gen50.lab.yml');
await writeFile(gen, generatedLab(50));
const labs = [
  { lab: 'vrack-services', file: 'topologies/vrack-services.lab.yml' },
  { lab: 'mks-private-networks', file: 'topologies/mks-private-networks.lab.yml' },
  { lab: 'generated-50', file: gen },
];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (t0: number) => Math.round(performance.now() - t0);

interface Row { lab: string; engine: string; hosts: number; upMs: number[]; downMs: number[]; upMedianMs: number; downMedianMs: number }
const rows: Row[] = [];
const record = (lab: string, engine: string, hosts: number, upMs: number[], downMs: number[]) => {
  const row = { lab, engine, hosts, upMs, downMs, upMedianMs: median(upMs), downMedianMs: median(downMs) };
  rows.push(row);
  console.log(`${lab} on ${engine} (${hosts} hosts): up ${row.upMedianMs} ms, down ${row.downMedianMs} ms (median of ${upMs.length})`);
};

try {
  for (const { lab, file } of labs) {
    const resolved = await loadLab(file);
    const up: number[] = [];
    const down: number[] = [];
    for (let i = 0; i < repeat; i++) {
      const runId = newRunId();
      const t0 = performance.now();
      const d = deploymentOf(runId, containerlabName(resolved, runId), work);
      await deployTopology(realExec, d, renderContainerlab(resolved, { runId }));
      up.push(ms(t0));
      const t1 = performance.now();
      await destroyTopology(realExec, d);
      down.push(ms(t1));
    }
    // +1: the backplane node holding the segments' bridges.
    record(lab, `containerlab ${version} (export)`, resolved.hosts.length + 1, up, down);
    for (const driver of ['containerlab', 'docker', 'netns'] as const) {
      const dup: number[] = [];
      const ddown: number[] = [];
      let hosts = 0;
      for (let i = 0; i < repeat; i++) {
        const t0 = performance.now();
        const running = await startLab({ file }, { driver, apiPort: 0, timings: 'fast', register: 'run' });
        dup.push(ms(t0));
        hosts = running.fabric.records().length;
        const t1 = performance.now();
        await running.stop();
        ddown.push(ms(t1));
      }
      record(lab, driver, hosts, dup, ddown);
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
await mkdir('bench/results', { recursive: true });
await writeFile('bench/results/clab.json', JSON.stringify({ when: new Date().toISOString(), repeat, containerlab: version, rows }, null, 2) + '\n');
console.log('written bench/results/clab.json');
