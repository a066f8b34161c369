// The lab file's `nodes:` (bring your own node): what resolves, and every rule's exact text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { imageTag } from '../fabric/images/image-tag.ts';
import { getRecipe } from '../fabric/images/registry.ts';
import { LAB_SCHEMA } from './schema-check.ts';
import { loadLab, parseLab } from './load.ts';
import { renderMermaid } from './graph-mermaid.ts';
import { labProblems as problems } from './testing/lab-problems.ts';

const NETS = `name: lab1
vracks: [{id: pn-a}, {id: pn-b}]
privateNetworks:
  - {name: n1, vrack: pn-a, vlan: 10, cidr: 10.0.1.0/24}
  - {name: n2, vrack: pn-a, vlan: 20, cidr: 10.0.2.0/24, dhcp: {hostRoutes: []}}
  - {name: n3, vrack: pn-b, vlan: null, cidr: 10.0.3.0/24}
hosts:
  - {name: h1, kind: vm, nics: [{network: n1, ip: 10.0.1.5}]}
nodes:
`;

const node = (body: string, name = 'r1') => `${NETS}  ${name}:\n${body.replace(/^/gm, '    ')}\n`;
const ATTACH = 'attach: [{vrack: pn-a, vlan: 10, ip: 10.0.1.254/24}]';

describe('lab nodes: what resolves', () => {
  it('the byon-frr-router lab: recipe image tag, NICs eth1/eth2 on their segments, exec, sysctls, capabilities', async () => {
    const lab = await loadLab('topologies/byon-frr-router.lab.yml');
    expect(lab.nodes).toHaveLength(1);
    const r1 = lab.nodes[0]!;
    expect(r1).toMatchObject({ name: 'r1', kind: 'linux', recipe: 'frr', image: imageTag(getRecipe('frr')), sysctls: { 'net.ipv4.ip_forward': '1' }, capAdd: ['SYS_ADMIN'] });
    expect(r1.nics.map((n) => [n.ifname, n.segment, n.network, n.address])).toEqual([
      ['eth1', 'vrack:pn-byon:100', 'net-a', '10.0.1.254/24'],
      ['eth2', 'vrack:pn-byon:200', 'net-b', '10.0.2.254/24'],
    ]);
    expect(r1.exec[0]).toBe('frr-ready');
    // Nodes are not hosts (the netns driver, the EFS, the probes never see them); the graph shows them.
    expect(lab.hosts.map((h) => h.name)).toEqual(['host-a', 'host-b']);
    const graph = renderMermaid(lab);
    expect(graph).toContain(`h_r1["r1<br/>node linux<br/>${r1.image}"]`);
    expect(graph).toContain('h_r1 ---|"eth2 10.0.2.254/24"| seg_vrack_pn_byon_200');
  });
  it('an image reference is kept as written; the untagged VLAN and an explicit ifname work; no nodes = []', () => {
    const lab = parseLab(node('kind: nokia_srlinux\nimage: ghcr.io/nokia/srlinux:24.10.1\nattach: [{vrack: pn-b, vlan: null, ip: 10.0.3.9, ifname: e1-1}]'), 'x.lab.yml');
    expect(lab.nodes[0]).toMatchObject({ kind: 'nokia_srlinux', image: 'ghcr.io/nokia/srlinux:24.10.1', recipe: null, exec: [], sysctls: {}, capAdd: [] });
    expect(lab.nodes[0]!.nics[0]).toMatchObject({ ifname: 'e1-1', network: 'n3', address: '10.0.3.9/24' });
    expect(parseLab(NETS.replace('nodes:\n', ''), 'x.lab.yml').nodes).toEqual([]);
  });
  it("the schema's kind enum is containerlab's own (the vendored clab.schema.json)", () => {
    const clab = JSON.parse(readFileSync(new URL('../fabric/containerlab/schema/clab.schema.json', import.meta.url), 'utf8')) as { definitions: { 'node-config': { properties: { kind: { enum: string[] } } } } };
    const ours = (LAB_SCHEMA['definitions'] as Record<string, { properties: { kind: { enum: string[] } } }>)['labNode']!.properties.kind.enum;
    expect(ours).toEqual(clab.definitions['node-config'].properties.kind.enum);
  });
});

