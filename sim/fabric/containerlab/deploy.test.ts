import { existsSync, mkdtempSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordingExec, type RecordedCall } from '../../core/exec.ts';
import { loadLab } from '../../topology/load.ts';
import { leaseDir } from '../run-lease.ts';
import { containerlabBin } from './cli.ts';
import { deployContainerlab, destroyContainerlab } from './deploy.ts';

process.env.VRACKLAB_RUN_DIR = mkdtempSync(join(tmpdir(), 'vl-lease-'));
const dir = await mkdtemp(join(tmpdir(), 'vracklab-clab-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
const bin = containerlabBin();
const line = (c: RecordedCall) => [c.file === bin ? 'containerlab' : c.file, ...c.args].join(' ');
const versionOut = { stdout: '  banner\n    version: 0.79.0\n     commit: 5ae5009\n' };

describe('deployContainerlab', async () => {
  const lab = await loadLab('topologies/mks-private-networks.lab.yml');

  it('writes the run\'s file with a lease, deploys it, and destroy removes containers, lab directory, file and lease', async () => {
    const exec = recordingExec((c) => (c.args[0] === 'version' ? versionOut : undefined));
    const d = await deployContainerlab(exec, lab, { runId: 'abc123', dir });
    expect(d.file).toBe(join(dir, 'vracklab-mks-private-networks-abc123.clab.yml'));
    expect(d.labDir).toBe(join(dir, 'clab-vracklab-mks-private-networks-abc123'));
    // Nothing on the machine's network stack: no bridge, no firewall rule, only containerlab.
    expect(exec.calls.map(line)).toEqual(['containerlab version', `containerlab deploy -t ${d.file} --reconfigure`]);
    expect(existsSync(join(leaseDir(), 'abc123'))).toBe(true);
    const text = await readFile(d.file, 'utf8');
    expect(text).toContain('name: vracklab-mks-private-networks-abc123');
    expect(text).toContain('vracklab.run-id: abc123');

    await mkdir(d.labDir, { recursive: true });
    exec.calls.length = 0;
    await destroyContainerlab(exec, d);
    expect(exec.calls.map(line)).toEqual([`containerlab destroy -t ${d.file} --cleanup`]);
    await expect(stat(d.file)).rejects.toThrow('ENOENT');
    await expect(stat(d.labDir)).rejects.toThrow('ENOENT');
    expect(existsSync(join(leaseDir(), 'abc123'))).toBe(false);
  });

  it('refuses clearly when the containerlab CLI is missing, before creating anything', async () => {
    const exec = recordingExec((c) => (c.args[0] === 'version' ? { exitCode: 127, stderr: 'containerlab: not found' } : undefined));
    await expect(deployContainerlab(exec, lab, { runId: 'abc124', dir })).rejects.toThrow(
      'cannot deploy with containerlab: the containerlab CLI is not installed or does not run (run scripts/setup.sh containerlab, or use the docker or netns driver)',
    );
    expect(exec.calls.map(line)).toEqual(['containerlab version']);
    expect(existsSync(join(leaseDir(), 'abc124'))).toBe(false);
  });

  it('rolls back when deploy fails: destroy runs, file and lease go', async () => {
    const exec = recordingExec((c) => (c.args[0] === 'version' ? versionOut : c.args[0] === 'deploy' ? { exitCode: 1, stderr: 'boom' } : undefined));
    await expect(deployContainerlab(exec, lab, { runId: 'zzz999', dir })).rejects.toThrow('boom');
    const file = join(dir, 'vracklab-mks-private-networks-zzz999.clab.yml');
    expect(exec.calls.map(line).slice(-1)).toEqual([`containerlab destroy -t ${file} --cleanup`]);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(join(leaseDir(), 'zzz999'))).toBe(false);
  });

  it('a failed destroy keeps file and lease (gc finishes the job) and says why', async () => {
    const ok = recordingExec((c) => (c.args[0] === 'version' ? versionOut : undefined));
    const d = await deployContainerlab(ok, lab, { runId: 'fff111', dir });
    const failing = recordingExec(() => ({ exitCode: 1, stderr: 'Error: docker daemon unreachable' }));
    await expect(destroyContainerlab(failing, d)).rejects.toThrow('containerlab teardown incomplete: containerlab destroy failed (Error: docker daemon unreachable)');
    expect(existsSync(d.file)).toBe(true);
    expect(existsSync(join(leaseDir(), 'fff111'))).toBe(true);
    await destroyContainerlab(ok, d);
    expect(existsSync(d.file)).toBe(false);
  });

  it('a node whose setup command failed fails the deploy (containerlab itself only logs it) and rolls back', async () => {
    const log = ['09:52:27 ERRO Failed to execute command command="sh -ec ip addr add 10.0.0.1/16 dev eth0" node=bm2 rc=2 stdout=""', '  stderr=', '  │ RTNETLINK answers: Operation not permitted', '', '09:52:27 INFO Adding SSH config'].join('\n');
    const exec = recordingExec((c) => (c.args[0] === 'version' ? versionOut : c.args[0] === 'deploy' ? { stderr: log } : undefined));
    await expect(deployContainerlab(exec, lab, { runId: 'eee555', dir })).rejects.toThrow('containerlab deploy of vracklab-mks-private-networks-eee555: 1 node setup command(s) failed (node bm2: exit 2: RTNETLINK answers: Operation not permitted)');
    expect(exec.calls.map(line).at(-1)).toBe(`containerlab destroy -t ${join(dir, 'vracklab-mks-private-networks-eee555.clab.yml')} --cleanup`);
    expect(existsSync(join(leaseDir(), 'eee555'))).toBe(false);
  });

  it('rejects a malformed run id', async () => {
    await expect(deployContainerlab(recordingExec(), lab, { runId: 'BAD', dir })).rejects.toThrow('invalid run id');
  });
});
