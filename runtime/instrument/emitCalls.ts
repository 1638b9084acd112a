// The program's `emit(…)` calls (`emitter.emit('x', …)`, `a.b.c.emit(…)`, `getBus().emit(…)`,
// `emitter['emit'](…)`, `this.emit(…)`, `super.emit(…)`, `emitter?.emit(…)`, `x.emit.call(e, 'x')`,
// `x.emit.apply(e, ['x'])`): wrapped as `<rt>.emitEnd(emitter.emit('x', <rt>.emitStart("x", last)))` so the
// recorder marks the call's start and end (EMIT) and the Call Stack can label the listeners it runs
// ("EventEmitter 'x'", issue 11 item 4). The start is taken as the last argument is evaluated: the
// receiver and every argument (`getBus()`, `make()`) run before it, so no function called there is
// taken for a listener. The call keeps its own text — V8's "emitter.emit is not a function" and every
// stack are unchanged. Emits of Node's EventEmitter under any alias are also seen at run time
// (runtime/recorder/nodeEmits.ts); this file knows only the call's syntax.
import type * as ESTree from 'estree';
import type { HandlerTable, Pos, Visit } from './visit';

/** `x.emit` or `x['emit']`. */
function isEmitMember(node: ESTree.Node): node is ESTree.MemberExpression {
  if (node.type !== 'MemberExpression') return false;
  const key = node.property;
  return node.computed
    ? key.type === 'Literal' && key.value === 'emit'
    : key.type === 'Identifier' && key.name === 'emit';
}

/** `….emit.call(…)` / `….emit.apply(…)`: the call whose event name is its second argument. */
function forwarder(node: ESTree.CallExpression): 'call' | 'apply' | undefined {
  const callee = node.callee;
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return undefined;
  const name = callee.property.name;
  return (name === 'call' || name === 'apply') && isEmitMember(callee.object) ? name : undefined;
}

/** The expression naming the event: the first argument (the second of `.call`, the array's first of `.apply`). */
function eventArgument(node: ESTree.CallExpression): ESTree.Node | undefined {
  const via = forwarder(node);
  if (via === undefined) return node.arguments[0];
  const second = node.arguments[1];
  if (via === 'call') return second;
  return second?.type === 'ArrayExpression' ? (second.elements[0] ?? undefined) : undefined;
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
  if (!state.full || !(isEmitMember(node.callee) || forwarder(node))) return;
  const target = wrapped(visit, node);
  if (!target) return;
  const first = eventArgument(node);
  const name = first?.type === 'Literal' && typeof first.value === 'string' ? JSON.stringify(first.value) : 'void 0';
  const last = node.arguments[node.arguments.length - 1] as Pos<ESTree.Node> | undefined;
  // `emitStart(name, value)` returns the value: it runs when the last argument has been evaluated.
  const inner = last?.type === 'SpreadElement' ? (last.argument as Pos<ESTree.Node>) : last;
  if (inner) {
    state.insert(target.start, state.open('emitEnd'));
    state.insert(inner.start, `${state.open('emitStart')}${name},`);
  } else state.insert(target.start, `${state.open('emitEnd')}(${state.open('emitStart')}${name}),`);
  leaves.push(() => {
    if (inner) state.insert(inner.end, ')');
    state.insert(target.end, inner ? ')' : '))');
  });
}

export const emitCallHandlers: HandlerTable = { CallExpression: call };
