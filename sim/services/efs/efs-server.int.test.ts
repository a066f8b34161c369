// EFS on real namespaces: ganesha in a server netns, libnfs clients in a client netns, ACL changes
// applied with sync() and observed from the client.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realExec } from '../../core/exec.ts';
import { newRunId } from '../../core/run-id.ts';
import type { ShareView, StorageServiceView } from '../../api/data-plane.ts';
import { createNetnsPair, netnsUnavailableReason } from '../../probe/testing/netns-pair.ts';
import type { NetnsPair } from '../../probe/testing/netns-pair.ts';
import { startEfs } from './efs-server.ts';
import type { EfsServer } from './efs-server.ts';
import { nfsList, nfsRead, nfsWrite } from './nfs-client.ts';
import { waitFor } from '../../core/wait.ts';
import { lostCount, outageWindows } from '../../probe/outage-windows.ts';
import { startProber } from '../../probe/prober.ts';

async function skipReason(): Promise<string | undefined> {
  const netns = await netnsUnavailableReason();
  if (netns) return netns;
  for (const tool of ['ganesha.nfsd', 'rpcbind', 'nfs-cat', 'nfs-cp', 'nfs-ls']) {
    const r = await realExec('sh', ['-c', `command -v ${tool}`], { allowFailure: true });
    if (r.exitCode !== 0) return `${tool} is not installed (apt-get install nfs-ganesha nfs-ganesha-vfs rpcbind libnfs-utils)`;
  }
  return undefined;
}

const reason = await skipReason();
if (reason) console.warn(`efs-server.int.test: skipped: ${reason}`);

const share = (id: string, accessTo: string, accessLevel: 'ro' | 'rw'): ShareView => ({
  id,
  name: `share ${id}`,
  protocol: 'NFS',
  sizeGiB: 1,
  exportPath: `/share_${id}`,
  acls: [{ id: `acl-${id}`, accessTo, accessLevel }],
});

const service = (shares: ShareView[]): StorageServiceView => ({ serviceName: 'efs-test', urn: 'urn:v1:eu:resource:storageNetApp:efs-test', region: 'eu-west-lim', shares });

describe.skipIf(reason !== undefined)('two EFS servers on one machine (namespaces share /run)', () => {
  it('both serve NFSv3: the second runs rpcbind and ganesha with a private /run', async () => {
    const pairs: NetnsPair[] = [];
    const servers: EfsServer[] = [];
    const roots: string[] = [];
    try {
      for (const text of ['first', 'second']) {
        const p = await createNetnsPair(newRunId());
        pairs.push(p);
        const dir = await mkdtemp('/tmp/vracklab-efs-');
        roots.push(dir);
        servers.push(await startEfs(p.server, service([share('x9', '10.251.0.0/24', 'ro')]), { exportRoot: dir, seedFiles: { x9: { 'who.txt': text } } }));
      }
      for (const [i, text] of ['first', 'second'].entries()) {
        const p = pairs[i] as NetnsPair;
        expect(await nfsRead(p.client, p.serverIp, '/share_x9', 'who.txt', { version: 3 })).toBe(text);
        expect(await nfsRead(p.client, p.serverIp, '/share_x9', 'who.txt', { version: 4 })).toBe(text);
      }
    } finally {
      for (const s of servers) await s.stop();
      for (const p of pairs) await p.destroy();
      for (const r of roots) await rm(r, { recursive: true, force: true });
    }
  });
});

