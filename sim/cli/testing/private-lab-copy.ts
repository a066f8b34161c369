/**
 * A reference lab copied under a name of its own, with private record and data directories, for a
 * CLI test that runs `vracklab up` through the binary: its lab name cannot collide with another
 * test's (a second `up` of a running lab is refused), and its records stay out of the machine's.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivateLabCopy {
  /** A temp directory holding everything below. */
  base: string;
  stateDir: string;
  dataDir: string;
  /** The copied lab file, `name:` replaced. */
  labFile: string;
  /** The caller's environment with VRACKLAB_STATE_DIR and VRACKLAB_DATA_DIR pointing inside `base`. */
  env: NodeJS.ProcessEnv;
}

export function privateLabCopy(reference: string, name: string): PrivateLabCopy {
  const base = mkdtempSync(join(tmpdir(), `vracklab-${name}-`));
  const stateDir = join(base, 'labs');
  const dataDir = join(base, 'data');
  const labFile = join(base, `${name}.lab.yml`);
  const source = readFileSync(`topologies/${reference}.lab.yml`, 'utf8');
  const renamed = source.replace(new RegExp(`^name: ${reference}$`, 'm'), `name: ${name}`);
  if (renamed === source) throw new Error(`topologies/${reference}.lab.yml has no "name: ${reference}" line to rename`);
  writeFileSync(labFile, renamed);
  return { base, stateDir, dataDir, labFile, env: { ...process.env, VRACKLAB_STATE_DIR: stateDir, VRACKLAB_DATA_DIR: dataDir } };
}
