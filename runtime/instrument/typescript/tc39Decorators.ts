// TC39 decorators (tsconfig.json without `experimentalDecorators`), applied with tsx's (esbuild's)
// semantics but with the class left where it stands: a state constant made before the class
// evaluates every decorator expression (tc39Runtime.ts), a static block added at the start of the
// body applies them, field initializers are wrapped in place, and a decorated private method,
// getter or setter is moved out of reach behind a private accessor of its name. Every addition sits
// on the line of its anchor, so no user token moves. Knows nothing of legacy decorators (decorators.ts).
import { InstrumentError } from '../errors';
import type { Blanks, Trailer } from './blank';
import { lowerAccessor } from './accessors';
import { TC39_RUNTIME } from './tc39Runtime';
import { child, decoratorsOf, type TsNode } from './tsNode';

/** Set on a decorated member by its class: how the member handler lowers it. */
const TC39_MEMBER = 'rewindTc39Member';
/** Set on a class declaration by its `export` statement: where the statement starts. */
export const STATEMENT_START = 'rewindStatementStart';

interface Tc39Member {
  /** The class's state constant. */
  state: string;
  /** The member's index in the state's elements. */
  index: number;
  kind: number;
}

const KINDS: Record<string, number> = { method: 1, get: 2, set: 3 };
const STATIC = 8;
const PRIVATE = 16;

function refuse(what: string, node: TsNode, blanks: Blanks): never {
  throw new InstrumentError(what, blanks.lines.position(node.start).line1);
}

/** A name for the class's state constant that the file does not use. */
function stateName(blanks: Blanks): string {
  let base = '$rw_d';
  while (blanks.code.includes(base)) base += '_';
  return `${base}${blanks.tc39States++}`;
}

