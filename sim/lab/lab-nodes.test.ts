// Building a lab's own nodes: the refusal before anything is built, plumbing, and exec in order, stopping at the first failure.
import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../core/exec.ts';
import type { Fabric } from '../fabric/fabric.ts';
import { loadLab } from '../topology/load.ts';
import { assertNodesRunnable, plumbNodes, runNodeExec } from './lab-nodes.ts';

const lab = await loadLab('topologies/byon-frr-router.lab.yml');

/** A fabric that records node commands and answers `exitCode(argv)`. */
function fakeFabric(exitCode: (argv: readonly string[]) => number) {
  const calls: string[] = [];
  const fabric = {
    execInNode: async (name: string, argv: readonly string[]): Promise<ExecResult> => {
      calls.push(`${name}: ${JSON.stringify(argv)}`);
      const code = exitCode(argv);
      return { command: argv.join(' '), exitCode: code, stdout: '', stderr: code ? '% Unknown command: interfaze eth1' : '', durationMs: 1 };
    },
    attachNic: async (host: string, key: unknown, nic: unknown) => void calls.push(`attach ${host} ${JSON.stringify(key)} ${JSON.stringify(nic)}`),
  } as unknown as Fabric;
  return { fabric, calls };
}

describe('lab nodes: build', () => {
  it('refuses a driver without lab nodes before anything is built; docker passes', () => {
    expect(() => assertNodesRunnable(lab, 'netns')).toThrow("driver netns cannot run the lab's node(s) r1 (kind linux): it runs no lab nodes (drivers that can: docker;");
    expect(() => assertNodesRunnable(lab, 'docker')).not.toThrow();
  });

  it('plumbs each NIC on its segment with its address (kind linux)', async () => {
    const { fabric, calls } = fakeFabric(() => 0);
    await plumbNodes(lab, fabric, (key) => ({ kind: 'vrack', vrackId: 'pn-byon', vlan: Number(key.split(':')[2]) }));
    expect(calls).toEqual([
      'attach r1 {"kind":"vrack","vrackId":"pn-byon","vlan":100} {"ifname":"eth1","addresses":["10.0.1.254/24"]}',
      'attach r1 {"kind":"vrack","vrackId":"pn-byon","vlan":200} {"ifname":"eth2","addresses":["10.0.2.254/24"]}',
    ]);
  });

  it('runs the exec commands in order, split into words as containerlab does', async () => {
    const { fabric, calls } = fakeFabric(() => 0);
    await runNodeExec(lab, fabric);
    expect(calls).toEqual([
      'r1: ["frr-ready"]',
      'r1: ["vtysh","-c","configure terminal","-c","interface eth1","-c","description net-a (VLAN 100)","-c","no shutdown","-c","interface eth2","-c","description net-b (VLAN 200)","-c","no shutdown"]',
    ]);
  });

  it('a failing command fails the build, naming the node, the command and its output; later commands do not run', async () => {
    const broken = { ...lab, nodes: lab.nodes.map((n) => ({ ...n, exec: ['frr-ready', "vtysh -c 'interfaze eth1'", 'never-run'] })) };
    const { fabric, calls } = fakeFabric((argv) => (argv.includes('interfaze eth1') ? 1 : 0));
    await expect(runNodeExec(broken, fabric)).rejects.toThrow("node r1: exec command 2 of 3 failed with exit 1: % Unknown command: interfaze eth1 (command: vtysh -c 'interfaze eth1')");
    expect(calls).toHaveLength(2);
  });
});
