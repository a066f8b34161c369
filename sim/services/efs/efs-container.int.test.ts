// EFS in a container of the EFS image, started as the docker driver starts hosts: --network none,
// NET_ADMIN/NET_RAW/DAC_READ_SEARCH/SYS_ADMIN, a volume for the export root. The image is the
// recipe's (`vracklab/efs:<hash>`), or VRACKLAB_EFS_IMAGE to test a hand-built one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRunId } from '../../core/run-id.ts';
import type { StorageServiceView } from '../../api/data-plane.ts';
import { imageTag } from '../../fabric/images/image-tag.ts';
import { efsRecipe } from '../../fabric/images/recipes/efs.ts';
import { createContainerPair, dockerUnavailableReason } from '../../probe/testing/docker-host.ts';
import type { ContainerPair } from '../../probe/testing/docker-host.ts';
import { startEfs } from './efs-server.ts';
import type { EfsServer } from './efs-server.ts';
import { nfsRead, nfsWrite } from './nfs-client.ts';

const image = process.env.VRACKLAB_EFS_IMAGE ?? imageTag(efsRecipe);
const reason = await dockerUnavailableReason(image);
if (reason) console.warn(`efs-container.int.test: skipped: ${reason}`);

const service: StorageServiceView = {
  serviceName: 'efs-ctr',
  urn: 'urn:v1:eu:resource:storageNetApp:efs-ctr',
  region: 'eu-west-lim',
  shares: [{ id: 'd4', name: 'data', protocol: 'NFS', sizeGiB: 1, exportPath: '/share_d4', acls: [{ id: 'acl1', accessTo: '10.252.0.0/24', accessLevel: 'rw' }] }],
};

describe.skipIf(reason !== undefined)('EFS in a --network none container', () => {
  let pair: ContainerPair;
  let efs: EfsServer | undefined;

  beforeAll(async () => {
    pair = await createContainerPair(newRunId(), image, ['NET_ADMIN', 'NET_RAW', 'DAC_READ_SEARCH', 'SYS_ADMIN'], '/export');
  });

  afterAll(async () => {
    await efs?.stop();
    await pair?.destroy();
  });

  it('refuses an export root on the container overlay, naming the fix', async () => {
    await expect(startEfs(pair.server, service, { exportRoot: '/srv/efs' })).rejects.toThrow(/export root \/srv\/efs is on overlayfs.*mount a volume or bind mount there/);
  });

  it('serves NFSv4 and NFSv3 from the volume, and stops leaving no daemon', async () => {
    const started = performance.now();
    efs = await startEfs(pair.server, service, { exportRoot: '/export', seedFiles: { d4: { 'hello.txt': 'hello from the container\n' } } });
    console.info(`efs-container.int.test: rpcbind + ganesha up and listening in ${Math.round(performance.now() - started)} ms (docker exec)`);
    expect(await nfsRead(pair.client, pair.serverIp, '/share_d4', 'hello.txt', { version: 4 })).toBe('hello from the container\n');
    expect(await nfsRead(pair.client, pair.serverIp, '/share_d4', 'hello.txt', { version: 3 })).toBe('hello from the container\n');
    await nfsWrite(pair.client, pair.serverIp, '/share_d4', 'w.txt', 'w', { version: 3 });
    expect((await pair.server.exec(['cat', '/export/d4/w.txt'])).stdout).toBe('w');
    await efs.stop();
    const left = await pair.server.exec(['sh', '-c', 'for p in /proc/[0-9]*; do s=$(sed "s/.*) //" $p/stat 2>/dev/null | cut -c1); c=$(cat $p/comm 2>/dev/null); [ "$s" != Z ] && echo "$c"; done'], { allowFailure: true });
    expect(left.stdout.split('\n')).not.toContain('ganesha.nfsd');
    expect(left.stdout.split('\n')).not.toContain('rpcbind');
  });
});
