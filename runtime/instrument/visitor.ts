// The walk: one estree-walker pass over the AST, a table from node type to handlers (istanbul's
// visitor), and the per-node leave actions. `with` bodies are skipped whole (INS-05): an injected
// identifier there would go through the scope object's `has` trap; so is what a tool wrote itself
// into the code it made of a file (inputMap.ts).
import type * as ESTree from 'estree';
import { walk } from 'estree-walker';
import { annexBHandlers } from './annexB';
import { asyncHandlers } from './async';
import { builtinWriteHandlers } from './builtinWrites';
import { catchHandlers } from './catches';
import { emitCallHandlers } from './emitCalls';
import { environmentReadHandlers } from './environmentReads';
import { enterContext } from './contexts';
import { functionHandlers } from './functions';
import { MappedLineIndex } from './inputMap';
import { loopHandlers } from './loops';
import { propertyHandlers } from './properties';
import { sourceMarkHandlers } from './sourceMarks';
import type { VisitState } from './state';
import { enterStatement, statementHandlers } from './statements';
import type { Handler, HandlerTable, Pos, Visit } from './visit';
import { writeHandlers } from './writes';

// sourceMarkHandlers first: its mark must precede anything others insert at the same offset.
// annexBHandlers before functionHandlers: it must see the scope a declaration is in, not its own.
const TABLES: HandlerTable[] = [
  sourceMarkHandlers,
  annexBHandlers,
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

/**
 * TypeScript's code around a decorated class expression (typescript/tc39Decorators.ts), written as
 * the class is entered and left: inside what encloses it, around what the handlers add to it.
 */
function wrapClass(visit: Visit): void {
  const { node, state } = visit;
  if (node.type !== 'ClassExpression' && node.type !== 'ClassDeclaration') return;
  const wrap = state.options.classWraps?.get(node.end);
  if (!wrap) return;
  state.options.ms.appendLeft(node.start, wrap[0]);
  visit.leaves.push(() => state.options.ms.appendLeft(node.end, wrap[1])); // first pushed: run last
}

type Enter = (
  this: { skip(): void },
  node: ESTree.Node,
  parent: ESTree.Node | null,
  key: Visit['key'],
  index?: Visit['index'],
) => void;

const TOOL_WRITTEN_KINDS = new Set([
  'FunctionExpression',
  'ArrowFunctionExpression',
  'FunctionDeclaration',
  'ExpressionStatement',
]);

/**
 * A function or expression statement a tool wrote into the code it made of the file (inputMap.ts),
 * left to run unrecorded as a dependency's code does. A statement only without `await`/`yield`:
 * its function's suspensions must all be seen.
 */
function writtenByTool(state: VisitState, node: Pos): boolean {
  const lines = state.options.lines;
  if (!(lines instanceof MappedLineIndex) || !TOOL_WRITTEN_KINDS.has(node.type)) return false;
  if (!lines.writtenByTool(node.start, node.end)) return false;
  if (node.type !== 'ExpressionStatement') return true;
  const text = state.code.slice(node.start, node.end);
  return !text.includes('await') && !text.includes('yield');
}

/** The walk's enter and leave: the handlers of a node's type, and the leave actions they left. */
function visitorFor(state: VisitState): { enter: Enter; leave: (node: ESTree.Node) => void } {
  const pending = new Map<ESTree.Node, Array<() => void>>();
  return {
    enter(node, parent, key, index) {
      if ((parent?.type === 'WithStatement' && key === 'body') || writtenByTool(state, node as Pos)) {
        this.skip();
        return;
      }
      state.ancestors.push(node);
      const visit: Visit = { node: node as Pos, parent: parent as Pos | null, key, index, state, leaves: [] };
      enterStatement(visit);
      enterContext(visit);
      wrapClass(visit);
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
  };
}

/** Level `calls` keeps only frames, returns and suspend/resume; handlers check `state.full` themselves. */
export function visitProgram(ast: ESTree.Program, state: VisitState): void {
  walk(ast, visitorFor(state));
}

/**
 * The same walk over a program whose top-level statements come one at a time (a large file, parsed
 * as it is walked: streamedParse.ts): enter() with the program's first statements in its body,
 * statement() for each, leave() with the last one in its body.
 */
export class ProgramWalk {
  private readonly visitor: ReturnType<typeof visitorFor>;

  constructor(
    private readonly program: ESTree.Program,
    state: VisitState,
  ) {
    this.visitor = visitorFor(state);
  }

  enter(): void {
    this.visitor.enter.call({ skip: () => {} }, this.program, null, null);
  }

  statement(node: ESTree.Node): void {
    const { enter, leave } = this.visitor;
    const program = this.program;
    walk(node, {
      // A top-level statement's index in the whole program is not known here (largeFile.ts registers it).
      enter(child, parent, key, index) {
        enter.call(this, child, parent ?? program, parent ? key : 'body', parent ? index : undefined);
      },
      leave,
    });
  }

  leave(): void {
    this.visitor.leave(this.program);
  }
}
