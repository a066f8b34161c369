// `vracklab export --format containerlab` end to end: the written file deploys with containerlab
// alone, two hosts of one vRack VLAN ping each other (and not a host of another vRack), containerlab
// lists the nodes with our run-id label, and `containerlab destroy --cleanup` leaves nothing behind.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDanglingNetnsLinks } from '../../fabric/containerlab/netns-links.ts';
import { realExec } from '../../core/exec.ts';
import { newRunId } from '../../core/run-id.ts';
import { CONTAINERLAB_ENV, containerlabBin, containerlabVersion } from '../../fabric/containerlab/cli.ts';
import { FABRIC_NODE } from '../../fabric/containerlab/render.ts';
import { releaseLease, takeLease } from '../../fabric/run-lease.ts';
import { loadLab } from '../../topology/load.ts';

const version = await containerlabVersion(realExec);
const dir = mkdtempSync(join(tmpdir(), 'vracklab-export-'));
const runId = newRunId();
const name = `vracklab-vrack-services-${runId}`;
const file = join(dir, 'lab.clab.yml');
const clab = (args: string[]) => realExec(containerlabBin(), args, { env: CONTAINERLAB_ENV, timeoutMs: 300_000, allowFailure: true });
const ping = (node: string, ip: string) => realExec('docker', ['exec', `clab-${name}-${node}`, 'ping', '-n', '-c', '2', '-w', '4', ip], { allowFailure: true, timeoutMs: 30_000 });
/** What a containerlab deploy could leave on the machine: docker networks and firewall rules it made. */
const machineTraces = async () => ({
  networks: (await realExec('docker', ['network', 'ls', '--filter', 'label=containerlab', '--format', '{{.Name}}'])).stdout,
  rules: (await realExec('iptables', ['-w', '-S'], { allowFailure: true })).stdout.split('\n').filter((l) => l.includes('containerlab')),
});
afterAll(async () => {
  if (version !== null && existsSync(file)) await clab(['destroy', '-t', file, '--cleanup']);
  if (version !== null) await removeDanglingNetnsLinks(name);
  releaseLease(runId);
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(version === null)('vracklab export --format containerlab, deployed by containerlab', () => {
  it('deploys alone, pings within a VLAN only, lists our labelled nodes and destroys without a trace', async () => {
    const lab = await loadLab('topologies/vrack-services.lab.yml');
    // Two hosts of one segment, and a host of another vRack whose address is in the same subnet.
    const [a, b] = lab.hosts.filter((h) => h.nics[0]?.segment === lab.hosts[0]?.nics[0]?.segment);
    const other = lab.hosts.find((h) => h.nics[0] && !h.nics[0].segment.startsWith(lab.hosts[0]?.nics[0]?.segment.split(':').slice(0, 2).join(':') ?? '?'));
    if (!a || !b || !other) throw new Error('vrack-services.lab.yml no longer has two hosts on one VLAN and one in another vRack');
    const ipOf = (h: typeof a) => (h.nics[0]?.address ?? '').split('/')[0] ?? '';
    const before = await machineTraces();
    // A global gc of another test must spare this run while it is up.
    takeLease(runId);

    const exported = await realExec(process.execPath, ['bin/vracklab.js', 'export', 'topologies/vrack-services.lab.yml', '--format', 'containerlab', '--run-id', runId, '-o', file], { timeoutMs: 60_000 });
    expect(exported.stderr).toContain(`wrote ${file}`);
    const deployed = await clab(['deploy', '-t', file]);
    expect(deployed.exitCode, deployed.stderr).toBe(0);
    // containerlab only logs a failed exec command: the node's setup must have run.
    expect(deployed.stderr).not.toContain('Failed to execute command');

    expect((await ping(a.name, ipOf(b))).stdout).toMatch(/ 0% packet loss/);
    // Positive control above, negative one here: another vRack is another L2 domain.
    const cross = await ping(a.name, ipOf(other));
    expect(cross.stdout).toContain('100% packet loss');

    const inspected = await clab(['inspect', '-t', file, '--details', '--format', 'json']);
    expect(inspected.exitCode, inspected.stderr).toBe(0);
    const containers = (JSON.parse(inspected.stdout) as Record<string, { Names: string[]; Labels: Record<string, string> }[]>)[name] ?? [];
    expect(containers.map((c) => c.Labels['clab-node-name']).sort()).toEqual([...lab.hosts.map((h) => h.name), FABRIC_NODE].sort());
    for (const c of containers) expect(c.Labels['vracklab.run-id']).toBe(runId);
    expect(existsSync(join(dir, `clab-${name}`))).toBe(true);

    const destroyed = await clab(['destroy', '-t', file, '--cleanup']);
    expect(destroyed.exitCode, destroyed.stderr).toBe(0);
    expect((await realExec('docker', ['ps', '--all', '--quiet', '--filter', `label=vracklab.run-id=${runId}`])).stdout).toBe('');
    expect(readdirSync(dir)).toEqual(['lab.clab.yml']);
    expect(existsSync(`/etc/ssh/ssh_config.d/clab-${name}.conf`)).toBe(false);
    // containerlab 0.79.0 itself leaves its /var/run/netns links of network-mode-none nodes behind,
    // dangling (the namespaces are gone): that is all it leaves, and our helper removes exactly those.
    const netnsLinks = readdirSync('/var/run/netns').filter((e) => e.startsWith(`clab-${name}-`));
    expect(netnsLinks.every((e) => !existsSync(join('/var/run/netns', e)))).toBe(true);
    expect((await removeDanglingNetnsLinks(name)).length).toBe(netnsLinks.length);
    expect(readdirSync('/var/run/netns').filter((e) => e.startsWith(`clab-${name}-`))).toEqual([]);
    // No management network, no firewall rule, no /etc/hosts block, no veth left in the machine's namespace.
    expect(await machineTraces()).toEqual(before);
    expect((await realExec('cat', ['/etc/hosts'])).stdout).not.toContain(name);
    const links = (await realExec('ip', ['-o', 'link', 'show'])).stdout;
    expect(links).not.toMatch(/: (h\d+n\d+|clab-[0-9a-f]{8})[@:]/);
  });
});
