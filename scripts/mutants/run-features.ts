/**
 * Runs cucumber-js on some features inside a checkout copy and reads its messages report. The run
 * is bounded: past `timeoutMs` its whole process group gets SIGINT, then SIGKILL.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseMessages } from './cucumber-report.ts';
import type { RunReport } from './cucumber-report.ts';
import type { CucumberProfile } from './fault.ts';
import type { RunEnd } from './verdict.ts';

export interface FeatureRun {
  dir: string;
  profile: CucumberProfile;
  features: readonly string[];
  tags?: string;
  workers: number;
  timeoutMs: number;
  /** Where the run's terminal output goes. */
  logFile: string;
}

const KILL_GRACE_MS = 20_000;

export function cucumberArgs(run: Pick<FeatureRun, 'dir' | 'profile' | 'tags'>, reportFile: string): string[] {
  return [
    join(run.dir, 'node_modules/@cucumber/cucumber/bin/cucumber.js'),
    ...(run.profile === 'default' ? [] : ['--profile', run.profile]),
    '--format',
    `message:${reportFile}`,
    ...(run.tags ? ['--tags', run.tags] : []),
  ];
}

export async function runFeatures(run: FeatureRun): Promise<{ report: RunReport; end: RunEnd }> {
  const reportFile = join(run.dir, 'reports', 'mutant.ndjson');
  mkdirSync(dirname(reportFile), { recursive: true });
  mkdirSync(dirname(run.logFile), { recursive: true });
  const log = createWriteStream(run.logFile);
  const env: NodeJS.ProcessEnv = { ...process.env, VRACKLAB_PARALLEL: String(run.workers), PATH: `${join(run.dir, '.tools/node/bin')}:${join(run.dir, 'node_modules/.bin')}:${process.env.PATH ?? ''}` };
  // cucumber.js narrows every profile's paths to these (paths on the command line would be added to
  // the profile's instead of replacing them).
  env.VRACKLAB_FEATURES = run.features.join(' ');
  const child = spawn(process.execPath, cucumberArgs(run, reportFile), { cwd: run.dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer) => {
    log.write(chunk);
    tail = (tail + chunk.toString()).slice(-2000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let timedOut = false;
  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, sig);
    } catch {
      /* already gone */
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    signalGroup('SIGINT');
    setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS).unref();
  }, run.timeoutMs);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearTimeout(timer);
  await new Promise<void>((resolve) => log.end(resolve));
  const report = existsSync(reportFile) ? parseMessages(readFileSync(reportFile, 'utf8')) : { scenarios: [] };
  const outputTail = tail.trim().split('\n').slice(-3).join(' | ');
  return { report, end: { exitCode, timedOut, outputTail } };
}
