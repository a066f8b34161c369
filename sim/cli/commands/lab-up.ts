// `vracklab up` in the foreground (and the background process of --detach): builds the lab and holds
// it until Ctrl-C or SIGTERM. Loaded only when a lab is built here: it pulls in the lab runner, the
// simulator and the web page, which `status`, `down` and the --detach parent do not need.
import { HarnessError } from '../../core/errors.ts';
import { startLab } from '../../lab/lab-runner.ts';
import { requireLabRecord } from '../../lab/lab-registry.ts';
import { loadLab } from '../../topology/load.ts';
import { loadExercise } from '../../web/exercise/load-exercise.ts';
import { createWebUi } from '../../web/web-ui.ts';
import { DAEMON_UP } from './lab-detach.ts';
import { printLabSummary } from './lab.ts';

export async function upForeground(file: string, driver: string | undefined, apiPort: number, daemon: boolean, exerciseFile?: string): Promise<void> {
  const out = (s: string) => process.stdout.write(s + '\n');
  // The exercise is checked against the lab file before anything is built.
  const exercise = exerciseFile ? await loadExercise(exerciseFile, await loadLab(file)) : undefined;
  const web = createWebUi(exercise ? { exercise } : {});
  const abort = new AbortController();
  const onSignal = () => abort.abort(new HarnessError('INTERRUPTED', 'interrupted by a signal while building the lab'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const lab = await startLab(
    { file },
    { driver, apiPort, apiHost: '127.0.0.1', signal: abort.signal, onProgress: (msg) => out(`… ${msg}`), register: true, api: web.api },
  );
  web.bind(lab);
  const rec = await requireLabRecord(lab.name);
  printLabSummary(rec, out, { secrets: !daemon });
  out(daemon ? `held by process ${process.pid}; vracklab down ${lab.name} stops it` : 'press Ctrl-C to tear the lab down');
  // The parent of --detach waits on this message (then closes the channel and returns).
  if (daemon && process.send) {
    process.send(DAEMON_UP, () => process.disconnect());
  }
  await new Promise<void>((resolveWait) => {
    if (abort.signal.aborted) return resolveWait();
    abort.signal.addEventListener('abort', () => resolveWait(), { once: true });
  });
  out(`tearing lab ${lab.name} down…`);
  await web.close();
  await lab.stop();
  out(`lab ${lab.name} is down`);
}

