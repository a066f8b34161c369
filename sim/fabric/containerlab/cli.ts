/**
 * Where the containerlab CLI is and which version it is. `scripts/setup.sh containerlab` builds it
 * into `.tools/go-bin` (pinned, patched for kernels without /proc/modules); a containerlab on PATH
 * works too. VRACKLAB_CONTAINERLAB names another binary.
 */
import { existsSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { Exec } from '../../core/exec.ts';
import { packageRoot } from '../../core/package-root.ts';

/** The version scripts/setup.sh builds. */
export const CONTAINERLAB_VERSION = '0.79.0';

/** containerlab asks GitHub for a newer release on each run: no internet here, and it must not matter. */
export const CONTAINERLAB_ENV: Record<string, string> = { CLAB_VERSION_CHECK: 'disable' };

export function containerlabBin(): string {
  const env = process.env.VRACKLAB_CONTAINERLAB;
  if (env) return env;
  // The checkout's .tools/ (from sources or from its dist/); an installed package has none: PATH.
  const built = join(packageRoot(), '.tools/go-bin/containerlab');
  return existsSync(built) ? built : 'containerlab';
}

/** `containerlab version` prints a banner then `version: X.Y.Z`; null when it is missing or does not run. */
export async function containerlabVersion(exec: Exec): Promise<string | null> {
  const r = await exec(containerlabBin(), ['version'], { allowFailure: true, env: CONTAINERLAB_ENV, timeoutMs: 30_000 }).catch(() => undefined);
  if (!r || r.exitCode !== 0) return null;
  return /^\s*version:\s*(\S+)/m.exec(r.stdout)?.[1] ?? null;
}

/**
 * Whether the containerlab binary is there (built, named, or on PATH), without running it: what a
 * driver's `missing()` can ask synchronously before anything is built. A binary that is there but
 * does not run is reported by deploy (CONTAINERLAB_MISSING) and by `vracklab doctor`.
 */
export function containerlabInstalled(): boolean {
  const bin = containerlabBin();
  if (isAbsolute(bin)) return existsSync(bin);
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, bin)));
}
