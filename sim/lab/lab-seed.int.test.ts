/**
 * What a lab file delivers exists when the user arrives: two-regions (two vRack Services with a
 * subnet and an EFS endpoint each, in one vRack) started with every simulator delay an hour long
 * comes up (a lab that waited on any delay would never return), its vRack Services READY with their
 * endpoints, and an NFS read through a seeded endpoint works right after up. The user's own PUT
 * still goes through the lab's timings: UPDATING, its task PENDING.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machineCapabilities } from '../fabric/capabilities.ts';
import { nfsRead } from '../services/efs/nfs-client.ts';
import { addSubnet } from '../scenario/spec-edit.ts';
import { startLab } from './lab-runner.ts';
import type { RunningLab } from './running-lab.ts';

const HOUR = 3_600_000;
const caps = await machineCapabilities().catch(() => undefined);
const netns = Boolean(caps?.kernel.netns && caps.kernel.veth && caps.kernel.bridge);
if (!netns) console.warn('lab seeding test skipped: this machine cannot build netns labs (see vracklab doctor)');

describe.skipIf(!netns)('a lab file\'s vRack Services, seeded (netns driver)', () => {
  let lab: RunningLab;
  beforeAll(async () => {
    lab = await startLab(
      { file: 'topologies/two-regions.lab.yml' },
      { driver: 'netns', register: 'run', timings: { deliveryMs: HOUR, taskPendingMs: HOUR, taskRunningMs: HOUR, disruptiveCutMs: HOUR, vrackTaskMs: HOUR } },
    );
  }, 120_000);
  afterAll(async () => {
    await lab?.stop();
  });

  it('are READY with their endpoint the moment the lab is up, and serve NFS at once', async () => {
    const vrs = await lab.client.getVrackServices(lab.ids['vrs-lim']!);
    expect(vrs.resourceStatus).toBe('READY');
    expect(vrs.currentTasks ?? []).toEqual([]);
    expect(vrs.currentState.vrackId).toBe('pn-multi');
    const [endpoint] = vrs.currentState.subnets[0]!.serviceEndpoints[0]!.endpoints;
    expect(endpoint).toEqual({ description: 'Nominal', ip: '10.10.0.1' });
    const { exportPath } = lab.shareOf('10.10.0.1');
    expect(await nfsRead(lab.host('client-lim'), '10.10.0.1', exportPath, 'readme.txt', { version: 4 })).toBe('LIM share\n');
  });

  it("leave the user's own PUT at the lab's timings: UPDATING with its task PENDING", async () => {
    const id = lab.ids['vrs-lim']!;
    const current = await lab.client.getVrackServices(id);
    const updated = await lab.client.updateVrackServices(id, {
      checksum: current.checksum,
      targetSpec: addSubnet(current.targetSpec, { cidr: '10.11.0.0/24', serviceRange: '10.11.0.0/29', vlan: 11, managedServiceURNs: [] }),
    });
    expect(updated.resourceStatus).toBe('UPDATING');
    expect((updated.currentTasks ?? []).map((t) => t.status)).toEqual(['PENDING']);
  });
});
