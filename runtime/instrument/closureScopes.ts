// What a closure closes over (CLOSURE_SCOPE, format 3.7), for replay to show the activation and loop
// iteration a nested function captured: a loop that makes a function gets an iteration id where
// its bindings are made anew — a `for (let …)` where JavaScript copies them (its head's declarations
// and the start of its update), any other loop at the start of its body — and a function made
// inside another function, or inside such a loop, passes its creator's frame and iteration as it
// enters. Adds no line and changes no name. Knows nothing of how replay reads them.
import type * as ESTree from 'estree';
import { boundNames, resolve } from './scope';
import type { FunctionFrame, VisitState } from './state';
import { expectToken } from './text';
import type { Pos, Visit } from './visit';

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'StaticBlock']);
const CLASS_TYPES = new Set(['ClassDeclaration', 'ClassExpression']);

/** Does the subtree create a function each time it runs (a function, arrow, method or class)? */
function makesFunction(node: unknown): boolean {
  if (!node || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(makesFunction);
  const type = (node as { type?: unknown }).type;
  if (typeof type === 'string' && (FUNCTION_TYPES.has(type) || CLASS_TYPES.has(type))) return true;
  for (const key in node) {
    if (key === 'loc' || key === 'range') continue;
    const child = (node as Record<string, unknown>)[key];
    if (child && typeof child === 'object' && makesFunction(child)) return true;
  }
  return false;
}

/**
 * The ForStatement handler: a `for (let …; …; …)` whose test, update or body makes a function gets
 * `, <prefix>i<n> = <rt>.li(frame, id)` after its declarations and `<prefix>i<n> = <rt>.li(frame, id),`
 * before its update (or as its update): each iteration's copy of the hidden binding holds the id
 * of that iteration. `statementProbe`: the probe whose range is the loop statement (or its label).
 */
export function loopIterations(visit: Visit, statementProbe: number | undefined): void {
  const node = visit.node as Pos<ESTree.ForStatement>;
  const { state, leaves } = visit;
  const init = node.init as Pos<ESTree.VariableDeclaration> | null;
  if (!state.full || statementProbe === undefined || init?.type !== 'VariableDeclaration' || init.kind !== 'let')
    return;
  if (!makesFunction([node.test, node.update, node.body])) return;
  const token = `${state.prefix}i${statementProbe}`;
  state.loopTokens.set(node, { name: token, bodyOnly: false });
  const call = `${token}=${state.open('li')}${state.frameRef(state.fn.depth)},${state.id(statementProbe)})`;
  const update = node.update as Pos | null;
  // No update: the call goes just before the `)`, after the test's `;` (the second of the head).
  const testEnd = node.test ? (node.test as Pos).end : expectToken(state.code, init.end, ';') + 1;
  const updateAt = update ? -1 : expectToken(state.code, testEnd, ';');
  if (updateAt < 0 && !update) return;
  // On leave: after every insertion the declarations' own values got (a write's closing parenthesis).
  leaves.push(() => {
    state.insert(init.end, `,${call}`);
    if (update) state.options.ms.prependLeft(update.start, `${call},`);
    else state.insert(updateAt + 1, call);
  });
}

/** Does each run of the loop's body make new bindings: a for…in/of's own, or a body's let/const/class? */
function declaresPerIteration(loop: ESTree.Node): boolean {
  if (loop.type === 'ForInStatement' || loop.type === 'ForOfStatement') {
    if (loop.left.type === 'VariableDeclaration' && loop.left.kind !== 'var') return true;
  }
  const lexical = (node: unknown): boolean => {
    if (!node || typeof node !== 'object') return false;
    if (Array.isArray(node)) return node.some(lexical);
    const type = (node as { type?: unknown }).type;
    if (typeof type === 'string' && FUNCTION_TYPES.has(type)) return false;
    if (type === 'ClassDeclaration') return true;
    if (type === 'VariableDeclaration' && (node as ESTree.VariableDeclaration).kind !== 'var') return true;
    for (const key in node) {
      if (key === 'loc' || key === 'range') continue;
      const child = (node as Record<string, unknown>)[key];
      if (child && typeof child === 'object' && lexical(child)) return true;
    }
    return false;
  };
  return lexical((loop as ESTree.WhileStatement).body);
}

const BODY_LOOPS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

/**
 * Called by the statement walker as it enters a loop's body (before the body's own prefix: a
 * for…of binding's write belongs to the iteration this starts). Any loop not marked in its head
 * whose body makes a function starts its body with `const <prefix>i<n> = <rt>.li(frame, id);`:
 * the bindings its body declares, and a for…in/of's own, are new each time the body runs.
 */
export function bodyIteration(visit: Visit, loop: ESTree.Node, innerStart: number): void {
  const { state, parent } = visit;
  if (!state.full || !BODY_LOOPS.has(loop.type) || state.loopTokens.has(loop)) return;
  const labelled = state.ancestor(2);
  const statementProbe =
    state.statementProbes.get(loop) ??
    (labelled?.type === 'LabeledStatement' ? state.statementProbes.get(labelled) : undefined);
  if (statementProbe === undefined || !parent || !makesFunction(visit.node) || !declaresPerIteration(loop)) return;
  const token = `${state.prefix}i${statementProbe}`;
  state.loopTokens.set(loop, { name: token, bodyOnly: true });
  state.insert(
    innerStart,
    `const ${token}=${state.open('li')}${state.frameRef(state.fn.depth)},${state.id(statementProbe)});`,
  );
}

/** Names a subtree reads or writes (not property names, labels or keys), and names it declares. */
function namesIn(node: unknown, used: Set<string>, declared: Set<string>): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const each of node) namesIn(each, used, declared);
    return;
  }
  const n = node as ESTree.Node;
  switch (n.type) {
    case 'Identifier':
      used.add(n.name);
      return;
    case 'MemberExpression':
      namesIn(n.object, used, declared);
      if (n.computed) namesIn(n.property, used, declared);
      return;
    case 'Property':
    case 'MethodDefinition':
    case 'PropertyDefinition':
      if (n.computed) namesIn(n.key, used, declared);
      namesIn(n.value, used, declared);
      return;
    case 'LabeledStatement':
      namesIn(n.body, used, declared);
      return;
    case 'BreakStatement':
    case 'ContinueStatement':
      return;
    case 'VariableDeclarator':
      for (const name of boundNames(n.id)) declared.add(name);
      break;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      if (n.type !== 'ArrowFunctionExpression' && n.id) declared.add(n.id.name);
      for (const param of n.params) for (const name of boundNames(param)) declared.add(name);
      break;
    case 'ClassDeclaration':
    case 'ClassExpression':
      if (n.id) declared.add(n.id.name);
      break;
    case 'CatchClause':
      for (const name of boundNames(n.param)) declared.add(name);
      break;
    default:
      break;
  }
  for (const key in n) {
    if (key === 'type' || key === 'loc' || key === 'range' || key === 'start' || key === 'end') continue;
    const child = (n as unknown as Record<string, unknown>)[key];
    if (child && typeof child === 'object') namesIn(child, used, declared);
  }
}

