// Statement-level probes: a STEP before every statement of a statement list or non-block body
// (wrapped in braces so no line is added), never between a label and its statement (INS-14) nor
// among directives (INS-01); loop-head STEPs in while/do/for tests; return, throw and catch.
import type * as ESTree from 'estree';
import { whereIs } from './anchors';
import { bodyIteration, loopIterations } from './closureScopes';
import { InstrumentError } from './errors';
import { loopBodyPrefix } from './loops';
import type { VisitState } from './state';
import { expectToken } from './text';
import { argClose, argOpen, type HandlerTable, type Pos, type Visit } from './visit';

function isDirective(node: ESTree.Node): boolean {
  return node.type === 'ExpressionStatement' && typeof (node as ESTree.Directive).directive === 'string';
}

/** Statements that execute something a user would step onto (declarations hoist: no step). */
function steps(node: ESTree.Node): boolean {
  switch (node.type) {
    case 'FunctionDeclaration':
    case 'EmptyStatement':
    case 'ImportDeclaration':
    case 'ExportAllDeclaration':
    case 'BlockStatement':
      return false;
    case 'ExportNamedDeclaration':
      return !!node.declaration && node.declaration.type !== 'FunctionDeclaration';
    case 'ExportDefaultDeclaration':
      return node.declaration.type !== 'FunctionDeclaration';
    case 'ExpressionStatement':
      return !isDirective(node);
    default:
      return !node.type.startsWith('TS');
  }
}

const LOOP_OR_LABEL = new Set([
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'WhileStatement',
  'DoWhileStatement',
  'LabeledStatement',
]);

/**
 * Registers a statement of a block's or a case's list that starts its line (lineStarts.ts), before
 * anything is inserted at its start: what is inserted there goes before the line break. A program's
 * own statements are registered before the walk (instrument.ts, largeFile.ts).
 */
function keepLineStart({ node, parent, index, state }: Visit): void {
  const { lineStartFinder, lineStarts, ms } = state.options;
  if (!lineStartFinder || !lineStarts || typeof index !== 'number' || !parent || parent.type === 'Program') return;
  if (ms.touched(node.start)) return;
  const list = (parent.type === 'SwitchCase' ? parent.consequent : (parent as ESTree.BlockStatement).body) as Pos[];
  const previousEnd = index > 0 ? list[index - 1].end : parent.type === 'BlockStatement' ? parent.start + 1 : -1;
  if (previousEnd >= 0) lineStartFinder.statement(node, previousEnd, lineStarts);
}

/** Generic enter for any node in a statement position: braces for slots, the loop-body prefix, the STEP. */
export function enterStatement(visit: Visit): void {
  const { node, parent, key, state, leaves } = visit;
  const where = whereIs(parent, key);
  if (!where || where === 'label') return;
  if (where === 'list') keepLineStart(visit);
  const isBlock = node.type === 'BlockStatement';
  // `if (x) function f(){}` too: Annex B.3.4 reads it as the sole statement of a block, so the braces
  // change nothing and make room for its var's write (annexB.ts).
  if (where === 'slot' && !isBlock) {
    state.insert(node.start, '{');
    leaves.push(() => state.insert(node.end, '}'));
  }
  if (parent && key === 'body') bodyIteration(visit, parent, isBlock ? node.start + 1 : node.start);
  if (parent && (parent.type === 'ForInStatement' || parent.type === 'ForOfStatement') && key === 'body') {
    loopBodyPrefix(
      visit,
      parent as Pos<ESTree.ForInStatement | ESTree.ForOfStatement>,
      isBlock ? node.start + 1 : node.start,
      isBlock ? node.end - 1 : node.end,
    );
  }
  if (state.full && steps(node)) {
    const probeId = state.probe('statement', node.start, node.end);
    if (LOOP_OR_LABEL.has(node.type)) state.statementProbes.set(node, probeId);
    state.insert(node.start, `${state.open('s')}${state.id(probeId)});`);
  }
}

function loopTest(visit: Visit, test: Pos | null | undefined): void {
  const { state, leaves } = visit;
  if (!state.full || !test) return;
  const probeId = state.probe('loopHead', test.start, test.end);
  state.insert(test.start, `(${state.open('s')}${state.id(probeId)}),${argOpen(test)}`);
  leaves.push(() => state.insert(test.end, `${argClose(test)})`));
}

