// The shape every TypeScript-stripping handler sees: a node of acorn-typescript's tree, known only
// by its type and span (its other fields are read by name where needed). Its own file so the
// handler table and the handlers it dispatches to (enums.ts) need not import each other.

export interface TsNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}
