// The program's `emit(…)` calls (`emitter.emit('x', …)`, `this.emit(…)`, `super.emit(…)`,
// `emitter?.emit(…)`): wrapped as
// `<rt>.emitEnd(<rt>.emitStart("x"), emitter.emit('x', …))` so the recorder marks the call's start and end
// (EMIT) and the Call Stack can label the listeners it runs ("EventEmitter 'x'", issue 11 item 4).
// The call keeps its own text — V8's "emitter.emit is not a function" and every stack are
// unchanged — and nothing runs between emitStart and the program's own evaluation of the call.
import type * as ESTree from 'estree';
import type { HandlerTable, Pos, Visit } from './visit';

/** `….emit(…)`, `super.emit(…)`, `x?.emit(…)`, `x.emit?.(…)`: a call of a property named emit. */
function isEmitCall(node: ESTree.CallExpression): boolean {
  const callee = node.callee;
  return (
    callee.type === 'MemberExpression' &&
    !callee.computed &&
    callee.property.type === 'Identifier' &&
    callee.property.name === 'emit'
  );
}

/**
 * The text to wrap: the call itself, or — when it is an optional chain's whole expression
 * (`x?.emit('a')`) — that chain, so a short-circuit still yields undefined and nothing else. A call
 * inside a longer chain (`x?.emit('a').y`) is left alone: wrapping it would split the chain.
 */
function wrapped(visit: Visit, node: Pos<ESTree.CallExpression>): Pos<ESTree.Node> | undefined {
  const parent = visit.state.ancestor(1);
  if (parent?.type === 'ChainExpression') return parent.expression === node ? (parent as Pos<ESTree.Node>) : undefined;
  return (node as ESTree.SimpleCallExpression).optional || isInChain(node) ? undefined : node;
}

/** An optional link below the call's callee (`x?.y.emit(…)` parses as a chain only at its top). */
function isInChain(node: ESTree.CallExpression): boolean {
  for (let at: ESTree.Node = node.callee; ;) {
    if (at.type === 'MemberExpression') {
      if (at.optional) return true;
      at = at.object;
    } else if (at.type === 'CallExpression') {
      if ((at as ESTree.SimpleCallExpression).optional) return true;
      at = at.callee;
    } else return false;
  }
}

function call(visit: Visit): void {
  const node = visit.node as Pos<ESTree.CallExpression>;
  const { state, leaves } = visit;
  if (!state.full || !isEmitCall(node)) return;
  const target = wrapped(visit, node);
  if (!target) return;
  const first = node.arguments[0];
  const name = first?.type === 'Literal' && typeof first.value === 'string' ? JSON.stringify(first.value) : '';
  state.insert(target.start, `${state.open('emitEnd')}${state.open('emitStart')}${name}),`);
  leaves.push(() => state.insert(target.end, ')'));
}

export const emitCallHandlers: HandlerTable = { CallExpression: call };
