/** Renders a lab as Graphviz DOT: vRacks, the public network and clusters as clusters. */
import { labGraph, type GraphNode, type GraphShape } from './graph-model.ts';
import type { ResolvedLab } from './model.ts';

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

const SHAPES: Record<GraphShape, string> = {
  segment: 'box3d',
  host: 'box',
  gateway: 'hexagon',
  'public-gateway': 'hexagon',
  'k8s-node': 'box',
  pod: 'ellipse',
  efs: 'cylinder',
  'vrack-services': 'cds',
};

function node(n: GraphNode): string {
  return `${n.id} [label=${quote(n.label.join('\n'))}, shape=${SHAPES[n.shape]}];`;
}

export function renderDot(lab: ResolvedLab): string {
  const g = labGraph(lab);
  const out: string[] = [`graph ${quote(g.title)} {`, '  rankdir=LR;', '  compound=true;', '  node [fontname="Helvetica"];'];
  const grouped = new Set(g.groups.flatMap((x) => x.nodes));
  for (const grp of g.groups) {
    out.push(`  subgraph cluster_${grp.id} {`, `    label=${quote(grp.label)};`);
    // An empty cluster is not drawn by Graphviz; a point keeps edges to it (vRack Services association) valid.
    out.push(`    ${grp.id} [shape=point, style=invis];`);
    for (const id of grp.nodes) {
      const n = g.nodes.find((x) => x.id === id);
      if (n) out.push(`    ${node(n)}`);
    }
    out.push('  }');
  }
  for (const n of g.nodes) if (!grouped.has(n.id)) out.push(`  ${node(n)}`);
  for (const e of g.edges) {
    const grp = g.groups.find((x) => x.id === e.to);
    out.push(`  ${e.from} -- ${e.to} [label=${quote(e.label)}${e.style === 'dotted' ? ', style=dotted' : ''}${grp ? `, lhead=cluster_${grp.id}` : ''}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
