import { describe, expect, it } from 'vitest';
import { recordingExec } from '../core/exec.ts';
import { containerlabBin } from './containerlab/cli.ts';
import { doctorReport, formatDoctorReport } from './doctor-report.ts';

describe('doctor report', () => {
  it('reports a CI-like machine: segment mode, docker reachable, a missing image, a missing tool', async () => {
    const exec = recordingExec((c) => {
      const a = c.args.join(' ');
      if (a.includes('type vlan') || a.includes('vlan_filtering') || a.includes('netem')) return { exitCode: 2 };
      if (c.file === 'docker' && c.args[0] === 'version') return { stdout: '20.10.24' };
      if (c.file === 'docker' && a.startsWith('image inspect') && a.includes('vracklab/efs')) return { exitCode: 1 };
      if (c.file === 'docker' && a.startsWith('image inspect')) return { stdout: '170000000' };
      if (c.file === 'sh') return { stdout: 'ip\nbridge\nnsenter\niptables\nping\nnc\nnfs-ls\ntcpdump\nnft' };
      return undefined;
    });
    // No containerlab binary on this "machine": the driver says what it lacks, as the version line does.
    process.env.VRACKLAB_CONTAINERLAB = '/nonexistent/containerlab';
    const r = await doctorReport(exec).finally(() => delete process.env.VRACKLAB_CONTAINERLAB);
    expect(r.capabilities.vlanMode).toBe('segment');
    expect(r.tools.mmdebstrap).toBe(false);
    expect(r.drivers).toEqual({ containerlab: ['the containerlab CLI (scripts/setup.sh containerlab builds it into .tools/go-bin)'], docker: [], netns: [] });
    const text = formatDoctorReport(r);
    expect(text).toContain('  containerlab unusable: lacks the containerlab CLI (scripts/setup.sh containerlab builds it into .tools/go-bin)\n  docker       usable\n');
    expect(text).toMatch(/802\.1Q sub-interfaces \(8021q\)\s+NO/);
    expect(text).toContain('docker engine: 20.10.24');
    expect(text).toMatch(/efs\s+vracklab\/efs:\w+\s+missing \(vracklab images build efs\)/);
    expect(text).toMatch(/host\s+vracklab\/host:\w+\s+present/);
    expect(text).toContain('mmdebstrap NO');
    expect(text).toContain('VLAN mode: segment');
    expect(r.containerlab.version).toBeNull();
    expect(text).toContain('containerlab: not installed (scripts/setup.sh containerlab builds 0.79.0)');
  });

  it('reports the containerlab version its CLI prints, and a version other than the tested one', async () => {
    const answer = (v: string) => recordingExec((c) => (c.file === containerlabBin() && c.args[0] === 'version' ? { stdout: `  banner\n    version: ${v}\n     commit: 5ae5009\n` } : undefined));
    const r = await doctorReport(answer('0.79.0'));
    expect(r.containerlab).toEqual({ version: '0.79.0', path: containerlabBin(), tested: '0.79.0' });
    expect(formatDoctorReport(r)).toContain(`containerlab: 0.79.0 (${containerlabBin()})\n`);
    expect(formatDoctorReport(await doctorReport(answer('0.70.1')))).toContain(`containerlab: 0.70.1 (${containerlabBin()}), vracklab is tested with 0.79.0`);
  });
});
