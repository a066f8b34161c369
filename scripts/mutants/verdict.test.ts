import { describe, expect, it } from 'vitest';
import { parseMessages } from './cucumber-report.ts';
import { judge } from './verdict.ts';

/** A messages report as cucumber-js writes it: one envelope per line. */
function report(cases: { name: string; line: number; steps: { text: string; status: string; message?: string }[] }[], runFinished?: Record<string, unknown>): string {
  const out: unknown[] = [];
  out.push({ gherkinDocument: { uri: 'features/a.feature', feature: { children: cases.map((c, i) => ({ scenario: { id: `sc${i}`, location: { line: c.line } } })) } } });
  cases.forEach((c, i) => {
    out.push({ pickle: { id: `p${i}`, name: c.name, uri: 'features/a.feature', astNodeIds: [`sc${i}`], steps: c.steps.map((s, j) => ({ id: `ps${i}.${j}`, text: s.text })) } });
    out.push({ testCase: { id: `tc${i}`, pickleId: `p${i}`, testSteps: [{ id: `h${i}`, hookId: 'before' }, ...c.steps.map((_, j) => ({ id: `ts${i}.${j}`, pickleStepId: `ps${i}.${j}` }))] } });
  });
  cases.forEach((c, i) => {
    out.push({ testCaseStarted: { id: `st${i}`, testCaseId: `tc${i}` } });
    out.push({ testStepFinished: { testCaseStartedId: `st${i}`, testStepId: `h${i}`, testStepResult: { status: 'PASSED' } } });
    c.steps.forEach((s, j) => out.push({ testStepFinished: { testCaseStartedId: `st${i}`, testStepId: `ts${i}.${j}`, testStepResult: { status: s.status, ...(s.message ? { message: s.message } : {}) } } }));
    out.push({ testCaseFinished: { testCaseStartedId: `st${i}`, willBeRetried: false } });
  });
  if (runFinished) out.push({ testRunFinished: runFinished });
  return out.map((o) => JSON.stringify(o)).join('\n') + '\n';
}

const passing = { name: 'it works', line: 5, steps: [{ text: 'a thing', status: 'PASSED' }] };
const failing = { name: 'it is refused', line: 9, steps: [{ text: 'I add it', status: 'PASSED' }, { text: 'the request is refused', status: 'FAILED', message: 'ExpectationError: expected 400\n    at stack' }, { text: 'more', status: 'SKIPPED' }] };

describe('judge', () => {
  it('killed: the run failed with a failed scenario, named with its line, step and first message line', () => {
    const v = judge(parseMessages(report([passing, failing], { success: false })), { exitCode: 1, timedOut: false });
    expect(v.outcome).toBe('killed');
    expect(v.failedScenarios).toEqual([{ name: 'it is refused', where: 'features/a.feature:9', status: 'FAILED', failedStep: 'the request is refused', message: 'ExpectationError: expected 400' }]);
    expect(v.reason).toContain('1/2 scenario(s) failed');
  });

  it('survived: every scenario passed and the run exited 0', () => {
    const v = judge(parseMessages(report([passing], { success: true })), { exitCode: 0, timedOut: false });
    expect(v).toMatchObject({ outcome: 'survived', scenarioCount: 1, failedScenarios: [] });
  });

  it('error, not killed: the run failed before any scenario ran (a crash of the harness)', () => {
    const v = judge(parseMessages(''), { exitCode: 1, timedOut: false, outputTail: 'SyntaxError: Unexpected token' });
    expect(v.outcome).toBe('error');
    expect(v.reason).toMatch(/no scenario ran \(exit 1; output: SyntaxError/);
  });

  it('error, not killed: undefined steps fail a strict run without any scenario failing', () => {
    const undefinedStep = { name: 'typo', line: 3, steps: [{ text: 'a step nobody wrote', status: 'UNDEFINED' }] };
    const v = judge(parseMessages(report([passing, undefinedStep], { success: false })), { exitCode: 1, timedOut: false });
    expect(v.outcome).toBe('error');
    expect(v.reason).toContain('UNDEFINED');
  });

  it('error, not survived: all scenarios passed but the run exited non-zero (teardown crash)', () => {
    const v = judge(parseMessages(report([passing], { success: false, exception: { message: 'leak' } })), { exitCode: 1, timedOut: false });
    expect(v.outcome).toBe('error');
    expect(v.reason).toContain('exited 1: leak');
  });

  it('error: a timeout before any failure; killed: a timeout after one', () => {
    expect(judge(parseMessages(report([passing])), { exitCode: null, timedOut: true }).outcome).toBe('error');
    expect(judge(parseMessages(report([failing])), { exitCode: null, timedOut: true }).outcome).toBe('killed');
  });

  it('a hook failure counts as a failed scenario, named as a hook', () => {
    const text = report([passing]).replace('"testStepId":"h0","testStepResult":{"status":"PASSED"}', '"testStepId":"h0","testStepResult":{"status":"FAILED","message":"lab did not start"}');
    const v = judge(parseMessages(text), { exitCode: 1, timedOut: false });
    expect(v.outcome).toBe('killed');
    expect(v.failedScenarios[0]).toMatchObject({ failedStep: 'a hook', message: 'lab did not start' });
  });

  it('a truncated last line (run killed mid-write) is skipped, the rest still read', () => {
    const text = report([failing]) + '{"testStepFinished":{"testCase';
    expect(judge(parseMessages(text), { exitCode: null, timedOut: true }).outcome).toBe('killed');
  });
});

describe('set-up failures', () => {
  const labDown = { name: 'lab', line: 4, steps: [{ text: 'the lab "vrack-services" is up', status: 'FAILED', message: 'HarnessError: NIC eth0 of host bm1 could not be attached' }, { text: 'bm1 can ping 10.120.0.1', status: 'SKIPPED' }] };

  it('a kill only by a lab that did not start is flagged setupOnly (the runner runs it again)', () => {
    const v = judge(parseMessages(report([passing, labDown])), { exitCode: 1, timedOut: false });
    expect(v).toMatchObject({ outcome: 'killed', setupOnly: true });
  });

  it('a kill by a check is not setupOnly, even beside a lab that did not start', () => {
    const v = judge(parseMessages(report([labDown, failing])), { exitCode: 1, timedOut: false });
    expect(v).toMatchObject({ outcome: 'killed', setupOnly: false });
  });
});
