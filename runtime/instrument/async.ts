// SUSPEND/RESUME around every await, yield and yield*: `<rt>.ar(f, id, await <rt>.as(f, id, x))`.
// The hooks are synchronous calls, so no tick or microtask is added (INS-13). Top-level await uses
// the module frame (INS-22). for-await lives in loops.ts. A statement that starts its line with the
// keyword (`await t.test(…)`) keeps its operand's column: the keyword goes up with what precedes
// the operand (lineStarts.ts), spaces in its place.
import type * as ESTree from 'estree';
import { argClose, argOpen, type HandlerTable, type Pos, type Visit } from './visit';

function suspendResume(visit: Visit, kind: 'await' | 'yield'): void {
  const node = visit.node as Pos<ESTree.AwaitExpression | ESTree.YieldExpression>;
  const { state, leaves } = visit;
  const probeId = state.probe(kind, node.start, node.end);
  const head = `${state.frameVar(state.fn.depth)},${state.id(probeId)},`;
  const argument = node.argument as Pos | null | undefined;
  const movedTo = argument ? keywordMovesTo(state, node, argument) : undefined;
  if (movedTo !== undefined && argument) {
    // `ar(` goes up with the statement's STEP; the keyword's own text follows it there (still mapped to
    // where it is: V8 names an async frame at its await); `as(` and what the operand's own probes put
    // before it go up with the keyword; spaces hold the keyword's place.
    state.insert(node.start, `${state.open('ar')}${head}`);
    state.options.ms.move(node.start, argument.start, movedTo);
    state.insert(argument.start, `${state.open('as')}${head}${argOpen(argument)}`);
    state.options.ms.prependRight(argument.start, ' '.repeat(argument.start - node.start));
    leaves.push(() => {
      state.insert(argument.end, `${argClose(argument)})`);
      state.insert(node.end, ')');
    });
    return;
  }
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

/**
 * Where the keyword goes (lineStarts.ts) when the expression starts a line-starting statement and nothing but
 * spaces and a `(` follow it on its line before the operand; else undefined (the usual shape).
 */
function keywordMovesTo(state: Visit['state'], node: Pos, argument: Pos): number | undefined {
  const movedTo = state.options.lineStarts?.get(node.start);
  if (movedTo === undefined) return undefined;
  const keyword = state.code.slice(node.start, argument.start);
  return /^(?:await|yield)[ \t]*\*?[ \t]*\(?[ \t]*$/.test(keyword) ? movedTo : undefined;
}

export const asyncHandlers: HandlerTable = {
  AwaitExpression: (visit) => suspendResume(visit, 'await'),
  YieldExpression: (visit) => suspendResume(visit, 'yield'),
};
