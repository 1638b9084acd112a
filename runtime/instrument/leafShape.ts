// The instrumented shape of a regenerable leaf (leafAnalysis.ts says which): before the normal
// entry, `if(<rt>.lkN(args)) try { return <rt>.lfN(id, <copy>(args), args) } catch {}` — the
// guard checks every argument is a number, boolean, null or undefined; the copy is the function's
// own body, uninstrumented, in an inner function declaration (same scope chain, so its names
// resolve as the original's). It runs first and writes nothing: if it throws, nothing was
// recorded, and the fully instrumented body runs the call again (the leaf has no effects) and
// records the throw as usual. A leaf that reads properties (issue 9 §2) has its reads made
// checked calls in the copy (`<rt>.leafRead(o,"k")`, `<rt>.leafFrom(o,k)` for a receiver), its guard
// `<rt>.lb(id)&&…` (starts the call's reads) and its event `<rt>.lqN` (LEAF_READS: the values read).
// Knows the text it inserts; not the analysis nor the recorder.
import type * as ESTree from 'estree';
import type MagicString from 'magic-string';
import { REDACTED_KEY } from '../format/redactedKeys';
import type { RecorderHotPath } from '../format/hotPath';
import { literalConstant, leafPlan, type LeafPlan, type OuterName } from './leafAnalysis';
import { resolve } from './scope';
import type { ModuleConstant, ModuleConstants, VisitState } from './state';
import type { Pos } from './visit';

type AnyFunction = Pos<ESTree.FunctionDeclaration | ESTree.FunctionExpression | ESTree.ArrowFunctionExpression>;

/**
 * The module's literal constants, for the Program handler when leaves are on: a top-level
 * `const N = 3`, or a `var`/`let` whose name the module binds or writes nowhere else (Octane's
 * `var STATE_HELD = 4`). Conservative: any other binding of the name (a shadowing parameter, a
 * second declaration) or write to it (assignment, ++, for-in/of target), anywhere in the module,
 * and any `eval` or `with`, and it is no constant.
 */
export function moduleConstants(program: ESTree.Program): ModuleConstants {
  const constants = new Map<string, ModuleConstant>();
  const bound = bindingCounts(program);
  if (!bound) return { constants, dynamic: true };
  for (const statement of program.body) {
    if (statement.type !== 'VariableDeclaration') continue;
    for (const d of statement.declarations) {
      const literal = literalConstant(d.init);
      if (d.id.type !== 'Identifier' || !literal) continue;
      if (statement.kind !== 'const' && bound.get(d.id.name) !== 1) continue;
      constants.set(d.id.name, { value: literal.value, hoisted: statement.kind === 'var' });
    }
  }
  return { constants, dynamic: false };
}

/** How often each name is bound or written anywhere in the program; undefined when it has `eval` or `with`. */
function bindingCounts(program: ESTree.Program): Map<string, number> | undefined {
  const counts = new Map<string, number>();
  let dynamic = false;
  const count = (pattern: ESTree.Node | null | undefined): void => {
    if (!pattern) return;
    switch (pattern.type) {
      case 'Identifier':
        counts.set(pattern.name, (counts.get(pattern.name) ?? 0) + 1);
        return;
      case 'ObjectPattern':
        return pattern.properties.forEach((p) => count(p.type === 'RestElement' ? p.argument : p.value));
      case 'ArrayPattern':
        return pattern.elements.forEach((e) => count(e));
      case 'RestElement':
        return count(pattern.argument);
      case 'AssignmentPattern':
        return count(pattern.left);
      case 'VariableDeclaration':
        return pattern.declarations.forEach((d) => count(d.id));
      default:
        return; // a member target writes a property, not a binding
    }
  };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object' || typeof (value as ESTree.Node).type !== 'string') return;
    const node = value as ESTree.Node;
    switch (node.type) {
      case 'VariableDeclarator':
        count(node.id);
        break;
      case 'AssignmentExpression':
        count(node.left);
        break;
      case 'UpdateExpression':
        count(node.argument);
        break;
      case 'ForInStatement':
      case 'ForOfStatement':
        if (node.left.type !== 'VariableDeclaration') count(node.left);
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        if (node.type !== 'ArrowFunctionExpression') count(node.id);
        node.params.forEach((p) => count(p));
        break;
      case 'ClassDeclaration':
      case 'ClassExpression':
        count(node.id);
        break;
      case 'CatchClause':
        count(node.param);
        break;
      case 'ImportSpecifier':
      case 'ImportDefaultSpecifier':
      case 'ImportNamespaceSpecifier':
        count(node.local);
        break;
      case 'WithStatement':
        dynamic = true;
        break;
      case 'Identifier':
        if (node.name === 'eval') dynamic = true;
        break;
    }
    for (const key of Object.keys(node)) if (key !== 'type') visit((node as unknown as Record<string, unknown>)[key]);
  };
  visit(program);
  return dynamic ? undefined : counts;
}

/**
 * The leaf plan of the function being entered, when leaves are on and it qualifies. `scope` is the
 * function's own scope (its parent resolves the names free in it); `thisArg`: its ENTER carries
 * `this` (a method), whose object a leaf event cannot hold.
 */
