// Calls of builtins that write through an ARGUMENT rather than their receiver: Object.assign /
// defineProperty / setPrototypeOf / freeze…, Reflect.set / defineProperty / deleteProperty…, and
// a collection mutator borrowed with .call / .apply / Reflect.apply (`Array.prototype.push.call(a,
// x)`). Wrapped as `<rt>.mb(id, <call>, target)` so the recorder re-snapshots the written object after
// the call (issue 12 item 13). The target is read once: a declared binding or `this` is named
// again, anything else goes through a temp. Direct `a.push(x)` is properties.ts's (MUTATOR).
import type * as ESTree from 'estree';
import { MUTATOR_METHODS } from '../format/hotPath';
import { resolve } from './scope';
import type { VisitState } from './state';
import { argClose, argOpen, type HandlerTable, type Pos, type Visit } from './visit';

const MUTATORS = new Set<string>([...MUTATOR_METHODS.array, ...MUTATOR_METHODS.map, ...MUTATOR_METHODS.set]);

/**
 * Date.prototype's setters: they write the receiver's time, which a snapshot holds. Borrowed
 * (`Date.prototype.setTime.call(d, t)`) here; called on a receiver, properties.ts's mutator calls.
 */
export const DATE_SETTERS = new Set(
  ['Time', 'Milliseconds', 'Seconds', 'Minutes', 'Hours', 'Date', 'Month', 'FullYear', 'Year'].flatMap((unit) =>
    unit === 'Time' || unit === 'Year' ? [`set${unit}`] : [`set${unit}`, `setUTC${unit}`],
  ),
);

/** Static methods that write to their first argument. */
const WRITES_FIRST_ARGUMENT: Record<string, ReadonlySet<string>> = {
  Object: new Set([
    'assign',
    'defineProperty',
    'defineProperties',
    'setPrototypeOf',
    'freeze',
    'seal',
    'preventExtensions',
  ]),
  Reflect: new Set(['set', 'defineProperty', 'deleteProperty', 'setPrototypeOf', 'preventExtensions']),
};

function propertyName(member: ESTree.MemberExpression): string | undefined {
  if (!member.computed && member.property.type === 'Identifier') return member.property.name;
  return undefined;
}

/** `<anything>.push` (a borrowed mutator), never computed. */
function isMutatorMember(node: ESTree.Node): boolean {
  if (node.type !== 'MemberExpression' || node.optional) return false;
  const name = propertyName(node);
  return name !== undefined && (MUTATORS.has(name) || DATE_SETTERS.has(name));
}

/** A global the program has not shadowed: `Object` in `Object.assign` is then the builtin (or what replaced it). */
function isGlobal(state: VisitState, node: ESTree.Node, names: readonly string[]): node is ESTree.Identifier {
  return node.type === 'Identifier' && names.includes(node.name) && resolve(state.scope, node.name) === undefined;
}

/** Which argument the call writes through, or -1 when it is none of the recognised shapes. */
export function writtenArgument(state: VisitState, call: ESTree.CallExpression): number {
  const callee = call.callee;
  if (callee.type !== 'MemberExpression' || callee.optional) return -1;
  const method = propertyName(callee);
  if (method === undefined) return -1;
  if (isGlobal(state, callee.object, ['Object', 'Reflect'])) {
    if (callee.object.name === 'Reflect' && method === 'apply')
      return call.arguments[0] && isMutatorMember(call.arguments[0]) ? 1 : -1;
    return WRITES_FIRST_ARGUMENT[callee.object.name].has(method) ? 0 : -1;
  }
  if ((method === 'call' || method === 'apply') && isMutatorMember(callee.object)) return 0;
  return -1;
}

/** Named again without running code: a declared binding or `this`. */
function rereadable(state: VisitState, node: ESTree.Node): boolean {
  return (
    node.type === 'ThisExpression' || (node.type === 'Identifier' && resolve(state.scope, node.name) !== undefined)
  );
}

/** What the probe table names the call (`Object.assign`, `Array.prototype.push.call`); at most 80 characters. */
function calleeText(state: VisitState, node: Pos<ESTree.CallExpression>): string {
  const callee = node.callee as Pos;
  return state.code.slice(callee.start, Math.min(callee.end, callee.start + 80));
}

function call(visit: Visit): void {
  const node = visit.node as Pos<ESTree.CallExpression>;
  const { state, leaves } = visit;
  if (!state.full || (node as ESTree.SimpleCallExpression).optional || state.ancestor(1)?.type === 'ChainExpression')
    return;
  const index = writtenArgument(state, node);
  const argument =
    index >= 0 ? (node.arguments[index] as Pos<ESTree.Expression | ESTree.SpreadElement> | undefined) : undefined;
  if (
    !argument ||
    argument.type === 'SpreadElement' ||
    node.arguments.slice(0, index).some((each) => each.type === 'SpreadElement')
  )
    return;
  let target: string;
  if (rereadable(state, argument)) {
    target = argument.type === 'ThisExpression' ? 'this' : (argument as ESTree.Identifier).name;
  } else {
    const temps = state.takeTemps(1);
    if (!temps) return;
    leaves.push(() => state.releaseTemps(1));
    target = temps[0];
    state.insert(argument.start, `(${target}=${argOpen(argument)}`);
    leaves.push(() => state.insert(argument.end, `${argClose(argument)})`));
  }
  const id = state.id(
    state.probe('mutatorCall', node.start, node.end, { operation: calleeText(state, node), argumentCount: 0 }),
  );
  state.insert(node.start, `${state.open('mb')}${id},`);
  leaves.push(() => state.insert(node.end, `,${target})`));
}

export const builtinWriteHandlers: HandlerTable = { CallExpression: call };
