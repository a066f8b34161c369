/**
 * One student's lab for bench/classroom.bench.ts: what `vracklab up` runs in its daemon (the lab
 * runner with the API simulator, the web UI, the EFS, the docker driver), registered under its run
 * id so twenty labs of the same file can stand side by side. Prints one JSON line when the lab is
 * up, tears it down on SIGTERM, prints one JSON line when it is down.
 * Usage (by the bench): node bench/classroom-lab.ts FILE
 */
import { startLab } from '../sim/lab/lab-runner.ts';
import { createWebUi } from '../sim/web/web-ui.ts';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: node bench/classroom-lab.ts LAB_FILE');
const say = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');

const stopRequested = new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
const abort = new AbortController();
void stopRequested.then(() => abort.abort(new Error('stopped by the classroom bench while building')));

const t0 = performance.now();
const web = createWebUi();
try {
  const lab = await startLab({ file }, { driver: 'docker', apiPort: 0, apiHost: '127.0.0.1', register: 'run', signal: abort.signal, api: web.api });
  web.bind(lab);
  say({ ready: true, runId: lab.runId, upMs: Math.round(performance.now() - t0) });
  await stopRequested;
  // Timers alive after the quiet window: a polling loop shows here even when it costs no measurable CPU.
  say({ stopping: true, activeTimers: process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length });
  const t1 = performance.now();
  await web.close();
  await lab.stop();
  say({ down: true, downMs: Math.round(performance.now() - t1) });
} catch (err) {
  say({ failed: String(err) });
  process.exitCode = 1;
}
