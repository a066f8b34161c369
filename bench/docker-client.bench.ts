/**
 * Docker CLI (through the one Exec) against dockerode (the engine API over its socket) for what the
 * docker driver does: per host `run` + `inspect`, one bulk `rm` at destroy, and gc's labelled
 * listing. The dockerode side is a throw-away driver registered beside the built-in one (the driver
 * registry makes that one line), so both go through the same fabric code. Small sizes: the machine
 * is shared. Usage: node bench/docker-client.bench.ts → bench/results/docker-client.json
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { loadavg } from 'node:os';
import Docker from 'dockerode';
import { realExec } from '../sim/core/exec.ts';
import { LABEL_LAB, LABEL_RUN_ID, newRunId } from '../sim/core/run-id.ts';
import { createFabric, gc } from '../sim/fabric/fabric.ts';
import { registerDriver } from '../sim/fabric/drivers.ts';
import type { HostDriver } from '../sim/fabric/driver.ts';
import { BASE_CAPS, LABEL_HOST, dockerDriver } from '../sim/fabric/docker/docker-driver.ts';
import { containerName } from '../sim/fabric/names.ts';
import { ensureImage } from '../sim/fabric/images/image-build.ts';
import { hostRecipe } from '../sim/fabric/images/recipes/host.ts';
import { takeLease } from '../sim/fabric/run-lease.ts';

const docker = new Docker({ socketPath: '/var/run/docker.sock' });
const tag = await ensureImage(hostRecipe);

/** The docker driver with its engine calls made through dockerode instead of the CLI. */
const dockerApiDriver: HostDriver = {
  ...dockerDriver,
  name: 'docker-api',
  async createHost(ctx, spec) {
    const c = await docker.createContainer({
      name: containerName(ctx.runId, spec.name),
      Hostname: spec.name,
      Image: tag,
      Labels: { [LABEL_RUN_ID]: ctx.runId, [LABEL_LAB]: ctx.labName, [LABEL_HOST]: spec.name },
      HostConfig: { NetworkMode: 'none', CapAdd: [...new Set([...BASE_CAPS, ...(spec.capAdd ?? [])])], Sysctls: spec.sysctls ?? {} },
    });
    await c.start();
    const pid = (await c.inspect()).State.Pid;
    return { name: spec.name, driver: 'docker-api', pid, containerId: c.id };
  },
  async removeHosts(ctx, records) {
    await Promise.all(records.map((r) => docker.getContainer(r.containerId ?? containerName(ctx.runId, r.name)).remove({ force: true, v: true }).catch(() => undefined)));
  },
  async removeHost(ctx, record) {
    await dockerApiDriver.removeHosts(ctx, [record]);
  },
};
registerDriver(dockerApiDriver);

const ms = (t0: number) => Math.round(performance.now() - t0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const used: string[] = [];

async function fabricCase(driver: string, n: number): Promise<{ upMs: number; downMs: number }> {
  const runId = newRunId();
  used.push(runId);
  const t0 = performance.now();
  const fabric = await createFabric({ runId, labName: 'bench', driver });
  try {
    // Four at a time, as a lab build on 2 cores.
    const names = Array.from({ length: n }, (_, i) => `h${i}`);
    for (let i = 0; i < n; i += 4)
      await Promise.all(
        names.slice(i, i + 4).map(async (name, j) => {
          await fabric.addHost({ name, image: 'host' });
          await fabric.attachNic(name, { kind: 'vrack', vrackId: 'pn-bench', vlan: 100 }, { ifname: 'eth1', addresses: [`10.77.0.${i + j + 1}/24`] });
        }),
      );
  } catch (err) {
    await fabric.destroy();
    throw err;
  }
  const upMs = ms(t0);
  const t1 = performance.now();
  await fabric.destroy();
  return { upMs, downMs: ms(t1) };
}

/** One container of our own, then `inspect` and the labelled listing (what gc does), each way. */
async function perCall(samples: number): Promise<Record<string, number>> {
  const runId = newRunId();
  used.push(runId);
  takeLease(runId);
  const id = (await realExec('docker', ['run', '-d', '--network', 'none', '--label', `${LABEL_RUN_ID}=${runId}`, '--name', `vl-${runId}-probe`, tag])).stdout.trim();
  const time = async (f: () => Promise<unknown>) => {
    const xs: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      await f();
      xs.push(performance.now() - t0);
    }
    return Number(median(xs).toFixed(1));
  };
  try {
    return {
      cliInspectMs: await time(() => realExec('docker', ['inspect', '--format', '{{.State.Pid}}', id])),
      apiInspectMs: await time(() => docker.getContainer(id).inspect()),
      cliLabelListMs: await time(() => realExec('docker', ['ps', '--all', '--filter', `label=${LABEL_RUN_ID}`, '--format', `{{.ID}} {{.Label "${LABEL_RUN_ID}"}} {{.Names}}`])),
      apiLabelListMs: await time(() => docker.listContainers({ all: true, filters: { label: [LABEL_RUN_ID] } })),
    };
  } finally {
    await realExec('docker', ['rm', '-f', id], { allowFailure: true });
  }
}

const sizes = (process.env.BENCH_HOSTS ?? '4,8').split(',').map(Number);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const loadStart = loadavg()[0];
const rows = [];
try {
  const calls = await perCall(10);
  console.log(JSON.stringify(calls));
  for (const hosts of sizes) {
    const runs: Record<string, { up: number[]; down: number[] }> = { docker: { up: [], down: [] }, 'docker-api': { up: [], down: [] } };
    // Alternated, so a burst of load from other users of the machine hits both.
    for (let r = 0; r < rounds; r++)
      for (const driver of r % 2 === 0 ? ['docker', 'docker-api'] : ['docker-api', 'docker']) {
        const x = await fabricCase(driver, hosts);
        runs[driver]!.up.push(x.upMs);
        runs[driver]!.down.push(x.downMs);
      }
    const row = { hosts, rounds, cliUpMs: median(runs.docker!.up), apiUpMs: median(runs['docker-api']!.up), cliDownMs: median(runs.docker!.down), apiDownMs: median(runs['docker-api']!.down), all: runs };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  await mkdir('bench/results', { recursive: true });
  await writeFile('bench/results/docker-client.json', JSON.stringify({ measuredAt: new Date().toISOString(), loadavg1mAtStart: loadStart, loadavg1mAtEnd: loadavg()[0], perCallMedianMs: calls, fabric: rows }, null, 2) + '\n');
} finally {
  for (const runId of used) await gc({ runId }).catch(() => undefined);
}