/**
 * Does the function (or one nested in it) use a binding of an enclosing function, or of a block of
 * the module (a loop's)? Only then can two of its instances see different bindings. A name it
 * declares itself anywhere is taken as its own. A regenerable leaf uses only its parameters and the
 * module's constants: never linked, so a leaf recording and a full one write the same links.
 */
function capturesOuter(state: VisitState, node: ESTree.Node): boolean {
  const outer = state.scope?.parent;
  const used = new Set<string>();
  const declared = new Set<string>();
  namesIn(node, used, declared);
  for (const name of used) {
    if (declared.has(name)) continue;
    const found = resolve(outer, name);
    if (found && found.scope.parent !== undefined) return true;
  }
  return false;
}

/**
 * `closedBy(<enter>, creator, iteration)` around a function's entry call when what it closes over
 * may have more than one instance: it is made inside a function (whose activations differ) or
 * inside a marked loop iteration, and uses a binding from there. Undefined for a module-level
 * function outside such a loop (the module runs once), or one that uses no such binding.
 */
export function closureLink(
  state: VisitState,
  frame: FunctionFrame,
  node: ESTree.Node,
): ((enter: string) => string) | undefined {
  if (!state.full || frame.depth === 0 || !capturesOuter(state, node)) return undefined;
  let iteration = '0';
  // state.ancestors ends with the function itself: walk out to the function or module that makes it.
  for (let levels = 1; ; levels++) {
    const ancestor = state.ancestor(levels);
    if (!ancestor || ancestor.type === 'Program' || FUNCTION_TYPES.has(ancestor.type)) break;
    const token = state.loopTokens.get(ancestor);
    const child = state.ancestor(levels - 1);
    const inside = token?.bodyOnly
      ? child === (ancestor as ESTree.WhileStatement).body
      : child !== (ancestor as ESTree.ForStatement).init;
    if (token && inside) {
      iteration = token.name;
      break;
    }
  }
  const parentDepth = frame.depth - 1;
  if (parentDepth === 0 && iteration === '0') return undefined;
  const creator = state.frameRef(parentDepth);
  return (enter) => `${state.open('closedBy')}${enter},${creator},${iteration})`;
}
