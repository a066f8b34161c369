/**
 * Reads a cucumber-js messages report (`--format message:FILE`, one JSON envelope per line) into
 * what the mutation runner needs: each scenario's outcome, the step that failed and its message.
 * Pure: text in, summary out.
 */

export type ScenarioStatus = 'PASSED' | 'FAILED' | 'SKIPPED' | 'UNDEFINED' | 'AMBIGUOUS' | 'PENDING' | 'UNKNOWN';

export interface ScenarioOutcome {
  name: string;
  /** `features/x.feature:LINE` when the report gives the line, else the feature's path. */
  where: string;
  status: ScenarioStatus;
  /** The step (or hook) that failed first, and its first message line. */
  failedStep?: string;
  message?: string;
}

export interface RunReport {
  scenarios: ScenarioOutcome[];
  /** testRunFinished.success, when the run got that far. */
  success?: boolean;
  /** An error that ended the run outside any scenario (testRunFinished.exception). */
  runError?: string;
}

// Worst first: a scenario's status is the worst of its steps'.
const SEVERITY: ScenarioStatus[] = ['FAILED', 'AMBIGUOUS', 'UNDEFINED', 'PENDING', 'UNKNOWN', 'SKIPPED', 'PASSED'];

function worse(a: ScenarioStatus, b: ScenarioStatus): ScenarioStatus {
  return SEVERITY.indexOf(a) <= SEVERITY.indexOf(b) ? a : b;
}

function asStatus(s: unknown): ScenarioStatus {
  return typeof s === 'string' && (SEVERITY as string[]).includes(s) ? (s as ScenarioStatus) : 'UNKNOWN';
}

/** The first meaningful line of a failure message (an assertion, not its stack). */
export function firstLine(message: string): string {
  return message.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '';
}

interface Pickle {
  name: string;
  uri: string;
  line?: number;
  steps: Map<string, string>;
}

export function parseMessages(ndjson: string): RunReport {
  const pickles = new Map<string, Pickle>();
  const scenarioLines = new Map<string, number>(); // gherkin AST node id → line
  const testCases = new Map<string, { pickleId: string; steps: Map<string, { pickleStepId?: string; hookId?: string }> }>();
  const started = new Map<string, { testCaseId: string; status: ScenarioStatus; failedStep?: string; message?: string; retried: boolean }>();
  const report: RunReport = { scenarios: [] };
  for (const raw of ndjson.split('\n')) {
    if (raw.trim() === '') continue;
    let env: Record<string, Record<string, unknown>>;
    try {
      env = JSON.parse(raw) as Record<string, Record<string, unknown>>;
    } catch {
      continue; // a truncated last line (the run was killed) carries nothing we can use
    }
    if (env.gherkinDocument) collectLines(env.gherkinDocument.feature, scenarioLines);
    if (env.pickle) {
      const p = env.pickle as { id: string; name: string; uri: string; astNodeIds?: string[]; steps?: { id: string; text: string }[] };
      const lines = (p.astNodeIds ?? []).map((id) => scenarioLines.get(id)).filter((l): l is number => l !== undefined);
      pickles.set(p.id, { name: p.name, uri: p.uri, ...(lines.length > 0 ? { line: lines.at(-1) as number } : {}), steps: new Map((p.steps ?? []).map((s) => [s.id, s.text])) });
    }
    if (env.testCase) {
      const tc = env.testCase as { id: string; pickleId: string; testSteps?: { id: string; pickleStepId?: string; hookId?: string }[] };
      testCases.set(tc.id, { pickleId: tc.pickleId, steps: new Map((tc.testSteps ?? []).map((s) => [s.id, s])) });
    }
    if (env.testCaseStarted) {
      const s = env.testCaseStarted as { id: string; testCaseId: string };
      started.set(s.id, { testCaseId: s.testCaseId, status: 'PASSED', retried: false });
    }
    if (env.testStepFinished) {
      const f = env.testStepFinished as { testCaseStartedId: string; testStepId: string; testStepResult: { status: string; message?: string } };
      const run = started.get(f.testCaseStartedId);
      if (!run) continue;
      const status = asStatus(f.testStepResult.status);
      if (status !== 'PASSED' && status !== 'SKIPPED' && run.failedStep === undefined) {
        const tc = testCases.get(run.testCaseId);
        const step = tc?.steps.get(f.testStepId);
        const pickle = tc ? pickles.get(tc.pickleId) : undefined;
        run.failedStep = step?.pickleStepId ? (pickle?.steps.get(step.pickleStepId) ?? 'a step') : 'a hook';
        if (f.testStepResult.message) run.message = firstLine(f.testStepResult.message);
      }
      run.status = worse(run.status, status);
    }
    if (env.testCaseFinished) {
      const f = env.testCaseFinished as { testCaseStartedId: string; willBeRetried?: boolean };
      const run = started.get(f.testCaseStartedId);
      if (run) run.retried = f.willBeRetried === true;
    }
    if (env.testRunFinished) {
      const f = env.testRunFinished as { success?: boolean; exception?: { message?: string }; message?: string };
      report.success = f.success;
      const err = f.exception?.message ?? f.message;
      if (err) report.runError = firstLine(err);
    }
  }
  for (const run of started.values()) {
    if (run.retried) continue;
    const tc = testCases.get(run.testCaseId);
    const pickle = tc ? pickles.get(tc.pickleId) : undefined;
    report.scenarios.push({
      name: pickle?.name ?? '(unknown scenario)',
      where: pickle ? (pickle.line !== undefined ? `${pickle.uri}:${pickle.line}` : pickle.uri) : '?',
      status: run.status,
      ...(run.failedStep !== undefined ? { failedStep: run.failedStep } : {}),
      ...(run.message !== undefined ? { message: run.message } : {}),
    });
  }
  return report;
}

/** Scenario and example-row lines by AST node id, so a failing pickle can be named `file:line`. */
function collectLines(feature: unknown, into: Map<string, number>): void {
  const visit = (children: unknown): void => {
    if (!Array.isArray(children)) return;
    for (const child of children as Record<string, { id?: string; location?: { line: number }; children?: unknown; examples?: { tableBody?: { id: string; location: { line: number } }[] }[] }>[]) {
      const node = child.scenario ?? child.rule ?? child.background;
      if (!node) continue;
      if (node.id && node.location) into.set(node.id, node.location.line);
      for (const ex of node.examples ?? []) for (const row of ex.tableBody ?? []) into.set(row.id, row.location.line);
      visit(node.children);
    }
  };
  visit((feature as { children?: unknown } | undefined)?.children);
}
