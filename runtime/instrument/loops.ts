// for-in / for-of / for-await: the per-iteration loop-head STEP and loop-binding WRITEs at the
// start of the body, and for-await's SUSPEND before the loop, RESUME at each body start, SUSPEND at
// each body end (try/finally inside the body) and RESUME after the loop (INS-13).
import type * as ESTree from 'estree';
import { anchorOf } from './anchors';
import { boundNames, declareLexical, openScope, resolve } from './scope';
import type { VisitState } from './state';
import type { HandlerTable, Pos, Visit } from './visit';
import { writeStatements } from './writes';

type ForInOf = Pos<ESTree.ForInStatement | ESTree.ForOfStatement>;

/** Names a body block declares itself: reading them at body start would hit their TDZ. */
function shadowedBy(state: VisitState, body: ESTree.Statement): Set<string> {
  if (body.type !== 'BlockStatement') return new Set();
  const probe = openScope(undefined, 0, -1, { start: 0, end: 0 });
  declareLexical(probe, body.body);
  return new Set(probe.names.keys());
}

function loopNames(loop: ForInOf): string[] {
  const left = loop.left;
  return left.type === 'VariableDeclaration' ? boundNames(left.declarations[0]?.id) : boundNames(left);
}

/** Called by the statement walker when it enters the loop's body, after any brace it added. */
export function loopBodyPrefix(visit: Visit, loop: ForInOf, innerStart: number, innerEnd: number): void {
  const { state, leaves } = visit;
  const shadowed = shadowedBy(state, loop.body);
  const names = loopNames(loop).filter((name) => !shadowed.has(name));
  let text = '';
  const awaitProbe = state.forAwaitProbes.get(loop);
  if (awaitProbe !== undefined) {
    const frame = state.frameVar(state.fn.depth);
    const target = loop.left.type === 'VariableDeclaration' ? loop.left.declarations[0]?.id : loop.left;
    const readable = target?.type === 'Identifier' && !shadowed.has(target.name) && resolve(state.scope, target.name);
    const value = readable ? target.name : 'void 0';
    text += `${state.open('ar')}${frame},${state.id(awaitProbe)},${value});try{`;
    leaves.push(() => state.insert(innerEnd, `}finally{${state.open('as')}${frame},${state.id(awaitProbe)},void 0)}`));
  }
  if (state.full) {
    const left = loop.left as Pos;
    text += `${state.open('s')}${state.id(state.probe('loopHead', left.start, (loop.right as Pos).end))});`;
    text += writeStatements(state, names, left.start, left.end);
  }
  if (text) state.insert(innerStart, text);
}

function forOf(visit: Visit): void {
  const loop = visit.node as Pos<ESTree.ForOfStatement>;
  const { state, leaves } = visit;
  if (!loop.await) return;
  const anchor = anchorOf(state, 0);
  if (!anchor) return;
  const probeId = state.probe('await', loop.start, loop.end);
  state.forAwaitProbes.set(loop, probeId);
  const frame = state.frameVar(state.fn.depth);
  state.insert(anchor.start, `${state.open('as')}${frame},${state.id(probeId)},void 0);`);
  leaves.push(() => state.insert(anchor.end, `;${state.open('ar')}${frame},${state.id(probeId)},void 0);`));
}

export const loopHandlers: HandlerTable = {
  ForOfStatement: forOf,
};
