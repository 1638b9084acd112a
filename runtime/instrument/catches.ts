// CATCH probes: the first thing a catch body does is `<rt>.c(id, e)` (undefined without a binding),
// then the catch bindings are recorded as writes that name their frame: an async function resumed
// by a rejection has no RESUME event, and the replay learns which frame resumed from that write
// (eventIndexer resumedByCatch). The try statement itself is left alone.
import type * as ESTree from 'estree';
import { boundNames } from './scope';
import type { HandlerTable, Pos, Visit } from './visit';
import { writeStatements } from './writes';

function catchClause(visit: Visit): void {
  const node = visit.node as Pos<ESTree.CatchClause>;
  const { state } = visit;
  if (!state.full) return;
  const body = node.body as Pos;
  const probeId = state.probe('catch', node.start, node.end);
  const value = node.param?.type === 'Identifier' ? node.param.name : 'void 0';
  const param = node.param as Pos | null;
  const writes = param ? writeStatements(state, boundNames(param), param.start, param.end, true) : '';
  state.insert(body.start + 1, `${state.open('c')}${state.id(probeId)},${value});${writes}`);
}

export const catchHandlers: HandlerTable = { CatchClause: catchClause };
