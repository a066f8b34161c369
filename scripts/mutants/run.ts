/**
 * `make mutants`: plants each fault of the catalogue in a throw-away copy of the checkout, runs the
 * features that claim the behaviour it breaks, and records whether they caught it. Sequential (the
 * machine has 2 cores and labs share its kernel). Exit 1 if any fault survived or errored.
 *
 *   node scripts/mutants/run.ts [--only id,id] [--quick] [--list] [--baseline] [--no-confirm] [--workers N] [--timeout SECONDS] [--keep] [--out FILE]
 *
 * --baseline first runs the same features with no fault planted (one run per profile): they must
 * pass, or a "kill" could be the suite's own failure rather than the fault's. A kill is confirmed
 * by a rerun of the failed scenarios (--no-confirm skips it): a chance failure is not detection.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeError, invalidInput } from '../../sim/core/errors.ts';
import { CATALOGUE } from './catalogue.ts';
import type { Fault } from './fault.ts';
import { runFeatures } from './run-features.ts';
import { mergeResults, readResults, summaryTable } from './results.ts';
import type { BaselineResult, FaultResult } from './results.ts';
import { judge } from './verdict.ts';
import { confirmKill, confirmationTargets } from './confirmation.ts';
import { createWorkspace, plantFault } from './workspace.ts';

const repo = resolve(import.meta.dirname, '../..');

export function selectFaults(catalogue: readonly Fault[], opts: { only?: string; quick?: boolean }): Fault[] {
  if (opts.only) {
    const ids = opts.only.split(',').map((s) => s.trim()).filter(Boolean);
    const known = catalogue.map((f) => f.id);
    for (const id of ids) if (!known.includes(id)) throw invalidInput('--only fault id', id, 'not in scripts/mutants/catalogue.ts', known);
    return catalogue.filter((f) => ids.includes(f.id));
  }
  return opts.quick ? catalogue.filter((f) => f.quick) : [...catalogue];
}

interface RunOptions {
  workers: number;
  timeoutMs: number;
  keep: boolean;
  commit: string;
  confirm: boolean;
}

/**
 * One fault: a run of its features; a kill by set-up failures alone (a lab that would not start)
 * gets a second full run; a kill is then confirmed by a rerun of the failed scenarios.
 */
async function runOne(fault: Fault, o: RunOptions): Promise<FaultResult> {
  let run = await attempt(fault, o);
  let attempts = 1;
  let seconds = run.result.seconds;
  if (run.outcome === 'killed' && run.setupOnly) {
    console.log(`   killed only by set-up failures (${run.result.reason}); running it once more`);
    const first = run.result.reason;
    run = await attempt(fault, o);
    attempts++;
    seconds += run.result.seconds;
    run.result.reason = `${run.result.reason}${run.outcome === 'killed' && run.setupOnly ? ' (set-up failed on both runs)' : ''}; first run: ${first}`;
  }
  let result = run.result;
  if (run.outcome === 'killed' && o.confirm) {
    const targets = confirmationTargets(result.failedScenarios);
    console.log(`   killed (${result.reason}); confirming: ${targets.join(' ')}`);
    const rerun = await attempt(fault, o, targets);
    attempts++;
    seconds += rerun.result.seconds;
    const v = confirmKill(result, rerun.result);
    // Evidence of a confirmed kill: the scenarios that failed again.
    result = { ...result, ...v, ...(v.outcome === 'killed' ? { failedScenarios: rerun.result.failedScenarios, firstFailure: rerun.result.firstFailure } : {}) };
  }
  return { ...result, attempts, seconds: Math.round(seconds * 10) / 10 };
}

async function attempt(fault: Fault, o: RunOptions, onlyScenarios?: string[]): Promise<{ outcome: FaultResult['outcome']; setupOnly: boolean; result: FaultResult }> {
  const t0 = Date.now();
  const base = { id: fault.id, description: fault.description, file: fault.file, profile: fault.profile, features: [...fault.features], commit: o.commit };
  const done = (r: Pick<FaultResult, 'outcome' | 'reason' | 'scenarios' | 'failedScenarios'>, setupOnly = false) => ({
    outcome: r.outcome,
    setupOnly,
    result: {
      ...base,
      ...r,
      firstFailure: r.failedScenarios[0]?.message ?? null,
      seconds: Math.round((Date.now() - t0) / 100) / 10,
      at: new Date().toISOString(),
      attempts: 1,
    },
  });
  let ws;
  try {
    ws = createWorkspace(repo, fault.id);
    plantFault(ws.dir, fault);
    const { report, end } = await runFeatures({
      dir: ws.dir,
      profile: fault.profile,
      features: onlyScenarios ?? fault.features,
      ...(fault.tags ? { tags: fault.tags } : {}),
      workers: o.workers,
      timeoutMs: o.timeoutMs,
      logFile: join(repo, 'reports', 'mutants', `${fault.id}${onlyScenarios ? '.confirm' : ''}.log`),
    });
    const v = judge(report, end);
    return done({ outcome: v.outcome, reason: v.reason, scenarios: v.scenarioCount, failedScenarios: v.failedScenarios.map(({ name, where, failedStep, message }) => ({ name, where, failedStep, message })) }, v.setupOnly);
  } catch (err) {
    // Planting refused (code moved) or the copy failed: loud, and never a kill.
    return done({ outcome: 'error', reason: describeError(err), scenarios: 0, failedScenarios: [] });
  } finally {
    if (ws && !o.keep) ws.remove();
    else if (ws) console.log(`   copy kept at ${ws.dir}`);
  }
}

