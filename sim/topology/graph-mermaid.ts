/** Renders a lab as a Mermaid flowchart: vRacks and the public network as subgraphs. */
import { labGraph, type GraphNode, type GraphShape } from './graph-model.ts';
import type { ResolvedLab } from './model.ts';

/** Mermaid labels are quoted; `"` and markup characters must be entities there. */
function text(lines: readonly string[]): string {
  return lines.map((l) => l.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;')).join('<br/>');
}

const SHAPES: Record<GraphShape, [string, string]> = {
  segment: ['[[', ']]'],
  host: ['[', ']'],
  gateway: ['{{', '}}'],
  'public-gateway': ['{{', '}}'],
  'k8s-node': ['[', ']'],
  pod: ['(', ')'],
  efs: ['[(', ')]'],
  'vrack-services': ['>', ']'],
};

function node(n: GraphNode): string {
  const [open, close] = SHAPES[n.shape];
  return `${n.id}${open}"${text(n.label)}"${close}`;
}

export function renderMermaid(lab: ResolvedLab): string {
  const g = labGraph(lab);
  const out: string[] = ['---', `title: ${g.title}`, '---', 'flowchart LR'];
  const grouped = new Set(g.groups.flatMap((x) => x.nodes));
  for (const grp of g.groups) {
    out.push(`  subgraph ${grp.id}["${text([grp.label])}"]`);
    for (const id of grp.nodes) {
      const n = g.nodes.find((x) => x.id === id);
      if (n) out.push(`    ${node(n)}`);
    }
    out.push('  end');
  }
  for (const n of g.nodes) if (!grouped.has(n.id)) out.push(`  ${node(n)}`);
  for (const e of g.edges) out.push(`  ${e.from} ${e.style === 'solid' ? '---' : '-.-'}|"${text([e.label])}"| ${e.to}`);
  out.push('  classDef segment fill:#eef,stroke:#447', '  classDef efs fill:#efe,stroke:#474');
  const ids = (shape: GraphShape): string[] => g.nodes.filter((n) => n.shape === shape).map((n) => n.id);
  if (ids('segment').length > 0) out.push(`  class ${ids('segment').join(',')} segment`);
  if (ids('efs').length > 0) out.push(`  class ${ids('efs').join(',')} efs`);
  return `${out.join('\n')}\n`;
}