/** A computed name the class evaluates (not a literal), on a member that stays in the JavaScript. */
function evaluatedKey(member: TsNode): boolean {
  if (!member.computed || member.declare || member.abstract) return false;
  if (child(member, 'value')?.type === 'TSDeclareMethod') return false;
  const key = child(member, 'key') as TsNode;
  return !(key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number'));
}

function memberName(member: TsNode, blanks: Blanks): string {
  const key = child(member, 'key') as TsNode;
  if (!member.computed && key.type === 'Identifier') return key.name as string;
  if (!member.computed && key.type === 'PrivateIdentifier') return `#${key.name as string}`;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number'))
    return String(key.value);
  return refuse('a decorated member with a computed name is not supported', member, blanks);
}

function memberKind(member: TsNode, blanks: Blanks): number {
  if (member.type === 'PropertyDefinition') return member.accessor ? 4 : 5;
  const kind = KINDS[member.kind as string];
  return kind ?? refuse('a decorated constructor is not valid TypeScript', member, blanks);
}

function decoratorList(decorators: TsNode[]): Trailer {
  const list: Trailer = ['['];
  decorators.forEach((decorator, index) => {
    const expression = child(decorator, 'expression') as TsNode;
    list.push(...(index ? [','] : []), [expression.start, expression.end]);
  });
  list.push(']');
  return list;
}

/** What the runtime needs from inside the class for member `name`: private-name closures, the functions behind it. */
function memberAccess(member: TsNode, kind: number, name: string, state: string, index: number, self: string): string {
  const get = kind === 3 ? '0' : `(o)=>o.${name}`;
  const set = kind === 1 || kind === 2 ? '0' : `(o,v)=>o.${name}=v`;
  const storage = `${self}.#${name.replace(/^#/, '')}_accessor_storage`;
  const renamed = `${name}_${state}_${index}`;
  const value = [
    `${state}.x[${index}]`,
    `function(){return this.${renamed}}`,
    `function(v){this.${renamed}=v}`,
    `{get:function(){return ${storage}},set:function(v){${storage}=v}}`,
    '0',
  ][kind - 1];
  if ((child(member, 'key') as TsNode).type !== 'PrivateIdentifier') return `[0,0,0,${value}]`;
  return `[${get},${set},(o)=>${name} in o,${value}]`;
}

/** What a TC39-decorated class needs wherever it stands: its state constant's name and creation. */
interface Tc39Plan {
  state: string;
  /** `<runtime>([classDecorators], "name", [elements])`: evaluates the decorator expressions. */
  create: Trailer;
  rebinds: boolean;
}

/**
 * A class with TC39 decorators on it or its members: plans each member (lowered by
 * lowerTc39Member), adds the static block that applies them, and returns the state's creation,
 * which must run before the class. `name` is the class's name as decorators see it.
 */
function planTc39Class(node: TsNode, blanks: Blanks, name: string): Tc39Plan {
  const body = (child(node, 'body') as TsNode).body as TsNode[];
  const classDecorators = decoratorsOf(node);
  const state = stateName(blanks);
  const elements: Trailer = ['['];
  const access: string[] = [];
  // With a decorated computed name, member decorators are evaluated with the keys (inPlace).
  const inPlace = body.some((member) => decoratorsOf(member).length > 0 && evaluatedKey(member));
  const decorated = new Map<TsNode, number>();
  let instanceMethods = false;
  for (const member of body) {
    const decorators = decoratorsOf(member);
    if (member.type === 'MethodDefinition' && parameterDecorated(member))
      refuse('a parameter decorator needs `experimentalDecorators` in tsconfig.json', member, blanks);
    if (!decorators.length) continue;
    if (member.type !== 'MethodDefinition' && member.type !== 'PropertyDefinition')
      refuse('a decorator here is not supported', member, blanks);
    const kind = memberKind(member, blanks);
    const memberText = evaluatedKey(member) ? undefined : memberName(member, blanks);
    const isPrivate = (child(member, 'key') as TsNode).type === 'PrivateIdentifier';
    const index = access.length;
    const self = member.static ? name : 'this';
    const flags = kind | (member.static ? STATIC : 0) | (isPrivate ? PRIVATE : 0);
    if (!member.static && kind < 4) instanceMethods = true;
    if (elements.length > 1) elements.push(',');
    const nameText = memberText === undefined ? '0' : JSON.stringify(memberText);
    elements.push(`[${flags},${nameText},`, ...(inPlace ? ['0'] : decoratorList(decorators)), ']');
    access.push(isPrivate || kind === 4 ? memberAccess(member, kind, memberText ?? '', state, index, self) : '0');
    member[TC39_MEMBER] = { state, index, kind } satisfies Tc39Member;
    decorated.set(member, index);
  }
  elements.push(']');
  if (inPlace) evaluateInPlace(body, decorated, state, blanks);
  const create: Trailer = [`${TC39_RUNTIME}(`, ...decoratorList(classDecorators), `,${JSON.stringify(name)},`];
  create.push(...elements, ')');
  const bodyNode = child(node, 'body') as TsNode;
  const apply = `static{${state}.a(this,[${access.join(',')}])}`;
  const instance = instanceMethods ? `#${state}=${state}.n(this);` : '';
  // As in tsx: with decorated members, every decorator is applied before the static fields and
  // blocks; with class decorators only, after them.
  if (access.length) blanks.insertions.push([bodyNode.start + 1, apply + instance]);
  else blanks.insertions.push([bodyNode.end - 1, apply]);
  return { state, create, rebinds: classDecorators.length > 0 };
}

/**
 * A class declaration with TC39 decorators on it or its members: the state constant before it,
 * the static block that applies them, and (with class decorators) `C` bound to what they returned
 * once the class is defined — `class C` becomes `C=class C`, as for legacy ones (decorators.ts).
 */
export function lowerTc39Class(node: TsNode, blanks: Blanks, name: string, assignClass: () => void): void {
  const { state, create, rebinds } = planTc39Class(node, blanks, name);
  const constant: Trailer = [`const ${state}=`, ...create, ';'];
  if (rebinds) {
    assignClass();
    // The class keeps its own name inside its body, bound to the undecorated class (tsx's binding).
    blanks.insertions.push([(child(node, 'id') as TsNode).end, ` ${name}`]);
    // Inside the blanked first decorator, after `let C;`: no node of the stripped code starts there.
    blanks.trailers.push([decoratorsOf(node)[0].start + 1, constant]);
    blanks.trailers.push([node.end, [`;${name}=${state}.z();`]]);
  } else {
    blanks.trailers.push([(node[STATEMENT_START] as number | undefined) ?? node.start, constant]);
  }
}

/** Set on an anonymous class expression by what names it (`const A = class {}`): the name it gets. */
export const INFERRED_NAME = 'rewindInferredName';

/** Marks `value` with the name JavaScript gives it when it is an anonymous class expression. */
export function nameClassExpression(value: TsNode | undefined, name: string): void {
  if (value?.type === 'ClassExpression' && !child(value, 'id')) value[INFERRED_NAME] = name;
}

/** Whether `node` holds an `await` or `yield` of its own function (not inside a nested one). */
function suspends(node: TsNode): boolean {
  if (node.type === 'AwaitExpression' || node.type === 'YieldExpression') return true;
  if (FUNCTIONS.has(node.type)) return false;
  for (const key of Object.keys(node)) {
    const value = node[key];
    const children = Array.isArray(value) ? value : [value];
    for (const each of children)
      if (each && typeof each === 'object' && 'type' in each && suspends(each as TsNode)) return true;
  }
  return false;
}

const FUNCTIONS = new Set(['FunctionExpression', 'ArrowFunctionExpression', 'FunctionDeclaration']);

/**
 * A class expression (or an anonymous default export) with TC39 decorators: it stands inside an
 * arrow that receives the state, created first — `((S)=>class …)(<runtime>(…))` — and evaluates to
 * what the class decorators returned (`(class …, S.z())`). An anonymous one is named as JavaScript
 * names it (`const A = …` gives "A") through a property of that name, so its `name` is set where
 * the class is defined. `await`/`yield` in its keys or `extends` would be the arrow's: refused.
 */
export function lowerTc39ClassExpression(node: TsNode, blanks: Blanks): void {
  const id = child(node, 'id');
  const name = id ? (id.name as string) : ((node[INFERRED_NAME] as string | undefined) ?? '');
  if (suspends(node)) refuse('`await` or `yield` in a decorated class expression is not supported', node, blanks);
  const { state, create, rebinds } = planTc39Class(node, blanks, name);
  const named = !id && name !== '';
  const open = `((${state})=>(${named ? `{${JSON.stringify(name)}:` : ''}`;
  const close = `${named ? `}[${JSON.stringify(name)}]` : ''}${rebinds ? `,${state}.z()` : ''}))(`;
  blanks.wraps.push([node.end, [open], [close, ...create, ')']]);
}

/**
 * A class with a decorated computed name evaluates, as tsx does, each member's decorator expressions
 * and each computed key in source order, where the class evaluates its keys: every computed key
 * becomes `[(<state>.d(k, [decorators]), …, <state>.c(k, key))]`, taking the decorators of the
 * members before it; those after the last key are evaluated right after it (`…, <state>.l)`).
 * The key's own text stays where it was, instrumented as any expression.
 */
function evaluateInPlace(body: TsNode[], decorated: Map<TsNode, number>, state: string, blanks: Blanks): void {
  let pending: Trailer = [];
  let lastClose: Trailer | undefined;
  for (const member of body) {
    const index = decorated.get(member);
    const given: Trailer =
      index === undefined ? [] : [`${state}.d(${index},`, ...decoratorList(decoratorsOf(member)), '),'];
    if (!evaluatedKey(member)) {
      pending.push(...given);
      continue;
    }
    const key = child(member, 'key') as TsNode;
    blanks.leaders.push([key.start, ['(', ...pending, ...given, `${state}.c(${index ?? -1},`]]);
    lastClose = ['))'];
    blanks.trailers.push([key.end, lastClose]);
    pending = [];
  }
  // Decorators after the last key: evaluated right after it, the key handed on from `l`.
  if (pending.length && lastClose) lastClose.splice(0, 1, '),', ...pending, `${state}.l)`);
}

function parameterDecorated(method: TsNode): boolean {
  const params = (child(method, 'value')?.params as TsNode[] | undefined) ?? [];
  return params.some(
    (param) => decoratorsOf(param.type === 'TSParameterProperty' ? child(param, 'parameter') : param).length,
  );
}

/** Whether `node` holds a node `test` accepts. */
function contains(node: TsNode, test: (each: TsNode) => boolean): boolean {
  if (test(node)) return true;
  for (const key of Object.keys(node)) {
    const value = node[key];
    const children = Array.isArray(value) ? value : [value];
    for (const each of children)
      if (each && typeof each === 'object' && 'type' in each && contains(each as TsNode, test)) return true;
  }
  return false;
}

/** The `#name` references in `node` (the method's own name, used in its body). */
function privateReferences(node: TsNode, name: string, found: TsNode[] = []): TsNode[] {
  if (node.type === 'PrivateIdentifier' && node.name === name) found.push(node);
  for (const key of Object.keys(node)) {
    const value = node[key];
    const children = Array.isArray(value) ? value : [value];
    for (const each of children)
      if (each && typeof each === 'object' && 'type' in each) privateReferences(each as TsNode, name, found);
  }
  return found;
}

/**
 * A private method's own function is reachable only from a static method of a class: the method
 * becomes one of a nested class (its own text, still where it was), created in a computed key
 * evaluated before any static block, which hands it over (`x[k]`) and names a static method the
 * runtime deletes. There its body's own `#m` would be the nested class's: each becomes
 * `#m_<state>_<k>`, an accessor of the outer class (beside `#m`'s) that hands out what the
 * decorators left. A body using `super` has the nested class registered (`u`): the runtime gives
 * it the outer home's prototype, so `super.x` reads what it would have read. Returns the extra
 * accessor's name when the body uses its own name.
 */
function privateMethod(member: TsNode, key: TsNode, state: string, index: number, blanks: Blanks): string | undefined {
  const value = child(member, 'value') as TsNode;
  const decorators = decoratorsOf(member);
  blanks.insertions.push([decorators[decorators.length - 1].end, ` static[(class{${member.static ? '' : 'static '}`]);
  const suffix = `_${state}_${index}`;
  const references = privateReferences(value, key.name as string);
  for (const reference of references) blanks.insertions.push([reference.end, suffix]);
  const home = contains(value, (each) => each.type === 'Super') ? `${state}.u(this,${member.static ? 1 : 0});` : '';
  const name = `#${key.name as string}`;
  blanks.insertions.push([member.end, `static{${state}.x[${index}]=this.${name};${home}}},${state}.k)](){}`]);
  return references.length ? `${name}${suffix}` : undefined;
}

/**
 * A decorated member, once its modifiers are blanked: fields and accessors get their initializer
 * wrapped and their extra initializers run right after them; a private method, getter or setter
 * is moved out of reach (a method into a nested class, a getter or setter renamed `#g_<state>_<k>`)
 * and a private accessor of its own name hands calls to what the decorators left.
 */
export function lowerTc39Member(member: TsNode, key: TsNode, blanks: Blanks): boolean {
  const plan = member[TC39_MEMBER] as Tc39Member | undefined;
  if (!plan) return false;
  const { state, index, kind } = plan;
  const prefix = member.static ? 'static ' : '';
  const isPrivate = key.type === 'PrivateIdentifier';
  const name = isPrivate ? `#${key.name as string}` : '';
  if (kind < 4) {
    if (!isPrivate) return true;
    const current = `${state}.x[${index}]`;
    let ownName: string | undefined;
    if (kind === 1) ownName = privateMethod(member, key, state, index, blanks);
    // A getter's or setter's stays an instance accessor under another name, called through a function.
    else blanks.insertions.push([key.end, `_${state}_${index}`]);
    const delegate = [
      `get ${name}(){return ${current}}`,
      `get ${name}(){return ${current}.call(this)}`,
      `set ${name}(v){${current}.call(this,v)}`,
    ][kind - 1];
    const own = ownName === undefined ? '' : `;${prefix}get ${ownName}(){return ${current}}`;
    blanks.insertions.push([member.end, `;${prefix}${delegate}${own}`]);
    return true;
  }
  const open = `${state}.i(this,${index},`;
  const extras = `;${prefix}#${state}_${index}=${state}.e(this,${index});`;
  const value = child(member, 'value');
  if (kind === 4) {
    const current = `${state}.x[${index}]`;
    // A public one's getter and setter are defined by the runtime (after the class's methods, as in tsx).
    lowerAccessor(member, key, blanks, {
      wrap: [open, ')'],
      accessors: isPrivate
        ? `${prefix}get ${name}(){return ${current}.get.call(this)}${prefix}set ${name}(value){${current}.set.call(this,value)}`
        : '',
      after: extras,
    });
    return true;
  }
  if (value) {
    blanks.insertions.push([value.start, open]);
    blanks.insertions.push([value.end, ')']);
  } else {
    blanks.insertions.push([key.end, `=${open}void 0)`]);
  }
  blanks.insertions.push([member.end, extras]);
  return true;
}