/** The covering features of `faults`, one run per profile, with nothing planted. */
async function runBaseline(faults: readonly Fault[], o: { workers: number; timeoutMs: number; commit: string }): Promise<BaselineResult[]> {
  const profiles = [...new Set(faults.map((f) => f.profile))];
  const out: BaselineResult[] = [];
  for (const profile of profiles) {
    const features = [...new Set(faults.filter((f) => f.profile === profile).flatMap((f) => f.features))].sort();
    console.log(`== baseline (${profile}, no fault): ${features.join(' ')}`);
    const t0 = Date.now();
    const ws = createWorkspace(repo, `baseline-${profile}`);
    try {
      const { report, end } = await runFeatures({ dir: ws.dir, profile, features, workers: o.workers, timeoutMs: o.timeoutMs, logFile: join(repo, 'reports', 'mutants', `baseline-${profile}.log`) });
      const v = judge(report, end);
      const passed = v.outcome === 'survived';
      const r: BaselineResult = { profile, features, passed, reason: passed ? `all ${v.scenarioCount} scenario(s) passed` : v.reason, seconds: Math.round((Date.now() - t0) / 100) / 10, at: new Date().toISOString(), commit: o.commit };
      console.log(`   ${r.passed ? 'GREEN' : 'RED'} in ${r.seconds} s: ${r.reason}`);
      out.push(r);
    } finally {
      ws.remove();
    }
  }
  return out;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    allowNegative: true,
    options: {
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      baseline: { type: 'boolean', default: false },
      confirm: { type: 'boolean', default: true },
      workers: { type: 'string', default: '2' },
      timeout: { type: 'string', default: '900' },
      keep: { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench/results/mutants.json' },
    },
  });
  const faults = selectFaults(CATALOGUE, { ...(values.only ? { only: values.only } : {}), quick: values.quick });
  if (values.list) {
    for (const f of faults) console.log(`${f.id.padEnd(38)} ${f.profile.padEnd(7)} ${f.file}  ← ${f.features.join(' ')}\n${''.padEnd(38)} ${f.description}`);
    return 0;
  }
  const workers = Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 4) throw invalidInput('--workers', values.workers, 'an integer from 1 to 4');
  const timeoutS = Number(values.timeout);
  if (!Number.isFinite(timeoutS) || timeoutS < 30) throw invalidInput('--timeout', values.timeout, 'seconds, at least 30');
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
  const out = resolve(repo, values.out);
  const baseline = values.baseline ? await runBaseline(faults, { workers, timeoutMs: timeoutS * 1000, commit }) : undefined;
  const fresh: FaultResult[] = [];
  for (const [i, fault] of faults.entries()) {
    console.log(`== [${i + 1}/${faults.length}] ${fault.id}: ${fault.description} (${fault.features.join(' ')})`);
    const r = await runOne(fault, { workers, timeoutMs: timeoutS * 1000, keep: values.keep, commit, confirm: values.confirm });
    console.log(`   ${r.outcome.toUpperCase()} in ${r.seconds} s: ${r.reason}`);
    fresh.push(r);
    // Written after every fault: an interrupted catalogue run keeps what it measured.
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(mergeResults(readResults(out), fresh, CATALOGUE.map((f) => f.id), new Date().toISOString(), baseline), null, 2)}\n`);
  }
  console.log(`\n${summaryTable(fresh)}\nresults: ${values.out}`);
  const redBaseline = (baseline ?? []).filter((b) => !b.passed);
  if (redBaseline.length > 0) console.log(`baseline RED for ${redBaseline.map((b) => b.profile).join(', ')}: kills in those features may be the suite's own failures`);
  return fresh.every((r) => r.outcome === 'killed') && redBaseline.length === 0 ? 0 : 1;
}

if (import.meta.main) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`mutants: ${describeError(err)}`);
      process.exit(2);
    },
  );
}
