import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordingExec } from '../../core/exec.ts';
import { clabNameRunId, reapContainerlab } from './reap.ts';

function machine() {
  const root = mkdtempSync(join(tmpdir(), 'vl-reap-'));
  const clabDir = join(root, 'containerlab');
  const ssh = join(root, 'ssh');
  const userDir = join(root, 'user');
  const paths = {
    // A crashed vracklab deploy of run aaa111 (lease stale): file, lab directory, ssh config.
    file: join(clabDir, 'vracklab-lab-aaa111.clab.yml'),
    labDir: join(clabDir, 'clab-vracklab-lab-aaa111'),
    sshConf: join(ssh, 'clab-vracklab-lab-aaa111.conf'),
    // An exported lab of run bbb222 deployed by a user elsewhere: found through its container's labels.
    userLabDir: join(userDir, 'clab-vracklab-lab-bbb222'),
    userSsh: join(ssh, 'clab-vracklab-lab-bbb222.conf'),
    // Look-alikes: a live run's, a foreign lab's, a name without our grammar.
    liveLabDir: join(clabDir, 'clab-vracklab-lab-ccc333'),
    foreignSsh: join(ssh, 'clab-mylab.conf'),
    foreignUserDir: join(userDir, 'clab-srl01'),
  };
  for (const d of [ssh, paths.labDir, paths.userLabDir, paths.liveLabDir, paths.foreignUserDir]) mkdirSync(d, { recursive: true });
  for (const f of [paths.file, paths.sshConf, paths.userSsh, paths.foreignSsh]) writeFileSync(f, 'x');
  const exec = recordingExec((c) =>
    c.file === 'docker'
      ? { stdout: [`bbb222\tvracklab-lab-bbb222\t${paths.userLabDir}/h1`, `ccc333\tvracklab-lab-ccc333\t${paths.liveLabDir}/h1`, `ddd444\tsrl01\t${paths.foreignUserDir}/r1`].join('\n') }
      : undefined,
  );
  return { exec, clabDir, ssh, paths };
}

describe('reapContainerlab', () => {
  it('removes a crashed run\'s file, lab directory and ssh config, with a proof each, and nothing else', async () => {
    const { exec, clabDir, ssh, paths } = machine();
    const keep = new Set(['ccc333']);
    const { removed, labs } = await reapContainerlab({
      exec,
      clabDir,
      sshConfigDir: ssh,
      wanted: (id): id is string => id !== undefined && !keep.has(id),
      // Only aaa111's lease is stale: bbb222 (exported, no lease) is proven by its container's label.
      leaseProof: (_what, id) => (id === 'aaa111' ? 'lease' : undefined),
    });
    expect(removed.sort()).toEqual([paths.file, paths.labDir, paths.sshConf, paths.userLabDir, paths.userSsh].map((p) => `containerlab file ${p}`).sort());
    for (const p of [paths.file, paths.labDir, paths.sshConf, paths.userLabDir, paths.userSsh]) expect(existsSync(p)).toBe(false);
    for (const p of [paths.liveLabDir, paths.foreignSsh, paths.foreignUserDir]) expect(existsSync(p)).toBe(true);
    // The labelled lab of a reaped run, for its namespace links after the containers go; not the kept or foreign ones.
    expect(labs).toEqual(['vracklab-lab-bbb222']);
  });

  it('without a lease or a labelled container, a name alone is no proof', async () => {
    const { clabDir, ssh, paths } = machine();
    const { removed } = await reapContainerlab({ exec: recordingExec(), clabDir, sshConfigDir: ssh, wanted: (id): id is string => id !== undefined, leaseProof: () => undefined });
    expect(removed).toEqual([]);
    expect(existsSync(paths.labDir)).toBe(true);
  });

  it('reads the run id at the end of our lab names only', () => {
    expect(clabNameRunId('vracklab-mks-private-networks-abc123')).toBe('abc123');
    expect(clabNameRunId('vracklab-mks')).toBeUndefined();
    expect(clabNameRunId('mylab-abc123')).toBeUndefined();
  });
});
