// The program's `emit(…)` calls (`emitter.emit('x', …)`, `this.emit(…)`): wrapped as
// `<rt>.emitEnd(<rt>.emitStart("x"), emitter.emit('x', …))` so the recorder marks the call's start and end
// (EMIT) and the Call Stack can label the listeners it runs ("EventEmitter 'x'", issue 11 item 4).
// The call keeps its own text — V8's "emitter.emit is not a function" and every stack are
// unchanged — and nothing runs between emitStart and the program's own evaluation of the call.
import type * as ESTree from 'estree';
import type { HandlerTable, Pos, Visit } from './visit';

function isEmitCall(node: ESTree.CallExpression): boolean {
  const callee = node.callee;
  return (
    callee.type === 'MemberExpression' &&
    !callee.computed &&
    !callee.optional &&
    callee.object.type !== 'Super' &&
    callee.property.type === 'Identifier' &&
    callee.property.name === 'emit'
  );
}

function call(visit: Visit): void {
  const node = visit.node as Pos<ESTree.CallExpression>;
  const { state, leaves } = visit;
  if (!state.full || (node as ESTree.SimpleCallExpression).optional || state.ancestor(1)?.type === 'ChainExpression')
    return;
  if (!isEmitCall(node)) return;
  const first = node.arguments[0];
  const name = first?.type === 'Literal' && typeof first.value === 'string' ? JSON.stringify(first.value) : '';
  state.insert(node.start, `${state.open('emitEnd')}${state.open('emitStart')}${name}),`);
  leaves.push(() => state.insert(node.end, ')'));
}

export const emitCallHandlers: HandlerTable = { CallExpression: call };
