import { describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../fabric/doctor-report.ts';
import { machineProblems } from './machine-check.ts';

function report(over: { docker?: boolean; imagesPresent?: boolean; dockerLacks?: string[] } = {}): DoctorReport {
  const docker = over.docker ?? true;
  return {
    capabilities: { kernel: { netns: true, veth: true, bridge: true, vlan8021q: false, vlanFiltering: false, netem: false, nftables: true }, docker: docker ? { version: '27.0' } : null, vlanMode: 'segment' },
    images: [
      { name: 'host', tag: 'vracklab/host:abc', present: over.imagesPresent ?? true, description: 'hosts' },
      { name: 'efs', tag: 'vracklab/efs:def', present: true, description: 'EFS' },
    ],
    tools: {},
    drivers: { docker: over.dockerLacks ?? (docker ? [] : ['a reachable Docker engine (`docker version` failed; start dockerd)']), netns: [] },
    containerlab: { version: null, path: 'containerlab', tested: '0.79.0' },
  } as DoctorReport;
}

describe('the machine check of vracklab test', () => {
  it('finds nothing on a machine that can run the labs', () => {
    expect(machineProblems(report(), 'docker')).toEqual([]);
  });

  it('names the fix for a missing Docker engine', () => {
    expect(machineProblems(report({ docker: false }), 'docker')).toEqual([expect.stringMatching(/Docker engine is not reachable: install Docker and start it/)]);
  });

  it('names `vracklab images build` for a missing image', () => {
    expect(machineProblems(report({ imagesPresent: false }), 'docker')).toEqual(['the lab image "host" is missing: run `vracklab images build` (once per machine; it needs mmdebstrap)']);
  });

  it('reports what a driver lacks, and an unknown driver with the valid ones', () => {
    expect(machineProblems(report({ dockerLacks: ['veth'] }), 'docker')).toEqual([expect.stringMatching(/the docker driver needs veth, which this machine lacks/)]);
    expect(machineProblems(report(), 'kvm')).toEqual(['unknown driver "kvm" (VRACKLAB_DRIVER): valid: docker, netns']);
  });

  it('checks nothing for simulator-only runs', () => {
    expect(machineProblems(report({ docker: false }), 'none')).toEqual([]);
  });
});
