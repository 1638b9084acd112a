// CATCH probes: the first thing a catch body does is `<rt>.c(id, e)` (undefined without a binding),
// then the catch bindings are recorded as writes that name their frame: an async function resumed
// by a rejection has no RESUME event, and the replay learns which frame resumed from that write
// (eventIndexer resumedByCatch). A catch that binds nothing (`catch {}`) writes a nameless probe
// for the same reason. The try statement itself is left alone.
import type * as ESTree from 'estree';
import { ModuleScope } from '../format/moduleScope';
import { boundNames } from './scope';
import type { VisitState } from './state';
import type { HandlerTable, Pos, Visit } from './visit';
import { writeStatements } from './writes';

/**
 * `<rt>.wf(id, void 0, frame);` for a catch with no binding in code a rejection can resume (async
 * functions, generators, a module's top-level await): a 'write' probe without varName names the
 * frame and no variable.
 */
function frameMark(state: VisitState, node: Pos): string {
  const fn = state.fn;
  if (!(fn.isAsync || fn.isGenerator || fn.depth === 0) || fn.noFrame > 0) return '';
  const probeId = state.probe('write', node.start, node.end, {
    scopeFunctionProbe: fn.depth === 0 ? ModuleScope.functionProbe : fn.probeId,
  });
  return `${state.open('wf')}${state.id(probeId)},void 0,${state.frameRef(fn.depth)});`;
}

function catchClause(visit: Visit): void {
  const node = visit.node as Pos<ESTree.CatchClause>;
  const { state } = visit;
  if (!state.full) return;
  const body = node.body as Pos;
  const probeId = state.probe('catch', node.start, node.end);
  const value = node.param?.type === 'Identifier' ? node.param.name : 'void 0';
  const param = node.param as Pos | null;
  const names = boundNames(param);
  const writes =
    param && names.length ? writeStatements(state, names, param.start, param.end, true) : frameMark(state, node);
  state.insert(body.start + 1, `${state.open('c')}${state.id(probeId)},${value});${writes}`);
}

export const catchHandlers: HandlerTable = { CatchClause: catchClause };
