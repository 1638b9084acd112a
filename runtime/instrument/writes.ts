// WRITE probes for variables: declarations (`let a = <rt>.w(id, v)`, or `<rt>.wf(id, v, f)` for
// another frame's binding), assignments (appends: appendWrites.ts) and updates of identifiers, and the statement form
// `<rt>.w(id, a);` used after destructuring and after
// anonymous-function initializers (never wrapped: NamedEvaluation must still name them, INS-18).
import type * as ESTree from 'estree';
import { ModuleScope } from '../format/moduleScope';
import { anchorOf } from './anchors';
import { appendWrite } from './appendWrites';
import { isAnonymousFunctionDefinition } from './names';
import { boundNames, resolve, type Scope } from './scope';
import type { DeclarationKind } from '../format/probes';
import type { VisitState } from './state';
import { argClose, argOpen, type HandlerTable, type Pos, type Visit } from './visit';

const LOGICAL = new Set(['||=', '&&=', '??=']);

/**
 * Allocates a write probe for `name` (resolved from the current scope) and says which frame owns
 * it: undefined when it is the running function's own (the recorder's `w`, no scope word), else the
 * frame expression for `wf`. Never "own" at module scope (module writes have their own list at
 * replay), in parameters (no frame variable yet) or in class field initializers (they run inside
 * whichever activation constructs the instance, not the enclosing function's).
 */
export function writeProbe(
  state: VisitState,
  name: string,
  start: number,
  end: number,
  nameFrame = false,
  found: { scope: Scope; kind: DeclarationKind } | undefined = resolve(state.scope, name),
): { probeId: number; frame: string | undefined } {
  const probeId = state.probe('write', start, end, {
    varName: name,
    declarationKind: found?.kind ?? 'implicit',
    scopeFunctionProbe: found ? found.scope.functionProbe : ModuleScope.functionProbe,
    ...(found ? { scopeRange: state.options.lines.range(found.scope.start, found.scope.end) } : {}),
  });
  if (!found) return { probeId, frame: '0' };
  const depth = found.scope.depth;
  const own = !nameFrame && depth > 0 && depth === state.fn.depth && state.fn.noTemps === 0 && state.fn.noFrame === 0;
  return { probeId, frame: own ? undefined : state.frameRef(depth) };
}

/** `w(` / `wf(` for the frame writeProbe gave, and the arguments that close it. */
function writeCall(state: VisitState, frame: string | undefined): { open: string; close: string } {
  return frame === undefined ? { open: state.open('w'), close: ')' } : { open: state.open('wf'), close: `,${frame})` };
}

/**
 * `<rt>.w(id,name,frame);` for each name: records bindings that already hold their value by reading
 * them again. Undeclared names are skipped: they may be accessors on the global object (INS-06).
 * `nameFrame`: always `wf` with the owner's frame, even for own bindings (see catches.ts).
 */
export function writeStatements(
  state: VisitState,
  names: readonly string[],
  start: number,
  end: number,
  nameFrame = false,
): string {
  let text = '';
  for (const name of names) {
    const found = resolve(state.scope, name);
    if (found) text += writeStatement(state, name, start, end, found, nameFrame);
  }
  return text;
}

/** `<rt>.w(id,name,frame);` for one name written to the binding `found` (not necessarily the innermost). */
export function writeStatement(
  state: VisitState,
  name: string,
  start: number,
  end: number,
  found: { scope: Scope; kind: DeclarationKind },
  nameFrame = false,
): string {
  const { probeId, frame } = writeProbe(state, name, start, end, nameFrame, found);
  const call = writeCall(state, frame);
  return `${call.open}${state.id(probeId)},${name}${call.close};`;
}

/** Wraps `node` (an expression whose value is the written value) in `<rt>.w(id, …, frame)`. */
function wrapWrite(visit: Visit, node: Pos, name: string, span: Pos): void {
  const { state, leaves } = visit;
  const { probeId, frame } = writeProbe(state, name, span.start, span.end);
  const call = writeCall(state, frame);
  state.insert(node.start, `${call.open}${state.id(probeId)},${argOpen(node)}`);
  leaves.push(() => state.insert(node.end, `${argClose(node)}${call.close}`));
}

function declarator(visit: Visit): void {
  const node = visit.node as Pos<ESTree.VariableDeclarator>;
  const { state, leaves } = visit;
  const init = node.init as Pos | null;
  if (!state.full || !init) return; // `let x;` writes nothing new; for-in/of bindings are loop writes
  if (node.id.type === 'Identifier' && !isAnonymousFunctionDefinition(init)) {
    wrapWrite(visit, init, node.id.name, node);
    return;
  }
  const anchor = anchorOf(state, 1);
  if (!anchor) return; // a pattern or a named function in a for-init: not recorded
  const text = writeStatements(state, boundNames(node.id), node.start, node.end);
  leaves.push(() => state.insert(anchor.end, `;${text}`));
}

function assignment(visit: Visit): void {
  const node = visit.node as Pos<ESTree.AssignmentExpression>;
  const { state, leaves } = visit;
  if (!state.full) return;
  const left = node.left;
  if (left.type === 'Identifier') {
    const right = node.right as Pos;
    if (LOGICAL.has(node.operator) && !isAnonymousFunctionDefinition(right)) wrapWrite(visit, right, left.name, node);
    else if (!appendWrite(visit, left.name, writeProbe)) wrapWrite(visit, node, left.name, node);
    return;
  }
  if (left.type !== 'ObjectPattern' && left.type !== 'ArrayPattern') return;
  // Destructuring: recorded after its statement; inside a larger expression it is not recorded.
  if (state.ancestor(1)?.type !== 'ExpressionStatement') return;
  const anchor = anchorOf(state, 1);
  if (!anchor) return;
  const text = writeStatements(state, boundNames(left), node.start, node.end);
  leaves.push(() => state.insert(anchor.end, `;${text}`));
}

function update(visit: Visit): void {
  const node = visit.node as Pos<ESTree.UpdateExpression>;
  const { state, leaves } = visit;
  if (!state.full || node.argument.type !== 'Identifier') return;
  if (node.prefix) return wrapWrite(visit, node, node.argument.name, node);
  const { probeId, frame } = writeProbe(state, node.argument.name, node.start, node.end);
  const delta = node.operator === '++' ? 1 : -1;
  state.insert(node.start, `${state.open(frame === undefined ? 'wp' : 'wpf')}${state.id(probeId)},`);
  leaves.push(() => state.insert(node.end, frame === undefined ? `,${delta})` : `,${delta},${frame})`));
}

/**
 * `class A {}` binds A when the declaration runs (not hoisted with a value, unlike a function):
 * `<rt>.w(id,A);` after it records the class as the binding's value, so a debugger shows and
 * evaluates A from there on. A class TypeScript's decorators wrap (classWraps) is left alone: the
 * wrapper's own code follows the declaration.
 */
function classDeclaration(visit: Visit): void {
  const node = visit.node as Pos<ESTree.ClassDeclaration>;
  const { state, leaves } = visit;
  if (!state.full || !node.id || state.options.classWraps?.get(node.end)) return;
  const text = writeStatements(state, [node.id.name], node.start, node.end);
  if (text) leaves.push(() => state.insert(node.end, `;${text}`));
}

export const writeHandlers: HandlerTable = {
  ClassDeclaration: classDeclaration,
  VariableDeclarator: declarator,
  AssignmentExpression: assignment,
  UpdateExpression: update,
};
