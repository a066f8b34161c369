/**
 * Coalescing of concurrent plumbing commands into few processes. A fabric builds its hosts
 * concurrently (the lab engine adds them in parallel); each host's own steps are a handful of small
 * commands, and starting a process costs more than the kernel work it asks for (measured on 2 cores:
 * a 200-host netns fabric spent 3× the floor, mostly in ~4 process starts per host). Callers keep
 * their per-host API: each submits its lines and awaits its own result; work submitted while a
 * process runs goes into the next one.
 *
 * - `ipBatch(exec)`: machine-side `ip -batch -` lines. ip stops at the first failing line (no
 *   `-force`), as a caller's own process would: callers before it succeeded, the failing line's
 *   caller gets the error, callers after it are run again in the next batch.
 * - `shellBatch(exec)`: independent commands (each a host's own work, e.g. an `ip -batch` inside its
 *   namespace) run one after the other by one `sh`, each with its own exit code and output; a
 *   command alone in the queue runs as itself.
 */
import { availableParallelism } from 'node:os';
import { HarnessError } from '../core/errors.ts';
import { formatCommand, shellQuote } from '../core/exec.ts';
import type { Exec } from '../core/exec.ts';

interface Pending<I, R> {
  item: I;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Runs queued items in groups: `flush` gets a group and settles each of its items; items it hands back
 * are queued again, first. At most `parallel` groups run at once, each at most `maxItems` long.
 */
export class Coalescer<I, R> {
  private readonly queue: Pending<I, R>[] = [];
  private running = 0;
  private readonly flush: (group: Pending<I, R>[]) => Promise<Pending<I, R>[]>;
  private readonly parallel: number;
  private readonly maxItems: number;

  constructor(flush: (group: Pending<I, R>[]) => Promise<Pending<I, R>[]>, parallel: number, maxItems: number) {
    this.flush = flush;
    this.parallel = parallel;
    this.maxItems = maxItems;
  }

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      // The next macrotask: callers resumed in the same tick join the same group.
      if (this.running < this.parallel) setImmediate(() => this.drain());
    });
  }

  private drain(): void {
    while (this.running < this.parallel && this.queue.length > 0) {
      const group = this.queue.splice(0, this.maxItems);
      this.running++;
      this.flush(group)
        .then(
          (again) => this.queue.unshift(...again),
          (error: unknown) => group.forEach((p) => p.reject(error)),
        )
        .finally(() => {
          this.running--;
          this.drain();
        });
    }
  }
}

/** Lines of one `ip -batch` input; more are split over several processes (ip reads them one by one anyway). */
const MAX_IP_LINES = 4_000;

function ipBatchQueue(exec: Exec): Coalescer<readonly string[], void> {
  // One at a time: the kernel serialises link changes (rtnl lock), a second ip would only wait.
  return new Coalescer<readonly string[], void>(
    async (group) => {
      let lines = 0;
      const taken = group.filter((p) => (lines += p.item.length) <= MAX_IP_LINES || p === group[0]);
      const again = group.slice(taken.length);
      const r = await exec('ip', ['-batch', '-'], { input: taken.flatMap((p) => p.item).join('\n') + '\n', allowFailure: true });
      if (r.exitCode === 0) {
        taken.forEach((p) => p.resolve());
        return again;
      }
      const failedLine = Number(/Command failed -:(\d+)/.exec(r.stderr)?.[1] ?? NaN);
      const why = r.stderr.replace(/Command failed -:\d+\s*/g, '').trim() || `exit code ${r.exitCode}`;
      if (!Number.isInteger(failedLine)) {
        // No line named (ip itself failed): nobody knows what ran, every caller gets the error.
        taken.forEach((p) => p.reject(new HarnessError('EXEC_FAILED', `command failed: exit code ${r.exitCode} (ip -batch -): ${why}`, { details: { lines: p.item, stderr: r.stderr } })));
        return again;
      }
      let first = 1;
      for (const [i, p] of taken.entries()) {
        const last = first + p.item.length - 1;
        if (failedLine <= last) {
          const line = p.item[failedLine - first];
          p.reject(new HarnessError('EXEC_FAILED', `command failed: exit code ${r.exitCode} (ip -batch -, line ${failedLine - first + 1}: ${line}): ${why}`, { details: { lines: p.item, stderr: r.stderr } }));
          // ip stopped at that line: the callers after this one did not run yet.
          return [...taken.slice(i + 1), ...again];
        }
        p.resolve();
        first = last + 1;
      }
      return again;
    },
    1,
    Number.MAX_SAFE_INTEGER,
  );
}

