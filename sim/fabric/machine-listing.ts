/**
 * Reading the machine's real state for the reapers: a listing command's lines (empty when it fails:
 * a missing tool or daemon has nothing of ours), and `ip -o link`'s names and aliases, where the
 * ownership markers live.
 */
import type { Exec } from '../core/exec.ts';

/** The non-empty, trimmed lines of a command's output, or none when it fails. */
export async function listed(exec: Exec, file: string, args: string[]): Promise<string[]> {
  const r = await exec(file, args, { allowFailure: true, timeoutMs: 30_000 }).catch(() => null);
  return r && r.exitCode === 0 ? r.stdout.split('\n').map((l) => l.trim()).filter(Boolean) : [];
}

/** A machine link: its name (without `@peer`) and its alias, where our ownership marker lives. */
export interface MachineLink {
  name: string;
  alias: string | undefined;
}

/** `ip -o link` prints `N: name@peer: <…> …\    alias TEXT` (the alias last, when set). */
export function parseLinks(listing: string): MachineLink[] {
  return listing
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => ({ name: (l.split(': ')[1] ?? '').split('@')[0] ?? '', alias: /\\\s+alias (.*)$/.exec(l)?.[1]?.trim() }));
}
