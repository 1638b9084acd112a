// The direct child nodes of an ESTree node, for the small whole-subtree scans outside the main walk
// (appendProof.ts's write facts, properties.ts's function-literal check). Knows node shapes only.
import type * as ESTree from 'estree';

function isNode(value: unknown): value is ESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Every node held directly by `node`'s fields (arrays included), in field order. */
export function childNodes(node: ESTree.Node): ESTree.Node[] {
  const children: ESTree.Node[] = [];
  for (const key of Object.keys(node)) {
    const child = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(child)) {
      for (const item of child) if (isNode(item)) children.push(item);
    } else if (isNode(child)) children.push(child);
  }
  return children;
}