/** One command of a shell batch: a file, its arguments, and what it reads on standard input. */
export interface BatchedCommand {
  file: string;
  args: readonly string[];
  input?: string;
}

/** What one command of a shell batch did. */
export interface FragmentResult {
  exitCode: number;
  /** Its standard error then its standard output (merged, in order, inside a batch), without the trailing newline. */
  output: string;
}

/** Commands per `sh`: long enough to amortise the start, short enough that a group does not serialise the whole fabric. */
const MAX_FRAGMENTS = 64;
const MARK = '@@vracklab-fragment-end';

const HEREDOC_END = 'VRACKLAB_INPUT_END';

/**
 * The command as a shell fragment. Its input is a quoted here-document (dash writes a small one
 * straight into a pipe, no extra process), or, when a line could end it early, `printf` of one
 * quoted word per line.
 */
export function commandFragment(c: BatchedCommand): string {
  const command = formatCommand(c.file, c.args);
  if (c.input === undefined) return command;
  const lines = c.input.replace(/\n$/, '').split('\n');
  if (!lines.includes(HEREDOC_END)) return `${command} <<'${HEREDOC_END}'\n${lines.join('\n')}\n${HEREDOC_END}`;
  return `printf '%s\\n' ${lines.map(shellQuote).join(' ')} | ${command}`;
}

/**
 * The script running `commands` in order, each followed by its exit-code mark. A brace group, not
 * a subshell: one process less per command (each command is one simple command or pipeline, and
 * none of them is `exit` or `exec`).
 */
export function shellBatchScript(commands: readonly BatchedCommand[]): string {
  return commands.map((c, i) => `{ ${commandFragment(c)}\n} 2>&1\necho "${MARK} ${i} $?"`).join('\n') + '\n';
}

/** Splits a shell batch's output at the marks; a command with no mark (the script was cut short) is missing. */
export function parseShellBatch(stdout: string, count: number): (FragmentResult | undefined)[] {
  const results: (FragmentResult | undefined)[] = Array.from({ length: count });
  const mark = new RegExp(`^${MARK} (\\d+) (\\d+)$`);
  let chunk: string[] = [];
  for (const line of stdout.split('\n')) {
    const m = mark.exec(line);
    if (!m) {
      chunk.push(line);
      continue;
    }
    results[Number(m[1])] = { exitCode: Number(m[2]), output: chunk.join('\n').replace(/\n+$/, '') };
    chunk = [];
  }
  return results;
}

function shellBatchQueue(exec: Exec): Coalescer<BatchedCommand, FragmentResult> {
  // Commands are mostly process starts: one sh per core keeps both cores busy, no more.
  return new Coalescer<BatchedCommand, FragmentResult>(
    async (group) => {
      if (group.length === 1) {
        // Alone: the command itself, as a caller without the queue would have run it.
        const { file, args, input } = (group[0] as Pending<BatchedCommand, FragmentResult>).item;
        const r = await exec(file, args, { ...(input !== undefined ? { input } : {}), allowFailure: true });
        group[0]?.resolve({ exitCode: r.exitCode, output: [r.stderr, r.stdout].filter(Boolean).join('\n') });
        return [];
      }
      const r = await exec('sh', ['-c', shellBatchScript(group.map((p) => p.item))], { allowFailure: true });
      const results = parseShellBatch(r.stdout, group.length);
      group.forEach((p, i) => {
        const res = results[i];
        if (res) p.resolve(res);
        else p.reject(new HarnessError('EXEC_FAILED', `command failed: the shell batch ended before ${formatCommand(p.item.file, p.item.args)} ran (exit code ${r.exitCode}): ${r.stderr.trim() || 'no output'}`, { details: { command: p.item, exitCode: r.exitCode } }));
      });
      return [];
    },
    Math.max(1, availableParallelism()),
    MAX_FRAGMENTS,
  );
}

/** One queue per Exec: a fabric's build exec (with its abort signal) never shares a process with another's. */
const ipQueues = new WeakMap<Exec, Coalescer<readonly string[], void>>();
const shellQueues = new WeakMap<Exec, Coalescer<BatchedCommand, FragmentResult>>();

export function ipBatch(exec: Exec, lines: readonly string[]): Promise<void> {
  let q = ipQueues.get(exec);
  if (!q) ipQueues.set(exec, (q = ipBatchQueue(exec)));
  return q.submit(lines);
}

/** Runs `command` (never throws for its exit code): alone when nothing else is queued, else in one `sh` with its neighbours. */
export function shellBatch(exec: Exec, command: BatchedCommand): Promise<FragmentResult> {
  let q = shellQueues.get(exec);
  if (!q) shellQueues.set(exec, (q = shellBatchQueue(exec)));
  return q.submit(command);
}
