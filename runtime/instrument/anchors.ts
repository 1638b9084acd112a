// Where a statement sits and where generated statements may go: in a statement list, in a
// single-statement slot (if/loop bodies) or under a label, and the statement to insert before or
// after. Shared by the statement, loop and write probes; knows nothing of what they insert.
import type * as ESTree from 'estree';
import type { VisitState } from './state';
import type { Pos, Visit } from './visit';

const LOOPS = new Set(['WhileStatement', 'DoWhileStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement']);

export type Where = 'list' | 'slot' | 'label';

/** Where a node sits: in a statement list, in a single-statement slot, or as a label's body. */
export function whereIs(parent: ESTree.Node | null, key: Visit['key']): Where | undefined {
  if (!parent) return undefined;
  switch (parent.type) {
    case 'Program':
    case 'BlockStatement':
    case 'StaticBlock':
      return key === 'body' ? 'list' : undefined;
    case 'SwitchCase':
      return key === 'consequent' ? 'list' : undefined;
    case 'IfStatement':
      return key === 'consequent' || key === 'alternate' ? 'slot' : undefined;
    case 'LabeledStatement':
      return key === 'body' ? 'label' : undefined;
    default:
      return LOOPS.has(parent.type) && key === 'body' ? 'slot' : undefined;
  }
}

/** The key under which `child` hangs from `parent`, for the keys a statement can sit under. */
function keyOf(parent: ESTree.Node, child: ESTree.Node): string | undefined {
  if (parent.type === 'Program' || parent.type === 'BlockStatement' || parent.type === 'StaticBlock') return 'body';
  if (parent.type === 'SwitchCase') return parent.test === child ? 'test' : 'consequent';
  const record = parent as unknown as Record<string, unknown>;
  return ['body', 'consequent', 'alternate'].find((key) => record[key] === child);
}

/**
 * The statement that extra statements go before/after: the node `levels` above the one being
 * visited, climbing out of labels and `export`; undefined when that is not in a statement position.
 */
export function anchorOf(state: VisitState, levels: number): Pos | undefined {
  let node = state.ancestor(levels) as Pos | undefined;
  if (!node) return undefined;
  for (let up = levels + 1; ; up++) {
    const parent = state.ancestor(up) as Pos | undefined;
    if (!parent) return undefined;
    if (parent.type !== 'LabeledStatement' && parent.type !== 'ExportNamedDeclaration') {
      const where = whereIs(parent, keyOf(parent, node));
      return where && where !== 'label' ? node : undefined;
    }
    node = parent;
  }
}
