// `vracklab doctor --json` and `vracklab images list --json` through the real CLI entry, against
// what the library probes on this machine: the commands report the machine, not a canned answer.
import { describe, expect, it } from 'vitest';
import { realExec } from '../../core/exec.ts';
import { probeKernel, probeDocker } from '../../fabric/capabilities.ts';
import type { DoctorReport } from '../../fabric/doctor-report.ts';
import type { ImageStatus } from '../../fabric/images/image-build.ts';
import { recipeNames } from '../../fabric/images/registry.ts';

const docker = await probeDocker();
const cli = (args: string[]) => realExec(process.execPath, ['bin/vracklab.js', ...args], { timeoutMs: 60_000 });

describe('vracklab doctor / images list', () => {
  it('doctor --json reports the probed kernel, the docker engine and the VLAN mode', async () => {
    const report = JSON.parse((await cli(['doctor', '--json'])).stdout) as DoctorReport;
    expect(report.capabilities.kernel).toEqual(await probeKernel());
    expect(report.capabilities.docker?.version ?? null).toBe(docker?.version ?? null);
    const k = report.capabilities.kernel;
    expect(report.capabilities.vlanMode).toBe(k.vlan8021q && k.vlanFiltering ? 'dot1q' : 'segment');
    // Every registered recipe, and the two every lab needs among them.
    expect(report.images.map((i) => i.name).sort()).toEqual(recipeNames().sort());
    expect(recipeNames()).toEqual(expect.arrayContaining(['efs', 'host']));
    // The containerlab version is the one its own CLI prints (null only when it does not run).
    const clab = await realExec(report.containerlab.path, ['version'], { allowFailure: true }).catch(() => null);
    expect(report.containerlab.version).toBe(clab?.exitCode === 0 ? (/^\s*version:\s*(\S+)/m.exec(clab.stdout)?.[1] ?? null) : null);
  });

  it('images list --json agrees with docker about which tags are present', async ({ skip }) => {
    if (!docker) return skip('no reachable Docker engine');
    const rows = JSON.parse((await cli(['images', 'list', '--json'])).stdout) as ImageStatus[];
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      const inspect = await realExec('docker', ['image', 'inspect', row.tag], { allowFailure: true });
      expect(row.present).toBe(inspect.exitCode === 0);
    }
  });

  it('images build refuses an unknown recipe before building anything', async () => {
    const r = await realExec(process.execPath, ['bin/vracklab.js', 'images', 'build', 'nope'], { allowFailure: true });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`invalid image recipe: no recipe with this name (got "nope"; valid: ${recipeNames().join(', ')})`);
  });
});
