import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordingExec, type RecordedCall } from '../../core/exec.ts';
import { containerlabBin } from './cli.ts';
import { deployTopology, deploymentOf, destroyTopology } from './deploy.ts';

const dir = await mkdtemp(join(tmpdir(), 'vracklab-clab-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
const bin = containerlabBin();
const line = (c: RecordedCall) => [c.file === bin ? 'containerlab' : c.file, ...c.args].join(' ');
const versionOut = { stdout: '  banner\n    version: 0.79.0\n     commit: 5ae5009\n' };
const topology = (name: string) => `name: ${name}\ntopology: { nodes: {} }\n`;

describe('deploymentOf', () => {
  it('places the file and containerlab\'s lab directory under the run\'s lab name', () => {
    const d = deploymentOf('abc123', 'vracklab-mks-abc123', dir);
    expect(d).toEqual({ runId: 'abc123', name: 'vracklab-mks-abc123', file: join(dir, 'vracklab-mks-abc123.clab.yml'), labDir: join(dir, 'clab-vracklab-mks-abc123') });
  });

  it('refuses a lab name that does not end in the run id (gc could not prove it ours) and a malformed run id', () => {
    expect(() => deploymentOf('abc123', 'vracklab-mks-zzz999', dir)).toThrow('invalid containerlab lab name "vracklab-mks-zzz999": it must be vracklab-<lab>-<run id> and end in run id abc123');
    expect(() => deploymentOf('BAD', 'vracklab-mks-BAD', dir)).toThrow('invalid run id');
  });
});

describe('deployTopology / destroyTopology', () => {
  it('writes the file, deploys it, and destroy removes containers, lab directory and file', async () => {
    const exec = recordingExec((c) => (c.args[0] === 'version' ? versionOut : undefined));
    const d = deploymentOf('abc123', 'vracklab-mks-abc123', dir);
    await deployTopology(exec, d, topology(d.name));
    expect(exec.calls.map(line)).toEqual(['containerlab version', `containerlab deploy -t ${d.file}`]);
    expect(await readFile(d.file, 'utf8')).toBe(topology(d.name));

    await mkdir(d.labDir, { recursive: true });
    exec.calls.length = 0;
    await destroyTopology(exec, d);
    expect(exec.calls.map(line)).toEqual([`containerlab destroy -t ${d.file} --cleanup`]);
    await expect(stat(d.file)).rejects.toThrow('ENOENT');
    await expect(stat(d.labDir)).rejects.toThrow('ENOENT');
  });

  it('refuses clearly when the containerlab CLI is missing, before writing anything', async () => {
    const exec = recordingExec((c) => (c.args[0] === 'version' ? { exitCode: 127, stderr: 'containerlab: not found' } : undefined));
    const d = deploymentOf('abc124', 'vracklab-mks-abc124', dir);
    await expect(deployTopology(exec, d, topology(d.name))).rejects.toThrow(
      'cannot deploy with containerlab: the containerlab CLI is not installed or does not run (run scripts/setup.sh containerlab, or use the docker or netns driver)',
    );
    expect(exec.calls.map(line)).toEqual(['containerlab version']);
    expect(existsSync(d.file)).toBe(false);
  });

  it('never overwrites a file already there (another deployment of that name), and leaves it alone', async () => {
    const d = deploymentOf('ccc333', 'vracklab-mks-ccc333', dir);
    await writeFile(d.file, 'theirs');
    const exec = recordingExec((c) => (c.args[0] === 'version' ? versionOut : undefined));
    await expect(deployTopology(exec, d, topology(d.name))).rejects.toThrow('EEXIST');
    expect(exec.calls.map(line).filter((l) => l.includes(' deploy '))).toEqual([]);
  });

  it('rolls back when deploy fails: destroy runs, the file goes', async () => {
    const exec = recordingExec((c) => (c.args[0] === 'version' ? versionOut : c.args[0] === 'deploy' ? { exitCode: 1, stderr: 'boom' } : undefined));
    const d = deploymentOf('zzz999', 'vracklab-mks-zzz999', dir);
    await expect(deployTopology(exec, d, topology(d.name))).rejects.toThrow('boom');
    expect(exec.calls.map(line).slice(-1)).toEqual([`containerlab destroy -t ${d.file} --cleanup`]);
    expect(existsSync(d.file)).toBe(false);
  });

  it('a failed destroy keeps the file (gc finishes the job) and says why', async () => {
    const ok = recordingExec((c) => (c.args[0] === 'version' ? versionOut : undefined));
    const d = deploymentOf('fff111', 'vracklab-mks-fff111', dir);
    await deployTopology(ok, d, topology(d.name));
    const failing = recordingExec(() => ({ exitCode: 1, stderr: 'Error: docker daemon unreachable' }));
    await expect(destroyTopology(failing, d)).rejects.toThrow('containerlab teardown incomplete: containerlab destroy failed (Error: docker daemon unreachable)');
    expect(existsSync(d.file)).toBe(true);
    await destroyTopology(ok, d);
    expect(existsSync(d.file)).toBe(false);
  });

  it('a node whose setup command failed fails the deploy (containerlab itself only logs it) and rolls back', async () => {
    const log = ['09:52:27 ERRO Failed to execute command command="sh -ec ip addr add 10.0.0.1/16 dev eth0" node=bm2 rc=2 stdout=""', '  stderr=', '  │ RTNETLINK answers: Operation not permitted', '', '09:52:27 INFO Adding SSH config'].join('\n');
    const exec = recordingExec((c) => (c.args[0] === 'version' ? versionOut : c.args[0] === 'deploy' ? { stderr: log } : undefined));
    const d = deploymentOf('eee555', 'vracklab-mks-eee555', dir);
    await expect(deployTopology(exec, d, topology(d.name))).rejects.toThrow('containerlab deploy of vracklab-mks-eee555: 1 node setup command(s) failed (node bm2: exit 2: RTNETLINK answers: Operation not permitted)');
    expect(exec.calls.map(line).at(-1)).toBe(`containerlab destroy -t ${d.file} --cleanup`);
  });
});
