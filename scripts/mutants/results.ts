/**
 * bench/results/mutants.json: one entry per fault, the latest run of each (a `--only` run replaces
 * the entries it ran and keeps the others, each stamped with its own time and commit), plus the
 * totals over the entries. Faults no longer in the catalogue are dropped.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { ScenarioOutcome } from './cucumber-report.ts';
import type { CucumberProfile } from './fault.ts';
import type { Outcome } from './verdict.ts';

export interface FaultResult {
  id: string;
  description: string;
  file: string;
  profile: CucumberProfile;
  features: string[];
  outcome: Outcome;
  reason: string;
  scenarios: number;
  failedScenarios: Pick<ScenarioOutcome, 'name' | 'where' | 'failedStep' | 'message'>[];
  firstFailure: string | null;
  seconds: number;
  /** 2 when a kill by set-up failures alone was checked by a second run (whose verdict counts). */
  attempts: number;
  at: string;
  commit: string;
}

/** A positive control: the covering features of one profile, run with no fault planted, must pass. */
export interface BaselineResult {
  profile: CucumberProfile;
  features: string[];
  passed: boolean;
  reason: string;
  seconds: number;
  at: string;
  commit: string;
}

export interface ResultsFile {
  updatedAt: string;
  baseline?: BaselineResult[];
  totals: Record<Outcome, number> & { faults: number };
  results: FaultResult[];
}

export function mergeResults(previous: ResultsFile | undefined, fresh: readonly FaultResult[], catalogueIds: readonly string[], now: string, baseline?: BaselineResult[]): ResultsFile {
  const byId = new Map<string, FaultResult>();
  for (const r of previous?.results ?? []) if (catalogueIds.includes(r.id)) byId.set(r.id, r);
  for (const r of fresh) byId.set(r.id, r);
  const results = catalogueIds.map((id) => byId.get(id)).filter((r): r is FaultResult => r !== undefined);
  const count = (o: Outcome) => results.filter((r) => r.outcome === o).length;
  const keptBaseline = baseline ?? previous?.baseline;
  return { updatedAt: now, ...(keptBaseline ? { baseline: keptBaseline } : {}), totals: { faults: results.length, killed: count('killed'), survived: count('survived'), error: count('error') }, results };
}

export function readResults(path: string): ResultsFile | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ResultsFile;
  } catch {
    return undefined; // a broken file is rewritten from this run
  }
}

/** The stdout table: one row per fault of this run. */
export function summaryTable(rows: readonly FaultResult[]): string {
  const idWidth = Math.max(5, ...rows.map((r) => r.id.length));
  const lines = [`${'fault'.padEnd(idWidth)}  outcome   secs  caught by / why`];
  for (const r of rows) {
    const by = r.outcome === 'killed' ? r.failedScenarios.map((s) => `"${s.name}"`).join(', ') : r.reason;
    lines.push(`${r.id.padEnd(idWidth)}  ${r.outcome.padEnd(8)} ${String(Math.round(r.seconds)).padStart(5)}  ${by}`);
  }
  const n = (o: Outcome) => rows.filter((r) => r.outcome === o).length;
  lines.push(`mutants: ${rows.length} run, ${n('killed')} killed, ${n('survived')} survived, ${n('error')} error`);
  return lines.join('\n');
}