export function plannedLeaf(
  state: VisitState,
  node: AnyFunction,
  thisArg: string,
  printed: boolean,
): LeafPlan | undefined {
  const module = state.leafConstants;
  if (!module || thisArg || printed) return undefined;
  const outerScope = state.scope?.parent;
  const outer = (name: string): OuterName => {
    const found = resolve(outerScope, name);
    if (!found) return 'unbound';
    const constant = module.constants.get(name);
    // Declared in the module's own scope (no parent), as the declaration the Program handler saw.
    const declared = found.kind === 'const' || found.kind === 'let' || found.kind === 'var';
    if (found.scope.parent === undefined && declared && constant !== undefined)
      return { moduleConstant: constant.value, hoisted: constant.hoisted };
    // With `eval` or `with` in the module, a name may not be the binding the scopes say.
    return module.dynamic ? 'other' : 'bound';
  };
  return leafPlan(node, outer, (name) => REDACTED_KEY.test(name));
}

/** The text that goes before the function's normal entry. */
export function leafEntry(state: VisitState, node: AnyFunction, plan: LeafPlan, probeId: number): string {
  const args = plan.params.join(',');
  const copy = `${state.prefix}lc${state.fn.depth}`;
  const reads = plan.reads.length > 0;
  const event = reads ? 'lq' : 'lf';
  // A body that is one returned expression is copied in place, as the event's argument: no inner
  // function to create on every call (an allocation per call) and call. It is evaluated where the
  // copy would be, in the function's own scope, with its own `this` and parameters, before the
  // arguments after it: the same reads in the same order.
  const returned = returnedExpression(node);
  const called = returned
    ? `(${checkedText(state, plan, returned.start, returned.end)})`
    : plan.usesThis
      ? `${copy}.call(this${args ? `,${args}` : ''})`
      : `${copy}(${args})`;
  const record = `${state.open(`${event}${plan.params.length}` as keyof RecorderHotPath)}${state.id(probeId)},${called}${args ? `,${args}` : ''})`;
  // Receiver parameters are not guarded (objects): each read from them is checked as it is made.
  const guarded = plan.params.filter((name) => !plan.receivers.includes(name));
  const checks = [
    ...(reads ? [`${state.open('lb')}${state.id(probeId)})`] : []),
    ...(guarded.length ? [`${state.open(`lk${guarded.length}` as keyof RecorderHotPath)}${guarded.join(',')})`] : []),
    ...plan.hoisted.map((name) => `${name}!==void 0`),
  ];
  const guard = checks.length ? `if(${checks.join('&&')})` : '';
  if (returned) return `${guard}try{return ${record}}catch{}`;
  const body = node.body as Pos;
  const bodyText =
    node.body.type === 'BlockStatement'
      ? checkedText(state, plan, body.start, body.end)
      : `{return(${checkedText(state, plan, body.start, body.end)})}`;
  return `${guard}try{return ${record}}catch{}function ${copy}(${args})${bodyText}`;
}

/**
 * The expression a function returns when that is all its body does (`return e;`, or an arrow's
 * expression body); undefined otherwise (declarations, several statements, a directive prologue:
 * the copy then keeps its own function, where they mean what they meant).
 */
function returnedExpression(node: AnyFunction): Pos | undefined {
  if (node.body.type !== 'BlockStatement') return node.body as Pos;
  const [only, ...rest] = node.body.body;
  if (rest.length > 0 || only?.type !== 'ReturnStatement' || !only.argument) return undefined;
  return only.argument as Pos;
}

/** The source from `start` to `end` with each property read made a checked read (`<rt>.leafRead(o,"k")`). */
function checkedText(state: VisitState, plan: LeafPlan, start: number, end: number): string {
  if (plan.reads.length === 0) return state.code.slice(start, end);
  // Outermost first where two start together (`this.a.b` before `this.a`).
  const reads = [...plan.reads].sort((a, b) => a.node.start - b.node.start || b.node.end - a.node.end);
  const rewrite = (from: number, to: number): string => {
    let text = '';
    let at = from;
    for (const read of reads) {
      const { node } = read;
      if (node.start < at || node.end > to) continue; // inside one already rewritten, or outside
      const object = node.object as Pos;
      const property = node.property as Pos;
      const key = node.computed
        ? rewrite(property.start, property.end)
        : JSON.stringify((node.property as ESTree.Identifier).name);
      const checked = read.kind === 'value' ? 'leafRead' : read.kind === 'receiver' ? 'leafFrom' : 'leafResult';
      text += `${state.code.slice(at, node.start)}${state.open(checked)}${rewrite(object.start, object.end)},${key})`;
      at = node.end;
    }
    return text + state.code.slice(at, to);
  };
  return rewrite(start, end);
}

/** On leaving a leaf: its instrumented text (the full path runs it at replay) joins the file's leaves. */
export function keepLeaf(state: VisitState, node: AnyFunction, plan: LeafPlan, probeId: number): void {
  const ms = state.options.ms as Partial<MagicString>;
  // instrument.ts turns leaves on only where the edits are a MagicString (not streamed out).
  if (typeof ms.slice !== 'function') throw new Error('instrumenter: a leaf in a streamed file');
  state.leafFunctions.push({
    probe: probeId,
    source: `(${ms.slice(node.start, node.end)})`,
    prefix: state.prefix,
    constants: plan.constants,
    ...(plan.outerReceivers.length ? { receivers: plan.outerReceivers } : {}),
  });
}
