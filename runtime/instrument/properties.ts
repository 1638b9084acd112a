// PROP_SET / PROP_DELETE / MUTATOR probes. The target and a computed key go through temps
// (`(t = o).p = <rt>.pv(id, t, "p", v)`) so nothing is evaluated twice and no getter is re-read
// (INS-06); logical assignments keep their short-circuit (INS-15); optional chains are left alone.
import type * as ESTree from 'estree';
import { MUTATOR_METHODS } from '../format/hotPath';
import { DATE_SETTERS, writtenArgument } from './builtinWrites';
import { calleeObjectText, type PrintedReceiver } from './calleeText';
import { childNodes } from './childNodes';
import { resolve } from './scope';
import type { VisitState } from './state';
import { argClose, argOpen, type HandlerTable, type Pos, type Visit } from './visit';

const MUTATORS = new Set<string>([...MUTATOR_METHODS.array, ...MUTATOR_METHODS.map, ...MUTATOR_METHODS.set]);
const LOGICAL = new Set(['||=', '&&=', '??=']);

interface Target {
  target: string;
  key: string;
  propertyKey: string | undefined;
}

function staticKey(member: ESTree.MemberExpression): { text: string; key: string } | undefined {
  const p = member.property;
  if (!member.computed && p.type === 'Identifier') return { text: JSON.stringify(p.name), key: p.name };
  if (p.type === 'PrivateIdentifier') return { text: JSON.stringify(`#${p.name}`), key: `#${p.name}` };
  if (p.type === 'Literal' && (typeof p.value === 'string' || typeof p.value === 'number')) {
    return { text: JSON.stringify(p.value), key: String(p.value) };
  }
  return undefined;
}

function isOptionalSpine(node: ESTree.Node): boolean {
  for (let n: ESTree.Node = node; ;) {
    if (n.type === 'MemberExpression') {
      if (n.optional) return true;
      n = n.object;
    } else if (n.type === 'CallExpression') {
      if (n.optional) return true;
      n = n.callee;
    } else return false;
  }
}

/**
 * A mutator call's object that can be named again instead of going through a temp: a declared
 * binding reads the same without running code. V8 names the callee in "x.push is not a function"
 * from the source text, so a temp there would show in the message (`$rw$t0.push`).
 */
function rereadableObject(state: VisitState, member: ESTree.MemberExpression, reread: boolean): boolean {
  return reread && member.object.type === 'Identifier' && resolve(state.scope, member.object.name) !== undefined;
}

function tempCount(member: ESTree.MemberExpression, noObjectTemp = false): number {
  return (member.object.type === 'ThisExpression' || noObjectTemp ? 0 : 1) + (staticKey(member) ? 0 : 1);
}

/** True when the member can be captured here (not super, not optional, temps available if needed). */
function capturable(state: VisitState, member: ESTree.MemberExpression, reread = false): boolean {
  if (member.object.type === 'Super' || isOptionalSpine(member)) return false;
  return tempCount(member, rereadableObject(state, member, reread)) === 0 || state.fn.noTemps === 0;
}

/**
 * Routes the member's object (and computed key) through temps. Call only when capturable().
 * `reread`: a declared binding as the object is named again rather than captured (mutator calls).
 */
function captureMember(visit: Visit, member: Pos<ESTree.MemberExpression>, reread = false): Target {
  const { state, leaves } = visit;
  const named = rereadableObject(state, member, reread);
  const count = tempCount(member, named);
  const temps = count ? (state.takeTemps(count) ?? []) : [];
  leaves.push(() => state.releaseTemps(count));
  const known = staticKey(member);
  let target = 'this';
  if (named) target = (member.object as ESTree.Identifier).name;
  else if (member.object.type !== 'ThisExpression') {
    const object = member.object as Pos;
    target = temps[0];
    state.insert(object.start, `(${target}=${argOpen(object)}`);
    leaves.push(() => state.insert(object.end, `${argClose(object)})`));
  }
  if (known) return { target, key: known.text, propertyKey: known.key };
  const property = member.property as Pos;
  const key = temps[temps.length - 1];
  state.insert(property.start, `${key}=${argOpen(property)}`);
  leaves.push(() => state.insert(property.end, argClose(property)));
  return { target, key, propertyKey: undefined };
}

