import { describe, expect, it } from 'vitest';
import { renderDot } from './graph-dot.ts';
import { renderMermaid } from './graph-mermaid.ts';
import { loadLab } from './load.ts';
import { renderGraph } from '../cli/commands/graph.ts';

/** Node ids declared in a Mermaid flowchart (nodes and subgraphs). */
function mermaidIds(text: string): Set<string> {
  const ids = new Set<string>();
  for (const line of text.split('\n')) {
    const sub = /^\s*subgraph (\w+)\[/.exec(line);
    if (sub?.[1]) ids.add(sub[1]);
    const node = /^\s*(\w+)(\[\[|\[\(|\{\{|\[|\(|>)"/.exec(line);
    if (node?.[1]) ids.add(node[1]);
  }
  return ids;
}

describe('graph', async () => {
  const mks = await loadLab('topologies/mks-private-networks.lab.yml');
  const vrs = await loadLab('topologies/vrack-services.lab.yml');

  it('mermaid: vRacks and the public network are subgraphs holding their segments', () => {
    const out = renderMermaid(mks);
    expect(out.split('\n').slice(0, 4)).toEqual(['---', 'title: mks-private-networks', '---', 'flowchart LR']);
    expect(out).toContain('  subgraph vrack_pn_xyzzz["vRack pn-xyzzz"]\n    seg_vrack_pn_xyzzz_10[["VLAN 10<br/>priv-net-01 10.0.1.0/24<br/>host route 10.0.2.0/24 via 10.0.1.1 (off)"]]');
    expect(out).toContain('  subgraph grp_public["Public network 198.51.100.0/24"]');
    expect(out).toContain('  subgraph k8s_mks1["Kubernetes mks1 (pods 10.2.0.0/16)"]');
    expect(out).toContain('  h_my_vrack_gateway{{"my-vrack-gateway<br/>gateway<br/>ip_forward<br/>SNAT"}}');
    expect(out).toContain('  h_node1 ---|"eth1 10.0.1.146/24"| seg_vrack_pn_xyzzz_10');
    expect(out).toContain('  h_pod3 ---|"eth0 - cni0 veth0"| h_node3');
  });

  it('mermaid: every edge joins declared ids; subgraphs are closed', () => {
    for (const lab of [mks, vrs]) {
      const out = renderMermaid(lab);
      const ids = mermaidIds(out);
      const edges = out.split('\n').filter((l) => /(---|-\.-)\|/.test(l));
      expect(edges.length).toBeGreaterThan(0);
      for (const e of edges) {
        const m = /^\s*(\w+) (?:---|-\.-)\|"[^"]*"\| (\w+)$/.exec(e);
        expect(m, e).not.toBeNull();
        expect(ids.has(m?.[1] ?? ''), e).toBe(true);
        expect(ids.has(m?.[2] ?? ''), e).toBe(true);
      }
      expect(out.match(/^\s*subgraph /gm)?.length).toBe(out.match(/^\s*end$/gm)?.length);
    }
  });

  it('mermaid: vRack Services, EFS and the vRack association', () => {
    const out = renderMermaid(vrs);
    expect(out).toContain('h_efs_lim[("efs-lim<br/>storageNetApp LIM<br/>share share1")]');
    expect(out).toContain('  vrs_vrs_lim -.-|"associated"| vrack_pn_xyzzz');
    expect(out).toContain('  subgraph vrack_pn_other["vRack pn-other"]');
  });

  it('dot: clusters per vRack, escaped multi-line labels', () => {
    const out = renderDot(mks);
    expect(out.startsWith('graph "mks-private-networks" {\n')).toBe(true);
    expect(out).toContain('  subgraph cluster_vrack_pn_xyzzz {');
    expect(out).toContain('h_vm1 [label="vm1\\nvm", shape=box];');
    expect(out).toContain('  h_vm1 -- seg_vrack_pn_xyzzz_20 [label="eth0 10.0.2.142/24"];');
    expect(out.trimEnd().endsWith('}')).toBe(true);
  });

  it('renderGraph refuses an unknown format with the valid ones', () => {
    expect(() => renderGraph(mks, 'svg')).toThrow('invalid graph format: unknown output format (got "svg"; valid: mermaid, dot)');
    expect(renderGraph(mks, 'dot')).toBe(renderDot(mks));
  });
});
