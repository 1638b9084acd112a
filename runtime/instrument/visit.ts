// The shape every node handler has, shared by the handler files and the walker (visitor.ts).
// A handler edits on enter and pushes what must happen on leave; leaves run innermost first.
import type * as ESTree from 'estree';
import type { VisitState } from './state';

/** Acorn nodes carry offsets; estree's types do not. */
export type Pos<T = ESTree.Node> = T & { start: number; end: number };

export interface Visit<T = ESTree.Node> {
  node: Pos<T>;
  parent: Pos | null;
  key: string | number | symbol | null | undefined;
  /** The node's index in its parent's list (`key`), for a node in one. */
  index?: number | null | undefined;
  state: VisitState;
  /** Run on leave, last pushed first. */
  leaves: Array<() => void>;
}

export type Handler = (visit: Visit) => void;

export type HandlerTable = Partial<Record<ESTree.Node['type'], Handler>>;

/** An expression that must be parenthesised to be one argument or one operand (`a, b`). */
function needsParens(node: ESTree.Node): boolean {
  return node.type === 'SequenceExpression';
}

/** Opening/closing text around an expression used as one call argument. */
export function argOpen(node: ESTree.Node): string {
  return needsParens(node) ? '(' : '';
}
export function argClose(node: ESTree.Node): string {
  return needsParens(node) ? ')' : '';
}