/**
 * `,<prefix>o<n>=<rt>.thisEntry(<prefix>o<n>,this)` as a PROP_SET's last argument when its target is
 * the running function's own `this`: the frame looks its identity up once, not at every write
 * (issue 9). Last, so it runs after the value is evaluated, where the target was prepared before.
 * A plain function also passes `new.target`: run by `new`, its `this` is an ordinary object, which
 * spares the recorder the exotic-type probes at its first sight (issue 9, acorn's AST nodes).
 */
function thisEntryArgument(state: VisitState, target: Target): string {
  if (target.target !== 'this') return '';
  const cache = state.thisEntryCache();
  if (cache === undefined) return '';
  return `,${cache}=${state.open('thisEntry')}${cache},this${state.constructsThis() ? ',new.target' : ''})`;
}

function propertyProbe(state: VisitState, node: Pos, member: ESTree.MemberExpression, operation: string): string {
  const known = staticKey(member);
  const extra = known ? { operation, propertyKey: known.key } : { operation };
  return state.id(state.probe('property', node.start, node.end, extra));
}

/** `o.p = v`, `o.p += v`, `o.p ||= v`. */
function assignment(visit: Visit): void {
  const node = visit.node as Pos<ESTree.AssignmentExpression>;
  const { state, leaves } = visit;
  const member = node.left as Pos<ESTree.MemberExpression>;
  if (!state.full || member.type !== 'MemberExpression' || !capturable(state, member)) return;
  const id = propertyProbe(state, node, member, 'set');
  const right = node.right as Pos;
  if (node.operator === '=' || LOGICAL.has(node.operator)) {
    const target = captureMember(visit, member, headsOptionalChain(state, node));
    const entry = thisEntryArgument(state, target);
    state.insert(right.start, `${state.open('pv')}${id},${target.target},${target.key},${argOpen(right)}`);
    leaves.push(() => state.insert(right.end, `${argClose(right)}${entry})`));
    return;
  }
  state.insert(node.start, `${state.open('pr')}${id},`);
  const target = captureMember(visit, member);
  const entry = thisEntryArgument(state, target);
  leaves.push(() => state.insert(node.end, `,${target.target},${target.key}${entry})`));
}

/**
 * A write at the head of an optional chain (`(o.a = x)?.b.c()`): V8 names the whole chain from its
 * text in "… is not a function", and a receiver check cannot wrap a link without ending the
 * chain's short-circuit there, so a declared object is named again (`o.a = <rt>.pv(id, o, "a", x)`,
 * read before the value, as the program's own target is) rather than held in a temp.
 */
function headsOptionalChain(state: VisitState, node: ESTree.Node): boolean {
  let child = node;
  for (let levels = 1; ; levels++) {
    const parent = state.ancestor(levels);
    const link =
      (parent?.type === 'MemberExpression' && parent.object === child) ||
      (parent?.type === 'CallExpression' && parent.callee === child);
    if (!link) return false;
    if ((parent as ESTree.MemberExpression | ESTree.SimpleCallExpression).optional) return true;
    child = parent!;
  }
}

/**
 * A write V8 prints as the program wrote it once headsOptionalChain names its object again: `o.a = x`, `o["a"] ||= x`.
 */
function namedWrite(state: VisitState, node: ESTree.Node): boolean {
  if (!state.full || node.type !== 'AssignmentExpression') return false;
  if (node.operator !== '=' && !LOGICAL.has(node.operator)) return false;
  const member = node.left;
  return member.type === 'MemberExpression' && staticKey(member) !== undefined && rereadableObject(state, member, true);
}

/** `++o.p` (pr) and `o.p++` (pp). */
function update(visit: Visit): void {
  const node = visit.node as Pos<ESTree.UpdateExpression>;
  const { state, leaves } = visit;
  const member = node.argument as Pos<ESTree.MemberExpression>;
  if (!state.full || member.type !== 'MemberExpression' || !capturable(state, member)) return;
  const id = propertyProbe(state, node, member, 'set');
  state.insert(node.start, `${state.open(node.prefix ? 'pr' : 'pp')}${id},`);
  const target = captureMember(visit, member);
  const delta = node.prefix ? '' : `,${node.operator === '++' ? 1 : -1}`;
  const entry = thisEntryArgument(state, target);
  leaves.push(() => state.insert(node.end, `,${target.target},${target.key}${delta}${entry})`));
}

