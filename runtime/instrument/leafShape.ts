// The instrumented shape of a regenerable leaf (leafAnalysis.ts says which): before the normal
// entry, `if(<rt>.lkN(args)) try { return <rt>.lfN(id, <copy>(args), args) } catch {}` — the
// guard checks every argument is a number, boolean, null or undefined; the copy is the function's
// own body, uninstrumented, in an inner function declaration (same scope chain, so its names
// resolve as the original's). It runs first and writes nothing: if it throws, nothing was
// recorded, and the fully instrumented body runs the call again (the leaf has no effects) and
// records the throw as usual. Knows the text it inserts; not the analysis nor the recorder.
import type * as ESTree from 'estree';
import type MagicString from 'magic-string';
import { REDACTED_KEY } from '../format/redactedKeys';
import type { RecorderHotPath } from '../format/hotPath';
import { literalConstant, leafPlan, type LeafConstant, type LeafPlan, type OuterName } from './leafAnalysis';
import { resolve } from './scope';
import type { VisitState } from './state';
import type { Pos } from './visit';

type AnyFunction = Pos<ESTree.FunctionDeclaration | ESTree.FunctionExpression | ESTree.ArrowFunctionExpression>;

/** The module's literal constants (`const N = 3` at top level), for the Program handler when leaves are on. */
export function moduleConstants(program: ESTree.Program): Map<string, LeafConstant> {
  const constants = new Map<string, LeafConstant>();
  for (const statement of program.body) {
    if (statement.type !== 'VariableDeclaration' || statement.kind !== 'const') continue;
    for (const d of statement.declarations) {
      const literal = literalConstant(d.init);
      if (d.id.type === 'Identifier' && literal) constants.set(d.id.name, literal.value);
    }
  }
  return constants;
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
  const constants = state.leafConstants;
  if (!constants || thisArg || printed) return undefined;
  const outerScope = state.scope?.parent;
  const outer = (name: string): OuterName => {
    const found = resolve(outerScope, name);
    if (!found) return 'unbound';
    const value = constants.get(name);
    // Declared in the module's own scope (no parent), as the `const` the Program handler saw.
    if (found.scope.parent === undefined && found.kind === 'const' && value !== undefined)
      return { moduleConstant: value };
    return 'other';
  };
  return leafPlan(node, outer, (name) => REDACTED_KEY.test(name));
}

/** The text that goes before the function's normal entry. */
export function leafEntry(state: VisitState, node: AnyFunction, plan: LeafPlan, probeId: number): string {
  const args = plan.params.join(',');
  const copy = `${state.prefix}lc${state.fn.depth}`;
  const record = `${state.open(`lf${plan.params.length}` as keyof RecorderHotPath)}${state.id(probeId)},${copy}(${args})${args ? `,${args}` : ''})`;
  const guard = plan.params.length
    ? `if(${state.open(`lk${plan.params.length}` as keyof RecorderHotPath)}${args}))`
    : '';
  const body = node.body as Pos;
  const bodyText =
    node.body.type === 'BlockStatement'
      ? state.code.slice(body.start, body.end)
      : `{return(${state.code.slice(body.start, body.end)})}`;
  return `${guard}try{return ${record}}catch{}function ${copy}(${args})${bodyText}`;
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
  });
}
