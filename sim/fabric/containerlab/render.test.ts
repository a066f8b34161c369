// The rendered topology must satisfy containerlab's own JSON schema and carry the whole lab.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadLab, parseLab } from '../../topology/load.ts';
import { imageTag } from '../images/image-tag.ts';
import { getRecipe } from '../images/registry.ts';
import { renderContainerlab } from './render.ts';

// containerlab's schema declares draft-07 but uses `prefixItems` and `markdownDescription`: strict off.
const clabSchema = JSON.parse(readFileSync(new URL('./schema/clab.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const validate = new Ajv({ allErrors: true, strict: false }).compile(clabSchema);

interface ClabDoc {
  name: string;
  topology: { nodes: Record<string, { kind: string; image?: string; exec?: string[]; 'cap-add'?: string[]; sysctls?: Record<string, string> }>; links?: { endpoints: string[] }[] };
}

describe('renderContainerlab', () => {
  for (const file of ['vrack-services', 'mks-private-networks', 'two-regions']) {
    it(`${file}: validates against clab.schema.json`, async () => {
      const lab = await loadLab(`topologies/${file}.lab.yml`);
      const doc = parse(renderContainerlab(lab)) as ClabDoc;
      validate(doc);
      expect(validate.errors ?? []).toEqual([]);
      // One node per host and per segment; one link per NIC and per pod veth.
      const kinds = Object.values(doc.topology.nodes).map((n) => n.kind);
      expect(kinds.filter((k) => k === 'linux')).toHaveLength(lab.hosts.length);
      expect(kinds.filter((k) => k === 'bridge')).toHaveLength(lab.segments.length);
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
    expect(node1?.exec).toEqual(expect.arrayContaining(['ip addr add 10.0.1.146/24 dev eth1', 'ip route replace default via 198.51.100.1 dev eth0', 'ip link add cni0 type bridge', 'ip link set veth0 master cni0']));
    const nft = node1?.exec?.find((c) => c.includes('nft -f -')) ?? '';
    const b64 = /echo (\S+) \|/.exec(nft)?.[1] ?? '';
    expect(Buffer.from(b64, 'base64').toString()).toBe(lab.hosts.find((h) => h.name === 'node1')?.firewall);
    expect(doc.topology.links).toContainEqual({ endpoints: ['pod1:eth0', 'node1:veth0'] });

    const efs = await loadLab('topologies/vrack-services.lab.yml');
    const efsDoc = parse(renderContainerlab(efs)) as ClabDoc;
    expect(efsDoc.topology.nodes['efs-lim']).toMatchObject({ kind: 'linux', image: imageTag(getRecipe('efs')), 'cap-add': ['DAC_READ_SEARCH', 'SYS_ADMIN'] });
    // The default is the tag `vracklab images build` produces (content hash), never a `latest` nobody builds.
    expect(efsDoc.topology.nodes['efs-lim']?.image).toMatch(/^vracklab\/efs:[0-9a-f]{12}$/);
  });

  it('with a run id: names and labels carry it and the file still validates', async () => {
    const lab = await loadLab('topologies/mks-private-networks.lab.yml');
    const doc = parse(renderContainerlab(lab, { runId: 'r4nd0m' })) as ClabDoc & { topology: { nodes: Record<string, { labels?: Record<string, string> }> } };
    expect(validate(doc)).toBe(true);
    expect(Object.keys(doc.topology.nodes).filter((n) => doc.topology.nodes[n]?.kind === 'bridge')).toEqual(['vlr4nd0mb0', 'vlr4nd0mb1', 'vlr4nd0mb2']);
    expect(doc.topology.nodes['vm1']?.labels).toEqual({ 'vracklab.lab': 'mks-private-networks', 'vracklab.run-id': 'r4nd0m', 'vracklab.role': 'vm' });
    expect(doc.topology.links).toContainEqual({ endpoints: ['vm1:eth0', 'vlr4nd0mb2:vlr4nd0mh2n0'] });
  });

  it('keeps host-side names within 15 characters', async () => {
    const lab = await loadLab('topologies/two-regions.lab.yml');
    const doc = parse(renderContainerlab(lab)) as ClabDoc;
    const hostSide = (doc.topology.links ?? []).map((l) => l.endpoints[1] ?? '').filter((e) => doc.topology.nodes[e.split(':')[0] ?? '']?.kind === 'bridge');
    for (const ep of hostSide) for (const part of ep.split(':')) expect(part.length).toBeLessThanOrEqual(15);
    expect(hostSide.length).toBeGreaterThan(0);
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
