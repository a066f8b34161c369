// The rendered topology must satisfy containerlab's own JSON schema and carry the whole lab.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadLab, parseLab } from '../../topology/load.ts';
import { imageTag } from '../images/image-tag.ts';
import { getRecipe } from '../images/registry.ts';
import { FABRIC_NODE, renderContainerlab } from './render.ts';

// containerlab's schema declares draft-07 but uses `prefixItems` and `markdownDescription`: strict off.
const clabSchema = JSON.parse(readFileSync(new URL('./schema/clab.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const validate = new Ajv({ allErrors: true, strict: false }).compile(clabSchema);

interface ClabDoc {
  name: string;
  mgmt?: Record<string, unknown>;
  topology: { nodes: Record<string, { kind: string; image?: string; 'network-mode'?: string; privileged?: boolean; 'image-pull-policy'?: string; labels?: Record<string, string>; exec?: string[]; 'cap-add'?: string[]; sysctls?: Record<string, string> }>; links?: { endpoints: string[] }[] };
}

describe('renderContainerlab', () => {
  for (const file of ['vrack-services', 'mks-private-networks', 'two-regions']) {
    it(`${file}: validates against clab.schema.json`, async () => {
      const lab = await loadLab(`topologies/${file}.lab.yml`);
      const doc = parse(renderContainerlab(lab)) as ClabDoc;
      validate(doc);
      expect(validate.errors ?? []).toEqual([]);
      // One node per host plus the backplane holding the segments; one link per NIC and per pod veth.
      const names = Object.keys(doc.topology.nodes);
      expect(names).toEqual([...(lab.segments.length > 0 ? [FABRIC_NODE] : []), ...lab.hosts.map((h) => h.name)]);
      // Every node without a management interface: containerlab then makes no mgmt network, rule or hosts entry.
      for (const n of Object.values(doc.topology.nodes)) expect(n).toMatchObject({ kind: 'linux', 'network-mode': 'none', privileged: false, 'image-pull-policy': 'never' });
      expect(doc.mgmt).toEqual({ 'skip-when-unused': true, 'external-access': false });
      const nics = lab.hosts.reduce((sum, h) => sum + h.nics.length, 0);
      expect(doc.topology.links ?? []).toHaveLength(nics + lab.pods.filter((p) => !p.hostNetwork).length);
      // Every link endpoint names a node of the topology.
      // Every link endpoint is `node:iface` naming a node of the topology (ajv skips the schema's
      // draft-2020 `prefixItems` under draft-07, so this pattern is checked here).
      for (const l of doc.topology.links ?? []) {
        expect(l.endpoints).toHaveLength(2);
        for (const ep of l.endpoints) {
          expect(ep).toMatch(/^\S+:\S+$/);
          expect(Object.keys(doc.topology.nodes)).toContain(ep.split(':')[0]);
        }
      }
    });
  }

  it('carries addresses, routes, NAT, capabilities and the image choice', async () => {
    const lab = await loadLab('topologies/mks-private-networks.lab.yml');
    const doc = parse(renderContainerlab(lab, { images: { host: 'vracklab/host:abc123' } })) as ClabDoc;
    const node1 = doc.topology.nodes['node1'];
    expect(node1?.image).toBe('vracklab/host:abc123');
    expect(node1?.sysctls).toEqual({ 'net.ipv4.ip_forward': '1' });
    expect(node1?.['cap-add']).toEqual(['NET_ADMIN', 'NET_RAW']);
    // One shell per node (containerlab runs exec entries one docker exec at a time), stopping at the first failure.
    expect(node1?.exec).toHaveLength(1);
    const script = node1?.exec?.[0] ?? '';
    expect(script.startsWith("sh -ec '")).toBe(true);
    for (const cmd of ['ip addr add 10.0.1.146/24 dev eth1', 'ip route replace default via 198.51.100.1 dev eth0', 'ip link add cni0 type bridge', 'ip link set veth0 master cni0']) expect(script).toContain(`${cmd}; `);
    const b64 = /echo (\S+) \| base64 -d \| nft -f -/.exec(script)?.[1] ?? '';
    expect(Buffer.from(b64, 'base64').toString()).toBe(lab.hosts.find((h) => h.name === 'node1')?.firewall);
    // The backplane makes one bridge per segment and plugs each NIC's far end into its own segment.
    const fabric = doc.topology.nodes[FABRIC_NODE]?.exec?.[0] ?? '';
    lab.segments.forEach((_, i) => expect(fabric).toContain(`ip link add s${i} type bridge`));
    lab.hosts.forEach((h, hi) => h.nics.forEach((nic, ni) => expect(fabric).toContain(`ip link set h${hi}n${ni} master s${lab.segments.findIndex((s) => s.key === nic.segment)} up`)));
    expect(doc.topology.links).toContainEqual({ endpoints: ['node1:eth1', `${FABRIC_NODE}:h${lab.hosts.findIndex((h) => h.name === 'node1')}n1`] });
    expect(doc.topology.links).toContainEqual({ endpoints: ['pod1:eth0', 'node1:veth0'] });

    const efs = await loadLab('topologies/vrack-services.lab.yml');
    const efsDoc = parse(renderContainerlab(efs)) as ClabDoc;
    expect(efsDoc.topology.nodes['efs-lim']).toMatchObject({ kind: 'linux', image: imageTag(getRecipe('efs')), 'cap-add': ['NET_ADMIN', 'NET_RAW', 'DAC_READ_SEARCH', 'SYS_ADMIN'] });
    // The default is the tag `vracklab images build` produces (content hash), never a `latest` nobody builds.
    expect(efsDoc.topology.nodes['efs-lim']?.image).toMatch(/^vracklab\/efs:[0-9a-f]{12}$/);
  });

  it('with a run id: the lab name and every node\'s labels carry it and the file still validates', async () => {
    const lab = await loadLab('topologies/mks-private-networks.lab.yml');
    const doc = parse(renderContainerlab(lab, { runId: 'r4nd0m' })) as ClabDoc;
    expect(validate(doc)).toBe(true);
    expect(doc.name).toBe('vracklab-mks-private-networks-r4nd0m');
    expect(doc.topology.nodes['vm1']?.labels).toEqual({ 'vracklab.lab': 'mks-private-networks', 'vracklab.run-id': 'r4nd0m', 'vracklab.role': 'vm' });
    for (const n of Object.values(doc.topology.nodes)) expect(n.labels?.['vracklab.run-id']).toBe('r4nd0m');
    expect(parse(renderContainerlab(lab)).name).toBe('vracklab-mks-private-networks');
  });

  it('byon-frr-router: the lab\'s own node keeps its image, capabilities and sysctls; addresses come before its exec; its NICs plug into their VLANs', async () => {
    const lab = await loadLab('topologies/byon-frr-router.lab.yml');
    const doc = parse(renderContainerlab(lab, { runId: 'r4nd0m' })) as ClabDoc;
    validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(doc.topology.nodes['r1']).toEqual({
      kind: 'linux',
      image: imageTag(getRecipe('frr')),
      'network-mode': 'none',
      privileged: false,
      'cap-add': ['NET_ADMIN', 'NET_RAW', 'SYS_ADMIN'],
      'image-pull-policy': 'never',
      sysctls: { 'net.ipv4.ip_forward': '1' },
      labels: { 'vracklab.lab': 'byon-frr-router', 'vracklab.run-id': 'r4nd0m', 'vracklab.role': 'node' },
      exec: ["sh -ec 'ip addr add 10.0.1.254/24 dev eth1; ip link set eth1 up; ip addr add 10.0.2.254/24 dev eth2; ip link set eth2 up'", ...lab.nodes[0]!.exec],
    });
    expect(doc.topology.links).toContainEqual({ endpoints: ['r1:eth1', `${FABRIC_NODE}:b0n0`] });
    expect(doc.topology.links).toContainEqual({ endpoints: ['r1:eth2', `${FABRIC_NODE}:b0n1`] });
    const fabric = doc.topology.nodes[FABRIC_NODE]?.exec?.[0] ?? '';
    expect(fabric).toContain('ip link set b0n0 master s0 up; ip link set b0n1 master s1 up');
    expect(lab.segments.map((s) => s.key)).toEqual(['vrack:pn-byon:100', 'vrack:pn-byon:200']);
  });

  it('a node of another kind keeps containerlab\'s defaults for it (management, privileges) and sets its own addresses; a user image may be pulled', async () => {
    const base = await loadLab('topologies/byon-frr-router.lab.yml');
    const lab = { ...base, nodes: base.nodes.map((n) => ({ ...n, kind: 'nokia_srlinux', image: 'ghcr.io/nokia/srlinux:24.10.1', recipe: null, exec: ['sr_cli -c "show version"'] })) };
    const doc = parse(renderContainerlab(lab)) as ClabDoc;
    expect(validate(doc)).toBe(true);
    expect(doc.topology.nodes['r1']).toEqual({ kind: 'nokia_srlinux', image: 'ghcr.io/nokia/srlinux:24.10.1', sysctls: { 'net.ipv4.ip_forward': '1' }, labels: { 'vracklab.lab': 'byon-frr-router', 'vracklab.role': 'node' }, exec: ['sr_cli -c "show version"'] });
  });

  it('refuses a lab with a host named like the backplane, naming the host and the fix', async () => {
    const base = await loadLab('topologies/vrack-services.lab.yml');
    const lab = { ...base, hosts: base.hosts.map((h, i) => (i === 1 ? { ...h, name: FABRIC_NODE } : h)) };
    expect(() => renderContainerlab(lab)).toThrow('cannot render lab "vrack-services" for containerlab: a host is named "vrack-fabric", the name of the node holding the vRack bridges (rename the host)');
  });

  it('the clab schema check is live: it rejects an unknown kind and a bad node name', () => {
    expect(validate({ name: 'x', topology: { nodes: { a: { kind: 'router9000' } } } })).toBe(false);
    expect(validate({ name: 'x', topology: { nodes: { '-bad': { kind: 'linux' } } } })).toBe(false);
    expect(validate({ name: 'x', topology: { nodes: { a: { kind: 'linux' } } } })).toBe(true);
  });

  it('quotes the lab file path in its header comment: a line break in it injects no YAML', async () => {
    const lab = { ...(await loadLab('topologies/vrack-services.lab.yml')), source: 'x\nname: injected\n#' };
    const text = renderContainerlab(lab);
    expect((parse(text) as ClabDoc).name).toBe('vracklab-vrack-services');
    expect(text.split('\n')[0]).toBe('# containerlab topology rendered by vracklab from "x\\nname: injected\\n#"');
  });

  it('omits links for a lab without NICs (the clab schema wants at least one link)', () => {
    const doc = parse(renderContainerlab(parseLab('name: empty\nmanagedServices:\n  storageNetApp: [{name: e, region: LIM}]\n', 'e.lab.yml'))) as ClabDoc;
    expect(validate(doc)).toBe(true);
    expect(doc.topology.links).toBeUndefined();
  });
});
