/**
 * Turns a fabric session recorded with a fake exec into a POSIX shell script that replays the
 * same commands on a real kernel. This kernel has no 8021q/vlan_filtering, so `dot1q` mode is
 * proven by replaying its exact command plan inside a Debian kernel under qemu (dot1q-vm.int.test.ts).
 * The fake hands out placeholder PIDs for namespace keepers; the script captures the real PIDs
 * into variables and substitutes them.
 */
import { formatCommand, recordingExec } from '../../core/exec.ts';
import type { RecordedCall } from '../../core/exec.ts';
import { isKeeperStart } from '../netns/netns-driver.ts';

/** Placeholder PIDs start here: no real argument or address contains such a number. */
const PLACEHOLDER_BASE = 7700000;

export interface PlanRecorder {
  exec: ReturnType<typeof recordingExec>;
  /** Keeper placeholder PIDs handed out, in order. */
  placeholders: number[];
}

/** A fake machine for the netns driver: keepers get placeholder PIDs, iptables is absent. */
export function planRecorder(): PlanRecorder {
  const placeholders: number[] = [];
  const exec = recordingExec((c) => {
    if (isKeeperStart(c)) {
      const pid = PLACEHOLDER_BASE + placeholders.length + 1;
      placeholders.push(pid);
      return { stdout: String(pid) };
    }
    if (c.file === 'iptables') return { exitCode: 1, stderr: 'not in the VM' };
    if (c.file === 'docker') return { exitCode: 1, stderr: 'no docker in the VM' };
    return undefined;
  });
  return { exec, placeholders };
}

function substitute(text: string, placeholders: readonly number[]): string {
  let out = text;
  for (const p of placeholders) out = out.replaceAll(String(p), `$P${p}`);
  return out;
}

/** One line (or heredoc) per recorded call; `set -e` so the first failing step stops the replay. */
export function replayScript(calls: readonly RecordedCall[], placeholders: readonly number[]): string {
  const lines: string[] = ['set -e'];
  let keeper = 0;
  for (const c of calls) {
    // Queries the fake answered (listings for the reaper, probes of what exists) are not plan steps.
    if (c.file === 'iptables' || c.file === 'docker') continue;
    const command = substitute(formatCommand(c.file, c.args), placeholders).replace(/'([^']*\$P\d+[^']*)'/g, '"$1"');
    if (isKeeperStart(c)) {
      const p = placeholders[keeper++];
      lines.push(`P${p}=$(${command})`);
      continue;
    }
    if (c.input !== undefined) lines.push(`${command} <<EOF\n${substitute(c.input, placeholders).trimEnd()}\nEOF`);
    else lines.push(`${command} || true`);
  }
  return lines.join('\n') + '\n';
}
