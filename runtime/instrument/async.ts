// SUSPEND/RESUME around every await, yield and yield*: `<rt>.ar(f, id, await <rt>.as(f, id, x))`.
// The hooks are synchronous calls, so no tick or microtask is added (INS-13). Top-level await uses
// the module frame (INS-22). for-await lives in loops.ts.
import type * as ESTree from 'estree';
import { argClose, argOpen, type HandlerTable, type Pos, type Visit } from './visit';

function suspendResume(visit: Visit, kind: 'await' | 'yield'): void {
  const node = visit.node as Pos<ESTree.AwaitExpression | ESTree.YieldExpression>;
  const { state, leaves } = visit;
  const probeId = state.probe(kind, node.start, node.end);
  const head = `${state.frameVar(state.fn.depth)},${state.id(probeId)},`;
  const argument = node.argument as Pos | null | undefined;
  state.insert(node.start, `${state.open('ar')}${head}`);
  if (!argument) {
    leaves.push(() => state.insert(node.end, ` ${state.open('as')}${head}void 0))`));
    return;
  }
  state.insert(argument.start, `${state.open('as')}${head}${argOpen(argument)}`);
  leaves.push(() => {
    state.insert(argument.end, `${argClose(argument)})`);
    state.insert(node.end, ')');
  });
}

export const asyncHandlers: HandlerTable = {
  AwaitExpression: (visit) => suspendResume(visit, 'await'),
  YieldExpression: (visit) => suspendResume(visit, 'yield'),
};