describe('lab nodes: rules', () => {
  it('name: a host name, not the backplane, not taken by a host', () => {
    expect(problems(node(`kind: linux\nrecipe: frr\n${ATTACH}`, 'R_1'))).toEqual([
      'x.lab.yml:10:3: invalid node name "R_1": node names are host names: at most 40 lowercase letters, digits and dashes, starting with a letter or digit (e.g. r1, edge-router)',
    ]);
    expect(problems(node(`kind: linux\nrecipe: frr\n${ATTACH}`, 'vrack-fabric'))).toEqual([
      'x.lab.yml:10:3: invalid node name "vrack-fabric": reserved for the node holding the vRack bridges in a containerlab export (choose another name)',
    ]);
    expect(problems(node(`kind: linux\nrecipe: frr\n${ATTACH}`, 'h1'))[0]).toContain('duplicate name "h1": already used by hosts[0].name');
  });
  it('kind: containerlab\'s enum with did-you-mean; an image-less kind is refused', () => {
    const [bad] = problems(node(`kind: linx\nrecipe: frr\n${ATTACH}`));
    expect(bad).toMatch(/^x\.lab\.yml:11:11: invalid value "linx" at nodes\.r1\.kind: not an allowed value; did you mean "linux"\? \(valid: nokia_srlinux, arista_ceos, .*, linux, /);
    expect(problems(node(`kind: bridge\nrecipe: frr\n${ATTACH}`))).toEqual([
      'x.lab.yml:11:11: invalid kind bridge of node "r1": a node you bring is a container of an image; bridge is not (the vRack VLANs are vracklab\'s own bridges; kinds refused: bridge, ovs-bridge, host, ext-container)',
    ]);
  });
  it('image: a reference pattern; exactly one of image or recipe; a known recipe', () => {
    expect(problems(node(`kind: linux\nimage: "Frr:latest; rm -rf /"\n${ATTACH}`))[0]).toMatch(/^x\.lab\.yml:12:12: invalid value "Frr:latest; rm -rf \/" at nodes\.r1\.image: must be a container image reference \[registry\[:port\]\/\]repository\[:tag\]\[@sha256:digest\]/);
    expect(problems(node(`kind: linux\nimage: --privileged\n${ATTACH}`))[0]).toContain('at nodes.r1.image: must be a container image reference');
    expect(problems(node(`kind: linux\n${ATTACH}`))).toEqual([
      'x.lab.yml:11:5: invalid node "r1": it needs exactly one of image (a container image reference) or recipe (a vracklab image recipe: efs, frr, host)',
    ]);
    expect(problems(node(`kind: linux\nimage: alpine:3.20\nrecipe: frr\n${ATTACH}`))[0]).toContain('needs exactly one of image');
    expect(problems(node(`kind: linux\nrecipe: fr\n${ATTACH}`))).toEqual(['x.lab.yml:12:13: unknown image recipe "fr" of node "r1"; did you mean "frr"? (valid: efs, frr, host)']);
  });
  it('attachments: a known vRack, a VLAN with a private network, a free address inside it, one vRack', () => {
    const at = (a: string) => problems(node(`kind: linux\nrecipe: frr\nattach: [${a}]`));
    expect(at('{vrack: pn-z, vlan: 10, ip: 10.0.1.9}')).toEqual(['x.lab.yml:13:22: unknown vRack "pn-z" in node "r1": not declared in vracks; did you mean "pn-a"? (valid: pn-a, pn-b)']);
    expect(at('{vrack: pn-a, vlan: 30, ip: 10.0.1.9}')).toEqual(['x.lab.yml:13:34: unknown VLAN 30 on vRack pn-a for node "r1": no private network is declared on it (VLANs of pn-a: 10 (n1), 20 (n2))']);
    expect(at('{vrack: pn-a, vlan: 10, ip: 10.0.2.9}')).toEqual(['x.lab.yml:13:42: invalid address 10.0.2.9 of node "r1": outside network "n1" (10.0.1.0/24)']);
    expect(at('{vrack: pn-a, vlan: 10, ip: 10.0.1.5}')).toEqual(['x.lab.yml:13:42: duplicate address 10.0.1.5 on network "n1": node "r1" and host "h1" both use it (one address per host on a network)']);
    expect(at('{vrack: pn-a, vlan: 10, ip: 10.0.1.9}, {vrack: pn-a, vlan: 10, ip: 10.0.1.8}')).toEqual(['x.lab.yml:13:73: duplicate attachment of node "r1" to vRack pn-a VLAN 10: a node has at most one interface per VLAN']);
    expect(at('{vrack: pn-a, vlan: 10, ip: 10.0.1.9}, {vrack: pn-b, vlan: null, ip: 10.0.3.9}')).toEqual(['x.lab.yml:13:13: invalid attachments of node "r1": they span vRacks pn-a and pn-b (a server belongs to one vRack; traffic never crosses vRacks)']);
  });
  it('exec: words containerlab can split; sysctls: network ones only; capabilities: Linux names', () => {
    expect(problems(node(`kind: linux\nrecipe: frr\n${ATTACH}\nexec: ["vtysh -c 'conf t"]`))).toEqual([
      `x.lab.yml:14:12: invalid command: unclosed single quote (got "vtysh -c 'conf t") in the exec of node "r1": containerlab splits commands into words as a shell would (quote with ' or ")`,
    ]);
    expect(problems(node(`kind: linux\nrecipe: frr\n${ATTACH}\nexec: ["echo\\nid"]`))[0]).toContain('at nodes.r1.exec[0]: must be');
    expect(problems(node(`kind: linux\nrecipe: frr\n${ATTACH}\nsysctls: {net.ipv4.ip_forward: "1; reboot"}`))).toEqual([
      'x.lab.yml:14:36: invalid value "1; reboot" at nodes.r1.sysctls.net.ipv4.ip_forward: must be a sysctl value: letters, digits, . _ : - (at most 64)',
    ]);
    expect(problems(node(`kind: linux\nrecipe: frr\n${ATTACH}\nsysctls: {kernel.core_pattern: core}`))).toEqual([
      'x.lab.yml:14:36: invalid sysctl "kernel.core_pattern" of node "r1": only network sysctls (net.…, e.g. net.ipv4.ip_forward) can be set in a node\'s namespace',
    ]);
    expect(problems(node(`kind: linux\nrecipe: frr\n${ATTACH}\ncapAdd: [ALL]`))[0]).toMatch(/^x\.lab\.yml:14:14: invalid value "ALL" at nodes\.r1\.capAdd\[0\]: not an allowed value \(valid: AUDIT_CONTROL, /);
  });
});
