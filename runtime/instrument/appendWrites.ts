// The append shape of a write (issue 9, docs/PERFORMANCE.md "Strings built by appending"): at
// `full`, `x += e` (or `x = x + e`) on a declared binding becomes
// `<rt>.ap(id, x, <rt>.appendMark(), x += (t = e), t)` (`apf(…, frame)` for another frame's
// binding), so the recorder sees the old value, whether e wrote any event (the mark: e may write x
// itself, and then the old value is not the binding's last recorded one; -1 instead of the call
// where appendProof.ts proves from the file's syntax that e cannot) and the part, and can
// write an APPEND instead of reading the whole new string. Exact: a declared binding read twice is
// unobservable (a TDZ read throws the same ReferenceError before e runs), x is still read before
// e, and the program's own `+=` still does the addition. Knows nothing of the recorder.
import type * as ESTree from 'estree';
import { PROVEN_APPEND_MARK } from '../format/appendEvents';
import { appendProven, nestedWrites } from './appendProof';
import { resolve } from './scope';
import { argClose, argOpen, type Pos, type Visit } from './visit';
import type { DeclarationKind } from '../format/probes';
import type { VisitState } from './state';
import type { Scope } from './scope';

/** writes.ts's writeProbe, passed in (that file calls this one). */
type WriteProbe = (
  state: VisitState,
  name: string,
  start: number,
  end: number,
  nameFrame: boolean,
  found: { scope: Scope; kind: DeclarationKind },
) => { probeId: number; frame: string | undefined };

/**
 * The appended expression of an assignment to the identifier `name` that can take the append shape:
 * `e` of `name += e`, or of `name = name + e` (the `+`'s left operand that very identifier; not
 * `name = name + a + b`, whose left operand is `name + a`). Undefined for any other assignment.
 */
function appendedPart(node: ESTree.AssignmentExpression, name: string): Pos | undefined {
  if (node.operator === '+=') return node.right as Pos;
  if (node.operator !== '=' || node.right.type !== 'BinaryExpression') return undefined;
  const sum = node.right;
  if (sum.operator !== '+' || sum.left.type !== 'Identifier' || sum.left.name !== name) return undefined;
  return sum.right as Pos;
}

/**
 * Writes the append shape for an assignment to an identifier and returns true, or returns false
 * (the caller keeps the plain write): not an append, an undeclared name (it may be an accessor on
 * the global object, INS-06: no second read), or no temp (parameters, class field initializers).
 */
export function appendWrite(visit: Visit, name: string, probeFor: WriteProbe): boolean {
  const node = visit.node as Pos<ESTree.AssignmentExpression>;
  const { state, leaves } = visit;
  const part = appendedPart(node, name);
  if (!part) return false;
  const found = resolve(state.scope, name);
  if (!found) return false;
  const temps = state.takeTemps(1);
  if (!temps) return false;
  leaves.push(() => state.releaseTemps(1)); // pushed first: runs after the inserts below
  const temp = temps[0];
  const { probeId, frame } = probeFor(state, name, node.start, node.end, false, found);
  const open = state.open(frame === undefined ? 'ap' : 'apf');
  const program = state.program;
  if (!state.appendFacts && program) state.appendFacts = nestedWrites(program as ESTree.Program & Pos);
  const proven =
    state.appendFacts !== undefined && appendProven(state.appendFacts, name, found.scope, found.kind, part);
  const mark = proven ? String(PROVEN_APPEND_MARK) : `${state.open('appendMark')})`;
  state.insert(node.start, `${open}${state.id(probeId)},${name},${mark},`);
  state.insert(part.start, `(${temp}=${argOpen(part)}`);
  // Leaves run last pushed first, and part ends where the assignment does: its `)` must come first.
  leaves.push(() => state.insert(node.end, frame === undefined ? `,${temp})` : `,${temp},${frame})`));
  leaves.push(() => state.insert(part.end, `${argClose(part)})`));
  return true;
}
