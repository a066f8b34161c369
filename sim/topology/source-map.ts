/**
 * Maps document paths back to YAML source positions, so every error names file:line:column.
 * The `yaml` parser keeps each node's byte range; a LineCounter turns offsets into lines.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { DocPath } from './lab-issue.ts';

export interface Position {
  line: number;
  column: number;
}

/** The deepest existing node along `path` and whether the whole path was found. */
function walk(doc: Document, path: DocPath): { node: Node | null; keyNode: Node | null; found: boolean } {
  let node: Node | null = doc.contents as Node | null;
  let keyNode: Node | null = null;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === step);
      if (!pair) return { node, keyNode, found: false };
      keyNode = (pair.key as Node) ?? null;
      node = (pair.value as Node | null) ?? keyNode;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step] as Node | undefined;
      if (!item) return { node, keyNode, found: false };
      keyNode = null;
      node = item;
    } else {
      return { node, keyNode, found: false };
    }
  }
  return { node, keyNode, found: true };
}

export function positionOf(doc: Document, lines: LineCounter, path: DocPath, atKey = false): Position {
  const { node, keyNode, found } = walk(doc, path);
  const target = atKey && found && keyNode ? keyNode : node;
  const offset = target?.range?.[0] ?? 0;
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}