/** `delete o.p` → `<rt>.pd(id, delete (t = o).p, t, "p")`; `delete a?.b` is left alone. */
function unary(visit: Visit): void {
  const node = visit.node as Pos<ESTree.UnaryExpression>;
  const { state, leaves } = visit;
  const member = node.argument as Pos<ESTree.MemberExpression>;
  if (!state.full || node.operator !== 'delete' || member.type !== 'MemberExpression' || !capturable(state, member))
    return;
  const id = propertyProbe(state, node, member, 'delete');
  state.insert(node.start, `${state.open('pd')}${id},`);
  const target = captureMember(visit, member);
  leaves.push(() => state.insert(node.end, `,${target.target},${target.key})`));
}

/** Globals that are immutable data properties: reading them again runs no code. */
const SAFE_GLOBALS = new Set(['undefined', 'NaN', 'Infinity', 'arguments']);

/**
 * Re-passed mutator arguments: only values that read the same again without running code — declared
 * bindings (an undeclared name may be a global accessor, INS-06), `this`, and literals other than
 * regexps (a new object each time).
 */
function simpleArgument(state: VisitState, node: ESTree.Node): boolean {
  if (node.type === 'Identifier') return SAFE_GLOBALS.has(node.name) || resolve(state.scope, node.name) !== undefined;
  if (node.type === 'ThisExpression') return true;
  return node.type === 'Literal' && !(node.value instanceof RegExp) && !('regex' in node && node.regex);
}

/**
 * The receiver of `this.items.push(x)` named again through `<rt>.dp` reads (data properties only,
 * never a getter): `<rt>.dp(id,this,"items")`. A path from a declared binding or `this` through static
 * keys, literals and declared-binding keys; undefined for anything else (a call, a private name…).
 */
function receiverPath(state: VisitState, node: ESTree.Node, id: string): string | undefined {
  if (node.type === 'ThisExpression') return 'this';
  if (node.type === 'Identifier') return resolve(state.scope, node.name) !== undefined ? node.name : undefined;
  if (node.type !== 'MemberExpression' || node.optional || node.object.type === 'Super') return undefined;
  const object = receiverPath(state, node.object, id);
  if (object === undefined) return undefined;
  const known = staticKey(node);
  let key = known && node.property.type !== 'PrivateIdentifier' ? known.text : undefined;
  if (node.computed && node.property.type === 'Identifier' && resolve(state.scope, node.property.name) !== undefined)
    key = node.property.name;
  return key === undefined ? undefined : `${state.open('dp')}${id},${object},${key})`;
}

/**
 * `this.items.push(x)` → `<rt>.mc(id, (t = <rt>.dp(id, this, "items"), this.items.push(x)), t, x)`: the
 * callee stays the program's own, so V8's "this.items.push is not a function" is unchanged
 * (issue 14 item 4). The read goes first: nothing runs between it and the program's own read.
 */
function pathCall(
  visit: Visit,
  node: Pos<ESTree.CallExpression>,
  id: string,
  args: string,
  record: 'mb' | 'mc',
): boolean {
  const { state, leaves } = visit;
  const callee = node.callee as ESTree.MemberExpression;
  if (callee.object.type !== 'MemberExpression') return false;
  const path = receiverPath(state, callee.object, id);
  const temps = path === undefined ? undefined : state.takeTemps(1);
  if (!temps) return false;
  leaves.push(() => state.releaseTemps(1));
  state.insert(node.start, `${state.open(record)}${id},(${temps[0]}=${path},`);
  leaves.push(() => state.insert(node.end, `),${temps[0]}${args})`));
  return true;
}

/**
 * `a.push(x)` → `<rt>.mc(id, a.push(x), a, x)` for a declared `a`; paths go through pathCall; else `<rt>.mc(id, (t =
 * a).push(x), t, x)`.
 */
function call(visit: Visit): void {
  if (!mutatorCall(visit)) printedCall(visit);
}

/** Writes, which the instrumenter wraps (`$rw$wf(...)`) or sends through a temp (`$rw$t0.a`). */
const WRITES = new Set(['AssignmentExpression', 'UpdateExpression']);

