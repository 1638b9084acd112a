// The walk: one estree-walker pass over the AST, a table from node type to handlers (istanbul's
// visitor), and the per-node leave actions. `with` bodies are skipped whole (INS-05): an injected
// identifier there would go through the scope object's `has` trap.
import type * as ESTree from 'estree';
import { walk } from 'estree-walker';
import { asyncHandlers } from './async';
import { builtinWriteHandlers } from './builtinWrites';
import { catchHandlers } from './catches';
import { emitCallHandlers } from './emitCalls';
import { environmentReadHandlers } from './environmentReads';
import { enterContext } from './contexts';
import { functionHandlers } from './functions';
import { loopHandlers } from './loops';
import { propertyHandlers } from './properties';
import { sourceMarkHandlers } from './sourceMarks';
import type { VisitState } from './state';
import { enterStatement, statementHandlers } from './statements';
import type { Handler, HandlerTable, Pos, Visit } from './visit';
import { writeHandlers } from './writes';

// sourceMarkHandlers first: its mark must precede anything others insert at the same offset.
const TABLES: HandlerTable[] = [
  sourceMarkHandlers,
  functionHandlers,
  statementHandlers,
  loopHandlers,
  catchHandlers,
  writeHandlers,
  propertyHandlers,
  builtinWriteHandlers,
  asyncHandlers,
  environmentReadHandlers,
  emitCallHandlers,
];

/** Node type → every handler interested in it, in TABLES order. */
const HANDLERS = new Map<string, Handler[]>();
for (const table of TABLES) {
  for (const [type, handler] of Object.entries(table)) {
    if (!handler) continue;
    const list = HANDLERS.get(type) ?? [];
    list.push(handler);
    HANDLERS.set(type, list);
  }
}

/** Level `calls` keeps only frames, returns and suspend/resume; handlers check `state.full` themselves. */
export function visitProgram(ast: ESTree.Program, state: VisitState): void {
  const pending = new Map<ESTree.Node, Array<() => void>>();
  walk(ast, {
    enter(node, parent, key) {
      if (parent?.type === 'WithStatement' && key === 'body') {
        this.skip();
        return;
      }
      state.ancestors.push(node);
      const visit: Visit = { node: node as Pos, parent: parent as Pos | null, key, state, leaves: [] };
      enterStatement(visit);
      enterContext(visit);
      const handlers = HANDLERS.get(node.type);
      if (handlers) for (const handler of handlers) handler(visit);
      if (visit.leaves.length) pending.set(node, visit.leaves);
    },
    leave(node) {
      const leaves = pending.get(node);
      if (leaves) {
        for (let i = leaves.length - 1; i >= 0; i--) leaves[i]();
        pending.delete(node);
      }
      state.ancestors.pop();
    },
  });
}