function forStatement(visit: Visit): void {
  const node = visit.node as Pos<ESTree.ForStatement>;
  const { state, parent } = visit;
  const labelled = parent?.type === 'LabeledStatement' ? parent : undefined;
  loopIterations(visit, state.statementProbes.get(node) ?? (labelled && state.statementProbes.get(labelled)));
  if (node.test) return loopTest(visit, node.test as Pos);
  if (!state.full) return;
  const init = node.init as Pos | null;
  const open = init ? init.end : expectToken(state.code, node.start + 3, '(') + 1;
  const semicolon = expectToken(state.code, open, ';');
  if (semicolon < 0)
    throw new InstrumentError(
      'cannot find the `;` of an empty for-test',
      state.options.lines.position(node.start).line1,
    );
  const probeId = state.probe('loopHead', semicolon, semicolon + 1);
  state.insert(semicolon + 1, `(${state.open('s')}${state.id(probeId)}),true)`);
}

/**
 * Can code run between this `return` and its function's exit? An enclosing `finally` (from its
 * block or catch clause), a `for…of` loop (the iterator's return()) or a `using` declaration (its
 * disposal), up to the function. Otherwise its RETURN ends the frame and no EXIT is recorded.
 */
function codeRunsAfterReturn(state: VisitState): boolean {
  for (let levels = 1; ; levels++) {
    const ancestor = state.ancestor(levels);
    const child = state.ancestor(levels - 1);
    if (!ancestor || FUNCTION_TYPES.has(ancestor.type)) return false;
    if (ancestor.type === 'TryStatement' && ancestor.finalizer && child !== ancestor.finalizer) return true;
    if (ancestor.type === 'ForOfStatement' && child === ancestor.body) return true;
    if (declaresUsing(ancestor)) return true;
  }
}

const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'StaticBlock',
  'Program',
]);

function declaresUsing(node: ESTree.Node): boolean {
  const body = node.type === 'BlockStatement' ? node.body : node.type === 'SwitchCase' ? node.consequent : undefined;
  return !!body?.some(
    (statement) => statement.type === 'VariableDeclaration' && (statement.kind as string).includes('using'),
  );
}

function returnStatement(visit: Visit): void {
  const node = visit.node as Pos<ESTree.ReturnStatement>;
  const { state, leaves } = visit;
  const fn = state.fn;
  // A CommonJS top-level return keeps its EXIT (written right after it, below); so does an async
  // generator's, whose `return` awaits its operand after r() ran.
  const endsFrame = fn.depth > 0 && !(fn.isAsync && fn.isGenerator) && !codeRunsAfterReturn(state);
  const probeId = state.probe('return', node.start, node.end, endsFrame ? { endsFrame } : {});
  const open = `${state.open(endsFrame ? 'r' : 'rf')}${state.id(probeId)},`;
  // CommonJS top-level `return`: the module's EXIT would never run, so it rides along.
  const moduleExit = fn.depth === 0 ? `,${state.open('x')}${state.frameVar(0)},${state.id(fn.probeId)})` : '';
  const argument = node.argument as Pos | null;
  if (!argument) {
    state.insert(node.start + 'return'.length, ` ${open}void 0)${moduleExit}`);
    return;
  }
  state.insert(argument.start, open + argOpen(argument));
  leaves.push(() => state.insert(argument.end, `${argClose(argument)})${moduleExit}`));
}

function throwStatement(visit: Visit): void {
  const argument = (visit.node as ESTree.ThrowStatement).argument as Pos;
  const { state, leaves } = visit;
  if (!state.full) return;
  // The thrown expression's range: where `new Error(…)` is, Node's column for the throwing frame.
  const probeId = state.probe('throw', argument.start, argument.end);
  state.insert(argument.start, `${state.open('th')}${state.id(probeId)},${argOpen(argument)}`);
  leaves.push(() => state.insert(argument.end, `${argClose(argument)})`));
}

export const statementHandlers: HandlerTable = {
  WhileStatement: (visit) => loopTest(visit, (visit.node as ESTree.WhileStatement).test as Pos),
  DoWhileStatement: (visit) => loopTest(visit, (visit.node as ESTree.DoWhileStatement).test as Pos),
  ForStatement: forStatement,
  ReturnStatement: returnStatement,
  ThrowStatement: throwStatement,
};