/**
 * Nodes V8 prints from the instrumented code: an await (its wrapper call), a write, a function or class literal (its
 * instrumented body).
 */
const PRINTED_INSTRUMENTED = new Set([
  ...WRITES,
  'AwaitExpression',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ClassExpression',
]);

function printsInstrumented(node: ESTree.Node): boolean {
  if (PRINTED_INSTRUMENTED.has(node.type)) return true;
  for (const value of Object.values(node) as unknown[]) {
    const children = Array.isArray(value) ? value : [value];
    for (const each of children)
      if (each && typeof each === 'object' && 'type' in each && printsInstrumented(each as ESTree.Node)) return true;
  }
  return false;
}

/**
 * The key `<rt>.cr` checks for a callee `<receiver>.name`, `<receiver>[0]` or `<receiver>["x"]`, as a
 * property key; undefined for a computed one (the stand-in learns it from the program's read); null
 * for a private name (no stand-in can hold it: left alone).
 */
function checkedKey(callee: ESTree.MemberExpression): string | undefined | null {
  const key = callee.property;
  if (key.type === 'PrivateIdentifier') return null;
  if (!callee.computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number'))
    return String(key.value);
  return undefined;
}

/** `,"<printed>"[,"<modern>"][,1]`: the printed callee arguments of `<rt>.cr` / `<rt>.cf`. */
function printedArguments(printed: PrintedReceiver, optionalCall: boolean): string {
  const modern = printed.modern ?? (optionalCall ? printed.text : undefined);
  return `,${JSON.stringify(printed.text)}${modern === undefined ? '' : `,${JSON.stringify(modern)}`}${optionalCall ? ',1' : ''}`;
}

/**
 * Any other `<receiver>.name(…)` (or `[key](…)`, `?.name(…)`, `?.(…)`) whose receiver holds an await,
 * a write or a function or class literal: V8's "… is not a function" would print the instrumented
 * code (`$rw$ar(...)`, `$rw$t0.a`, more `(intermediate value)`s), so the receiver goes through
 * `<rt>.cr` with the program's own text, at every level (not an event: the id is the enclosing
 * function's); a plain call's callee holding a write (`(o.f = g)()`) goes through `<rt>.cf`
 * (issue 14 item 2). A receiver that is itself part of an optional chain (`w?.a.b()`) is left
 * alone: wrapping it would stop the chain's short-circuit at the wrapper.
 */
function printedCall(visit: Visit): void {
  const node = visit.node as Pos<ESTree.CallExpression>;
  printedCallOf(visit, node.callee, (node as ESTree.SimpleCallExpression).optional);
}

/** A tagged template calls its tag as a call calls its callee: `(o.a = 3)[0]\`x\`` says "o.a[0] is not a function". */
function taggedTemplate(visit: Visit): void {
  printedCallOf(visit, (visit.node as Pos<ESTree.TaggedTemplateExpression>).tag, false);
}

function printedCallOf(visit: Visit, callee: ESTree.Node, optionalCall: boolean): void {
  const { state, leaves } = visit;
  if (WRITES.has(callee.type)) return printedCallee(visit, callee as Pos, optionalCall);
  if (callee.type !== 'MemberExpression' || callee.object.type === 'Super') return;
  const key = checkedKey(callee);
  const object = callee.object as Pos;
  if (key === null || isOptionalSpine(object) || !printsInstrumented(object)) return;
  if (callee.optional && namedWrite(state, object)) return; // V8 prints it as written (headsOptionalChain)
  const printed = calleeObjectText(callee);
  if (printed === undefined || state.frames.length === 0) return;
  const keyText = key === undefined ? 'void 0' : JSON.stringify(key);
  state.insert(object.start, `${state.open('cr')}${state.id(state.fn.probeId)},${argOpen(object)}`);
  leaves.push(() =>
    state.insert(object.end, `${argClose(object)},${keyText}${printedArguments(printed, optionalCall)})`),
  );
}

/** `(o.f = g)(x)` → `<rt>.cf(id, (o.f = g), "o.f")(x)`: the callee V8 names is the program's text. */
function printedCallee(visit: Visit, callee: Pos, optionalCall: boolean): void {
  const { state, leaves } = visit;
  const printed = calleeObjectText(callee as ESTree.Node);
  if (printed === undefined || state.frames.length === 0) return;
  state.insert(callee.start, `${state.open('cf')}${state.id(state.fn.probeId)},${argOpen(callee)}`);
  leaves.push(() => state.insert(callee.end, `${argClose(callee)}${printedArguments(printed, optionalCall)})`));
}

/**
 * `new (o.a = 3)[0]()` → `new (<rt>.cn(id, (o.a = 3)[0], "o.a[0]"))()`: a callee that holds a write,
 * an await or a function literal would be printed from the instrumented code in V8's "… is not a
 * constructor"; the stand-in throws the message for the program's text (issue 14 item 3).
 */
function construct(visit: Visit): void {
  const { state, leaves } = visit;
  const callee = (visit.node as Pos<ESTree.NewExpression>).callee as Pos;
  if (!printsInstrumented(callee)) return;
  const printed = calleeObjectText(callee as ESTree.Node);
  if (printed === undefined || state.frames.length === 0) return;
  state.insert(callee.start, `(${state.open('cn')}${state.id(state.fn.probeId)},${argOpen(callee)}`);
  leaves.push(() => state.insert(callee.end, `${argClose(callee)}${printedArguments(printed, false)}))`));
}

/** The mutator call's instrumentation; false when the call is not one it records. */
function mutatorCall(visit: Visit): boolean {
  const node = visit.node as Pos<ESTree.CallExpression>;
  const { state, leaves } = visit;
  const callee = node.callee;
  if (
    !state.full ||
    (node as ESTree.SimpleCallExpression).optional ||
    callee.type !== 'MemberExpression' ||
    callee.computed
  )
    return false;
  if (callee.property.type !== 'Identifier') return false;
  // A Date's setter (issue 12 item 13's family) is recorded as a builtin write (`<rt>.mb`: the Date
  // re-snapshotted after it), on the same receivers, read the same ways, as a collection's mutator.
  const dateSetter = DATE_SETTERS.has(callee.property.name);
  if (!dateSetter && !MUTATORS.has(callee.property.name)) return false;
  // `Reflect.set(o, k, v)` names a mutator but writes its argument: builtinWrites.ts records it.
  if (writtenArgument(state, node) >= 0) return false;
  if (state.ancestor(1)?.type === 'ChainExpression') return false;
  if (dateSetter && callee.object.type === 'Super') return superDateSetter(visit, node);
  if (!capturable(state, callee, true)) return false;
  // A Date's receiver on a path is held in a temp, never named again by data reads: through a
  // getter (`holder.d.setTime(…)` with `get d()`) only the value the program's one read returned
  // is the Date written.
  const printed =
    dateSetter && callee.object.type === 'MemberExpression'
      ? calleeObjectText(callee.object)
      : printedReceiver(state, callee);
  // A receiver V8 prints in a way we cannot reproduce (`[,a]`, `import.meta`…): its message must
  // stay V8's, so no temp (and no record of the mutation).
  if (printed === undefined) return false;
  const simple = !dateSetter && node.arguments.every((argument) => simpleArgument(state, argument));
  const held = simple || dateSetter ? undefined : heldArguments(visit, node);
  const args = simple
    ? node.arguments.map((a) => `,${state.code.slice((a as Pos).start, (a as Pos).end)}`).join('')
    : (held ?? '');
  const id = state.id(
    state.probe('mutatorCall', node.start, node.end, {
      operation: callee.property.name,
      argumentCount: simple || held !== undefined ? node.arguments.length : 0,
    }),
  );
  const record = dateSetter ? 'mb' : 'mc';
  if (!dateSetter && pathCall(visit, node, id, args, record)) return true;
  state.insert(node.start, `${state.open(record)}${id},`);
  checkedReceiver(visit, callee as Pos<ESTree.MemberExpression>, id, printed);
  const target = captureMember(visit, callee as Pos<ESTree.MemberExpression>, true);
  leaves.push(() => state.insert(node.end, `,${target.target}${args})`));
  return true;
}

/**
 * `a.push({ x })` → `<rt>.mc(id, a.push((t1={ x })), a, t1)`: arguments that cannot be named again
 * after the call (an object literal, a call) are held in temps as they are evaluated, once and in
 * order, so the MUTATOR event carries them. Without them the recorder re-snapshots the whole
 * collection after the call (issue 9: prettier's printDocToString pushes an object literal per doc
 * part, and those re-snapshots were ~730K array entries per format). Undefined (the collection is
 * re-snapshotted) for a spread argument, whose count is not static, or where no temps are available.
 */
function heldArguments(visit: Visit, node: Pos<ESTree.CallExpression>): string | undefined {
  const { state, leaves } = visit;
  const count = node.arguments.length;
  if (count === 0 || node.arguments.some((argument) => argument.type === 'SpreadElement' || definesCode(argument)))
    return undefined;
  const temps = state.takeTemps(count);
  if (!temps) return undefined;
  leaves.push(() => state.releaseTemps(count));
  node.arguments.forEach((argument, index) => {
    const at = argument as Pos;
    state.insert(at.start, `(${temps[index]}=${argOpen(argument)}`);
    leaves.push(() => state.insert(at.end, `${argClose(argument)})`));
  });
  return temps.map((temp) => `,${temp}`).join('');
}

/**
 * True when a function or class literal is anywhere in the expression: assigned to a temp, V8 could
 * name it (`name`, or the name its stack frames print) after the temp (INS-18), so it is not held.
 */
function definesCode(node: ESTree.Node): boolean {
  return FUNCTION_LITERALS.has(node.type) || childNodes(node).some(definesCode);
}

const FUNCTION_LITERALS = new Set(['FunctionExpression', 'ArrowFunctionExpression', 'ClassExpression']);

/**
 * `super.setTime(t)` → `<rt>.mb(id, super.setTime(t), this)`: the Date written is `this` (a class
 * extending Date). `super.setTime` is evaluated first, so where `this` is not yet bound (before
 * `super()`) the program's own ReferenceError comes first, unchanged.
 */
function superDateSetter(visit: Visit, node: Pos<ESTree.CallExpression>): boolean {
  const { state, leaves } = visit;
  const callee = node.callee as ESTree.MemberExpression;
  const id = state.id(
    state.probe('mutatorCall', node.start, node.end, {
      operation: (callee.property as ESTree.Identifier).name,
      argumentCount: 0,
    }),
  );
  state.insert(node.start, `${state.open('mb')}${id},`);
  leaves.push(() => state.insert(node.end, `,this)`));
  return true;
}

/**
 * How V8 would name the receiver in "… is not a function" when it must go through a temp; null when
 * it needs no temp (`this`, a declared binding, a data path pathCall reads again); undefined when V8's
 * printing of it is not known.
 */
function printedReceiver(state: VisitState, callee: ESTree.MemberExpression): PrintedReceiver | null | undefined {
  const object = callee.object;
  if (object.type === 'ThisExpression' || rereadableObject(state, callee, true)) return null;
  if (object.type === 'MemberExpression' && receiverPath(state, object, '0') !== undefined) return null;
  return calleeObjectText(object);
}

/**
 * A receiver that goes through a temp (`make().push(x)`, `new C().add(x)`, `this.#items.push(x)`)
 * would put the temp in V8's "… is not a function": `<rt>.cr(id, (t = make()), "push", "make(...).push")`
 * hands back the receiver, or one whose `push` throws V8's own message for the program's expression
 * once the arguments are evaluated (issue 14 item 4). Must run before captureMember (insert order).
 */
function checkedReceiver(
  visit: Visit,
  callee: Pos<ESTree.MemberExpression>,
  id: string,
  printed: PrintedReceiver | null,
): void {
  const { state, leaves } = visit;
  const object = callee.object as Pos;
  if (printed === null) return;
  const key = (callee.property as ESTree.Identifier).name;
  const whole = { text: `${printed.text}.${key}`, modern: printed.modern && `${printed.modern}.${key}` };
  state.insert(object.start, `${state.open('cr')}${id},`);
  leaves.push(() => state.insert(object.end, `,${JSON.stringify(key)}${printedArguments(whole, false)})`));
}

export const propertyHandlers: HandlerTable = {
  AssignmentExpression: assignment,
  UpdateExpression: update,
  UnaryExpression: unary,
  CallExpression: call,
  NewExpression: construct,
  TaggedTemplateExpression: taggedTemplate,
};
