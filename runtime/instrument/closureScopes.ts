// What a closure closes over (CLOSURE_SCOPE, format 3.7), for replay to show the activation and loop
// iteration a nested function captured: a `for (let …)` loop that makes a function gets an iteration
// id where JavaScript copies its per-iteration bindings (the head's declarations and the start of its
// update), and a function made inside another function, or inside such a loop, passes its creator's
// frame and iteration as it enters. Edits only the loop head and the entry expression: no statement,
// no line, no name changes. Knows nothing of how replay reads them.
import type * as ESTree from 'estree';
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
  state.loopTokens.set(node, token);
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

/**
 * `closedBy(<enter>, creator, iteration)` around a function's entry call when what it closes over
 * may have more than one instance: it is made inside a function (whose activations differ) or
 * inside a loop iteration of `loopIterations`. Undefined for a module-level function outside such a
 * loop (the module runs once).
 */
export function closureLink(state: VisitState, frame: FunctionFrame): ((enter: string) => string) | undefined {
  if (!state.full || frame.depth === 0) return undefined;
  let iteration = '0';
  // state.ancestors ends with the function itself: walk out to the function or module that makes it.
  for (let levels = 1; ; levels++) {
    const ancestor = state.ancestor(levels);
    if (!ancestor || ancestor.type === 'Program' || FUNCTION_TYPES.has(ancestor.type)) break;
    const token = ancestor.type === 'ForStatement' ? state.loopTokens.get(ancestor) : undefined;
    if (token && state.ancestor(levels - 1) !== (ancestor as ESTree.ForStatement).init) {
      iteration = token;
      break;
    }
  }
  const parentDepth = frame.depth - 1;
  if (parentDepth === 0 && iteration === '0') return undefined;
  const creator = state.frameRef(parentDepth);
  return (enter) => `${state.open('closedBy')}${enter},${creator},${iteration})`;
}