describe.skipIf(reason !== undefined)('EFS server on two namespaces', () => {
  let pair: NetnsPair;
  let root: string;
  let efs: EfsServer | undefined;

  beforeAll(async () => {
    pair = await createNetnsPair(newRunId());
    root = await mkdtemp('/tmp/vracklab-efs-');
  });

  afterAll(async () => {
    await efs?.stop();
    await pair?.destroy();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('serves NFSv4 and NFSv3, applies ACL changes with sync() and keeps other shares', async () => {
    const opts = { version: 4 as const, timeoutMs: 5_000 };
    const v3 = { version: 3 as const, timeoutMs: 5_000 };
    const open = share('a1', '10.251.0.0/24', 'rw');
    const readOnly = share('b2', `${pair.clientIp}`, 'ro');
    efs = await startEfs(pair.server, service([open, readOnly]), {
      exportRoot: root,
      seedFiles: { a1: { 'hello.txt': 'hello from efs\n' }, b2: { 'docs/readme.txt': 'read me\n' } },
    });

    expect(await nfsRead(pair.client, pair.serverIp, '/share_a1', 'hello.txt', opts)).toBe('hello from efs\n');
    expect(await nfsRead(pair.client, pair.serverIp, '/share_a1', 'hello.txt', v3)).toBe('hello from efs\n');

    await nfsWrite(pair.client, pair.serverIp, '/share_a1', 'written.txt', 'written by the client\n', opts);
    expect(await readFile(`${root}/a1/written.txt`, 'utf8')).toBe('written by the client\n');
    const names = (await nfsList(pair.client, pair.serverIp, '/share_a1', v3)).map((e) => e.name).sort();
    expect(names).toEqual(['hello.txt', 'written.txt']);

    // A read-only ACL: reads work, writes are refused.
    expect(await nfsRead(pair.client, pair.serverIp, '/share_b2', 'docs/readme.txt', opts)).toBe('read me\n');
    await expect(nfsWrite(pair.client, pair.serverIp, '/share_b2', 'nope.txt', 'x', opts)).rejects.toMatchObject({ code: 'NFS_FAILED', details: { reason: 'denied' } });

    // Continuous NFS probes across the reloads: the share whose ACL changes, and the other one.
    const changed = startProber(pair.client, { kind: 'nfs', target: pair.serverIp, exportPath: '/share_a1', version: 4, intervalMs: 100, label: 'a1' });
    const other = startProber(pair.client, { kind: 'nfs', target: pair.serverIp, exportPath: '/share_b2', version: 3, intervalMs: 100, label: 'b2' });
    await Promise.all([changed.ready(5_000), other.ready(5_000)]);

    // ACL no longer matches the client: refused on both versions; the other share still serves.
    await efs.sync(service([share('a1', '10.99.0.0/24', 'rw'), readOnly]));
    const refusedMs = efs.lastSyncMs;
    await expect(nfsRead(pair.client, pair.serverIp, '/share_a1', 'hello.txt', opts)).rejects.toMatchObject({ details: { reason: 'denied' } });
    await expect(nfsRead(pair.client, pair.serverIp, '/share_a1', 'hello.txt', v3)).rejects.toMatchObject({ details: { reason: 'denied' } });
    expect(await nfsRead(pair.client, pair.serverIp, '/share_b2', 'docs/readme.txt', v3)).toBe('read me\n');

    // ACL back: allowed again, and a share added in the same sync is served at once.
    await efs.sync(service([open, readOnly, share('c3', '10.251.0.0/24', 'rw')]));
    expect(await nfsRead(pair.client, pair.serverIp, '/share_a1', 'hello.txt', v3)).toBe('hello from efs\n');
    expect(await nfsRead(pair.client, pair.serverIp, '/share_a1', 'hello.txt', opts)).toBe('hello from efs\n');
    expect(await nfsList(pair.client, pair.serverIp, '/share_c3', opts)).toEqual([]);

    const restoredAt = Date.now();
    await waitFor(() => changed.samples().some((x) => x.ok && x.sentAt > restoredAt), { what: 'share a1 probes to succeed again', timeoutMs: 10_000, intervalMs: 50 });
    const [a1, b2] = await Promise.all([changed.stop(), other.stop()]);
    const a1Windows = outageWindows(a1);
    console.info(`efs-server.int.test: NFS probes at 100 ms: a1 (ACL removed then restored) ${JSON.stringify(a1Windows.map((w) => ({ lost: w.lostCount, ms: Math.round(w.durationMs) })))}; b2 (untouched) ${b2.samples.length} samples, ${lostCount(b2)} lost`);
    expect(lostCount(b2)).toBe(0);
    expect(b2.samples.length).toBeGreaterThan(0);
    expect(a1Windows.length).toBeGreaterThanOrEqual(1);
    expect(a1Windows.every((w) => !w.open)).toBe(true);
    console.info(`efs-server.int.test: sync (render + write + SIGHUP reload confirmed) took ${refusedMs} ms and ${efs.lastSyncMs} ms`);
  });
});
