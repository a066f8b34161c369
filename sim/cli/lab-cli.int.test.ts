/**
 * The lab engine's "done when", through the `vracklab` binary exactly as a user types it: a detached
 * vrack-services lab, a PUT on its API exposing the EFS, an NFS read from bm1 at 10.120.0.1 while
 * bm2 (other VLAN) and other1 (other vRack) cannot reach it; the guide "Communicating between different private networks" on mks-private-networks; and
 * `down --all` leaving nothing. Records go to a private state dir so a user's own labs are untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../client/client.ts';
import { addSubnet } from '../scenario/spec-edit.ts';
import { machineCapabilities } from '../fabric/capabilities.ts';

const stateDir = mkdtempSync(join(tmpdir(), 'vracklab-cli-'));
const env = { ...process.env, VRACKLAB_STATE_DIR: stateDir };
const vracklab = (...args: string[]) => execa(process.execPath, ['bin/vracklab.js', ...args], { env, reject: false, timeout: 300_000 });

const caps = await machineCapabilities().catch(() => undefined);
const docker = Boolean(caps?.docker);
if (!docker) console.warn('lab CLI test skipped: no Docker engine answers on this machine (run scripts/setup.sh system)');

describe.skipIf(!docker)('vracklab up/exec/down on the reference labs (docker driver)', () => {
  afterAll(async () => {
    await vracklab('down', '--all');
    rmSync(stateDir, { recursive: true, force: true });
  });

  describe('vrack-services', () => {
    let status: { runId: string; apiUrl: string; ids: Record<string, string> };
    beforeAll(async () => {
      const up = await vracklab('up', 'topologies/vrack-services.lab.yml', '--detach', '--api-port', '0');
      expect(up.exitCode, up.stderr + up.stdout).toBe(0);
      expect(up.stdout).toContain('lab vrack-services is up');
      status = JSON.parse((await vracklab('status', 'vrack-services', '--json')).stdout);
    });

    it('serves the EFS at 10.120.0.1 to bm1 only, after one PUT on the API', async () => {
      // The lab's own credentials, from its 0600 record (the dev ones are refused by a lab's API).
      const { credentials } = JSON.parse(readFileSync(join(stateDir, 'vrack-services.json'), 'utf8')) as { credentials: { oauth2ClientId: string; oauth2ClientSecret: string } };
      const client = createClient({ endpoint: status.apiUrl, clientId: credentials.oauth2ClientId, clientSecret: credentials.oauth2ClientSecret });
      const id = status.ids['vrs-lim']!;
      const efs = status.ids['efs-lim']!;
      const urn = `urn:v1:eu:resource:storageNetApp:${efs}`;
      await client.waitForReady(id, { timeoutMs: 60_000, intervalMs: 200 });
      const current = await client.getVrackServices(id);
      await client.updateVrackServices(id, {
        checksum: current.checksum,
        targetSpec: addSubnet(current.targetSpec, { cidr: '10.120.0.0/16', serviceRange: '10.120.0.0/29', vlan: null, managedServiceURNs: [urn] }),
      });
      const ready = await client.waitForReady(id, { timeoutMs: 60_000, intervalMs: 200 });
      expect(ready.currentState.subnets[0]!.serviceEndpoints[0]!.endpoints).toEqual([{ description: 'Nominal', ip: '10.120.0.1' }]);

      const [share] = await client.storage.listShares(efs);
      const [path] = await client.storage.listAccessPaths(efs, share!.id);
      const read = await vracklab('exec', 'vrack-services', 'bm1', '--', 'nfs-cat', `nfs://10.120.0.1${path!.path}/hello.txt?version=4`);
      expect(read.exitCode, read.stderr).toBe(0);
      expect(read.stdout).toBe('hello from efs-lim');

      for (const other of ['bm2', 'other1']) {
        const ping = await vracklab('exec', 'vrack-services', other, '--', 'ping', '-c', '1', '-W', '1', '10.120.0.1');
        expect(ping.exitCode, `${other} must not reach the endpoint`).not.toBe(0);
      }
    });
  });

  describe('mks-private-networks', () => {
    beforeAll(async () => {
      const up = await vracklab('up', 'topologies/mks-private-networks.lab.yml', '--detach', '--api-port', '0');
      expect(up.exitCode, up.stderr + up.stdout).toBe(0);
    });

    it('pod1 reaches vm1 only once the DHCP host routes are on', async () => {
      const ping = () => vracklab('exec', 'mks-private-networks', 'pod1', '--', 'ping', '-c', '1', '-W', '2', '10.0.2.142');
      expect((await ping()).exitCode).not.toBe(0);
      const on = await vracklab('routes', 'mks-private-networks', '--host-routes', 'priv-net-01=on', 'priv-net-02=on');
      expect(on.exitCode, on.stderr).toBe(0);
      expect((await ping()).exitCode).toBe(0);
      await vracklab('routes', 'mks-private-networks', '--host-routes', 'priv-net-01=off', 'priv-net-02=off');
      expect((await ping()).exitCode).not.toBe(0);
    });
  });

  it('down --all leaves no container, link or namespace of those runs', async () => {
    const runIds = JSON.parse((await vracklab('status', '--json')).stdout).map((r: { runId: string }) => r.runId) as string[];
    expect(runIds).toHaveLength(2);
    const down = await vracklab('down', '--all');
    expect(down.exitCode, down.stderr).toBe(0);
    for (const runId of runIds) {
      expect((await execa('docker', ['ps', '-aq', '--filter', `label=vracklab.run-id=${runId}`])).stdout).toBe('');
      expect((await execa('ip', ['-o', 'link'])).stdout).not.toContain(`vl${runId}`);
      expect((await execa('ip', ['netns'])).stdout).not.toContain(runId);
    }
    expect(JSON.parse((await vracklab('status', '--json')).stdout)).toEqual([]);
  });
});
