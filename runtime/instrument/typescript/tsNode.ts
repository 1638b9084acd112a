// The shape every TypeScript-stripping handler sees: a node of acorn-typescript's tree, known only
// by its type and span (its other fields are read by name where needed). Its own file so the
// handler table and the handlers it dispatches to (enums.ts) need not import each other; with the
// two readers every decorator lowering uses.

export interface TsNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/** The node under `key`, if that field holds one. */
export function child(node: TsNode, key: string): TsNode | undefined {
  const value = node[key];
  return value && typeof value === 'object' && 'type' in value ? (value as TsNode) : undefined;
}

export function decoratorsOf(node: TsNode | undefined): TsNode[] {
  return (node?.decorators as TsNode[] | undefined) ?? [];
}
