import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordingExec } from '../../core/exec.ts';
import type { ReapContext } from '../driver.ts';
import { clabNameRunId, netnsLinkLabNames, reapContainerlab } from './reap.ts';

function machine() {
  const root = mkdtempSync(join(tmpdir(), 'vl-reap-'));
  const clabDir = join(root, 'containerlab');
  const ssh = join(root, 'ssh');
  const netns = join(root, 'netns');
  const userDir = join(root, 'user');
  const paths = {
    // A crashed vracklab deploy of run aaa111 (lease stale, containers already gone): file, lab directory, ssh config.
    file: join(clabDir, 'vracklab-lab-aaa111.clab.yml'),
    labDir: join(clabDir, 'clab-vracklab-lab-aaa111'),
    sshConf: join(ssh, 'clab-vracklab-lab-aaa111.conf'),
    // An exported lab of run bbb222 deployed by a user elsewhere: found through its container's labels.
    userLabDir: join(userDir, 'clab-vracklab-lab-bbb222'),
    userSsh: join(ssh, 'clab-vracklab-lab-bbb222.conf'),
    userLink: join(netns, 'clab-vracklab-lab-bbb222-h1'),
    // aaa111's containers were removed by someone else: their links dangle, its lease proves them; a live one stays.
    crashedLink: join(netns, 'clab-vracklab-lab-1-aaa111-efs-lim'),
    liveLink: join(netns, 'clab-vracklab-lab-aaa111-h2'),
    // Look-alikes: a live run's, a foreign lab's, a name without our grammar.
    liveLabDir: join(clabDir, 'clab-vracklab-lab-ccc333'),
    foreignSsh: join(ssh, 'clab-mylab.conf'),
    foreignUserDir: join(userDir, 'clab-srl01'),
  };
  for (const d of [ssh, netns, paths.labDir, paths.userLabDir, paths.liveLabDir, paths.foreignUserDir]) mkdirSync(d, { recursive: true });
  for (const f of [paths.file, paths.sshConf, paths.userSsh, paths.foreignSsh]) writeFileSync(f, 'x');
  symlinkSync('/proc/999999999/ns/net', paths.userLink); // its namespace is gone: dangling
  symlinkSync('/proc/999999999/ns/net', paths.crashedLink);
  symlinkSync('/proc/self/ns/net', paths.liveLink); // a namespace that is there
  const exec = recordingExec((c) =>
    c.file === 'docker' && c.args[0] === 'ps'
      ? { stdout: [`c2\tbbb222\tclab-vracklab-lab-bbb222-h1\tvracklab-lab-bbb222\t${paths.userLabDir}/h1`, `c3\tccc333\tclab-vracklab-lab-ccc333-h1\tvracklab-lab-ccc333\t${paths.liveLabDir}/h1`, `c4\tddd444\tclab-srl01-r1\tsrl01\t${paths.foreignUserDir}/r1`].join('\n') }
      : undefined,
  );
  return { exec, places: { clabDir, sshConfigDir: ssh, netnsDir: netns }, paths };
}

/** gc's context: runs not kept are wanted; only aaa111's lease is stale (its proof when no label is there). */
function reapContext(exec: ReapContext['exec'], keep: readonly string[], leased: readonly string[]): ReapContext {
  return {
    exec,
    wanted: (id): id is string => id !== undefined && !keep.includes(id),
    proofOf: (_what, id) => (leased.includes(id) ? `lease of run ${id}` : undefined),
    proofLog: () => {},
  };
}

describe('reapContainerlab', () => {
  it('removes a crashed run\'s containers, file, lab directory, ssh config and namespace links, with a proof each, and nothing else', async () => {
    const { exec, places, paths } = machine();
    const removed = await reapContainerlab(reapContext(exec, ['ccc333'], ['aaa111']), places);
    // The labelled container of a reaped run goes (ddd444's lab name is not ours; ccc333 is kept).
    expect(exec.calls.map((c) => c.args.join(' '))).toContain('rm --force --volumes c2');
    expect(removed.sort()).toEqual(['container clab-vracklab-lab-bbb222-h1', ...[paths.file, paths.labDir, paths.sshConf, paths.userLabDir, paths.userSsh].map((p) => `containerlab file ${p}`), `containerlab netns link ${paths.userLink}`, `containerlab netns link ${paths.crashedLink}`].sort());
    for (const p of [paths.file, paths.labDir, paths.sshConf, paths.userLabDir, paths.userSsh, paths.userLink, paths.crashedLink]) expect(existsSync(p)).toBe(false);
    for (const p of [paths.liveLabDir, paths.foreignSsh, paths.foreignUserDir, paths.liveLink]) expect(existsSync(p)).toBe(true);
  });

  it('without a lease or a labelled container, a name alone is no proof', async () => {
    const { places, paths } = machine();
    const removed = await reapContainerlab(reapContext(recordingExec(), [], []), places);
    expect(removed).toEqual([]);
    expect(existsSync(paths.labDir)).toBe(true);
  });

  it('reads the possible lab names of a namespace link (node names have dashes and may look like run ids)', () => {
    expect(netnsLinkLabNames('clab-vracklab-mks-private-networks-abc123-node1')).toEqual(['vracklab-mks-private-networks-abc123']);
    expect(netnsLinkLabNames('clab-vracklab-lab-abc123-efs-lim')).toEqual(['vracklab-lab-abc123']);
    expect(netnsLinkLabNames('clab-vracklab-lab-abc123-host12-x')).toEqual(['vracklab-lab-abc123', 'vracklab-lab-abc123-host12']);
    expect(netnsLinkLabNames('clab-srl01-r1')).toEqual([]);
    expect(netnsLinkLabNames('vl2or4ml-probe')).toEqual([]);
  });

  it('reads the run id at the end of our lab names only', () => {
    expect(clabNameRunId('vracklab-mks-private-networks-abc123')).toBe('abc123');
    expect(clabNameRunId('vracklab-mks-private-networks-2-abc123')).toBe('abc123');
    expect(clabNameRunId('vracklab-mks')).toBeUndefined();
    expect(clabNameRunId('mylab-abc123')).toBeUndefined();
  });
});
