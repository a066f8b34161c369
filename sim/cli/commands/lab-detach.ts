// `vracklab up --detach`: checks the lab file here, in the user's terminal, starts the background
// process that builds and holds the lab (lab-up.ts), and returns once that process says the lab is
// up over an IPC channel. Light on purpose: this process never loads the lab runner or the simulator.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from '../../core/errors.ts';
import { packageRoot } from '../../core/package-root.ts';
import { assertLabNotRunning, labStateDir, readLabRecord, type LabRecord } from '../../lab/lab-registry.ts';
import { loadLab } from '../../topology/load.ts';
import { printLabSummary } from './lab.ts';

export async function upDetached(file: string, driver: string | undefined, apiPort: number, exercise?: string): Promise<void> {
  const lab = await loadLab(file); // refuse a bad file here, in the user's terminal, before forking
  if (exercise) await (await import('../../web/exercise/load-exercise.ts')).loadExercise(exercise, lab);
  await assertLabNotRunning(lab.name);
  const logPath = join(labStateDir(), `${lab.name}.log`);
  mkdirSync(labStateDir(), { recursive: true });
  // 0600: the lab's log is root's (the daemon prints no secrets into it, but hosts' output lands there).
  const log = openSync(logPath, 'w', 0o600);
  // The package's own entry (it picks dist/ or the sources as it does for the user's call).
  const bin = join(packageRoot(), 'bin/vracklab.js');
  const args = [bin, 'up', file, '--api-port', String(apiPort), '--_daemon', ...(driver ? ['--driver', driver] : []), ...(exercise ? ['--exercise', exercise] : [])];
  // An IPC channel: the daemon says "up" the moment its lab is, or its exit says it never will.
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log, log, 'ipc'], env: process.env });
  const rec = await daemonUp(child, lab.name, 600_000).catch((err: unknown) => {
    const tail = readFileSync(logPath, 'utf8').split('\n').slice(-25).join('\n');
    throw new HarnessError('LAB_FAILED', `lab ${lab.name} did not come up: ${(err as Error).message}\n--- ${logPath} ---\n${tail}`, { cause: err });
  });
  printLabSummary(rec, (s) => process.stdout.write(s + '\n'), { secrets: true });
  process.stdout.write(`running in the background (pid ${rec.pid}, log ${logPath}); vracklab down ${rec.name} stops it\n`);
}

/** What the daemon sends its parent over the IPC channel once its lab is up and recorded. */
export const DAEMON_UP = 'vracklab:lab-up';

/**
 * Resolves with the lab's record when the daemon reports it up; rejects when the daemon exits
 * first or after `timeoutMs`. Then lets the daemon go: the channel closes, the parent may exit.
 */
export async function daemonUp(child: ChildProcess, name: string, timeoutMs: number): Promise<LabRecord> {
  try {
    await new Promise<void>((resolveUp, reject) => {
      const timer = setTimeout(() => reject(new HarnessError('WAIT_TIMEOUT', `timed out waiting for lab ${name} to be up: not up after ${timeoutMs} ms`)), timeoutMs);
      const settle = (err?: Error) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (err) reject(err);
        else resolveUp();
      };
      const onMessage = (m: unknown) => {
        if (m === DAEMON_UP) settle();
      };
      // A daemon that died will never come up: stop waiting now.
      const onExit = (code: number | null, signal: string | null) => settle(new HarnessError('LAB_FAILED', `the lab process exited with ${signal ?? `code ${code ?? 1}`} while building`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  } finally {
    if (child.connected) child.disconnect();
    child.unref();
  }
  const rec = await readLabRecord(name);
  if (!rec || rec.pid !== child.pid || rec.state !== 'up') throw new HarnessError('LAB_FAILED', `lab ${name} reported up, but its record ${rec ? `is held by process ${rec.pid} in state ${rec.state}` : 'is missing'}`);
  return rec;
}
