// Frames: the module (ENTER into a `var`, EXIT as the last statement, INS-22) and every function,
// method, arrow and static block (`const f = <rt>.e(id)` / `em(id, this)`, body in try/finally with
// no catch, params recorded as writes, implicit RETURN at the end). Arrow expression bodies become
// blocks. Never adds a parameter (INS-17) and never wraps a named-evaluated function (INS-18).
import type * as ESTree from 'estree';
import type { ProbeInfo } from '../format/probes';
import { printedInCallee, v8StatementCount } from './calleeLiterals';
import { closureLink } from './closureScopes';
import { keepLeaf, leafEntry, moduleConstants, plannedLeaf } from './leafShape';
import { functionName } from './names';
import { COMMONJS_PARAMS, declareAnnexB } from './annexB';
import { boundNames, declareHoisted, declareLexical, openScope, resolve } from './scope';
import type { FunctionFrame, VisitState } from './state';
import { expectToken, findArrow, skipTrivia } from './text';
import type { HandlerTable, Pos, Visit } from './visit';
import { writeProbe, writeStatements } from './writes';

type AnyFunction = Pos<ESTree.FunctionDeclaration | ESTree.FunctionExpression | ESTree.ArrowFunctionExpression>;

function pushFrame(
  state: VisitState,
  probeId: number,
  node: { async?: boolean; generator?: boolean; type?: string },
  isMethod = false,
): FunctionFrame {
  const ownsThis = node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration';
  const frame: FunctionFrame = {
    depth: state.frames.length ? state.fn.depth + 1 : 0,
    probeId,
    isAsync: !!node.async,
    isGenerator: !!node.generator,
    noFrame: 0,
    noTemps: 0,
    tempsInUse: 0,
    tempsMax: 0,
    ownsThis,
    // Methods (class constructors among them) are MethodDefinition/Property values: a derived
    // constructor's `this` comes from super() and may be exotic (`class M extends Map`).
    constructsThis: ownsThis && !isMethod && !node.async && !node.generator,
    cachesThis: false,
  };
  state.frames.push(frame);
  return frame;
}

function popFrame(state: VisitState): void {
  state.frames.pop();
  state.scope = state.scope?.parent;
}

/** Offset just after a body's directive prologue (INS-01): nothing may go before a directive. */
function afterDirectives(statements: readonly ESTree.Node[], fallback: number): number {
  let at = fallback;
  for (const s of statements) {
    if (s.type !== 'ExpressionStatement' || typeof (s as ESTree.Directive).directive !== 'string') break;
    at = (s as Pos).end;
  }
  return at;
}

function firstStatement(body: readonly ESTree.Node[]): Pos | undefined {
  return body.find((s) => s.type !== 'ExpressionStatement' || typeof (s as ESTree.Directive).directive !== 'string') as
    Pos | undefined;
}

/** Where the module's ENTER goes, and its aliases once the walk is done: after the directive prologue. */
export function moduleEnterOffset(body: readonly ESTree.Node[]): number {
  const first = firstStatement(body);
  return first ? first.start : afterDirectives(body, 0);
}

function program(visit: Visit): void {
  const node = visit.node as Pos<ESTree.Program>;
  const { state, leaves } = visit;
  const probeId = state.probe('module', node.start, node.end, { functionName: '<module>', paramNames: [] });
  if (state.options.leaf && state.full) state.leafConstants = moduleConstants(node);
  const frame = pushFrame(state, probeId, {});
  state.scope = openScope(undefined, 0, -1, node);
  declareHoisted(state.scope, node.body);
  const commonjs = state.options.sourceType !== 'module';
  declareAnnexB(state.scope, node.body, commonjs ? COMMONJS_PARAMS : [], !commonjs);
  declareLexical(state.scope, node.body);
  if (node.body.length === 0) {
    // Only comments (or a type-only TypeScript file): nothing runs, nothing to insert.
    leaves.push(() => popFrame(state));
    return;
  }
  const frameVar = state.frameVar(0);
  const first = firstStatement(node.body);
  const enter = `var ${frameVar}=${state.open('e')}${state.id(probeId)});`;
  const enterAt = moduleEnterOffset(node.body);
  state.insert(enterAt, first ? enter : `;${enter}`);
  leaves.push(() => {
    const last = node.body[node.body.length - 1] as Pos;
    const exit = `${state.open('x')}${frameVar},${state.id(probeId)})`;
    state.insert(last.end, `;${exit}${state.tempDeclaration(frame)}`);
    // The aliases go before the module's ENTER, once every call site is known.
    const aliases = state.aliasDeclaration();
    if (aliases) state.options.ms.prependLeft(enterAt, first ? aliases : `;${aliases}`);
    popFrame(state);
  });
}

function usesThis(state: VisitState, node: ESTree.Node): boolean {
  const parent = state.ancestor(1);
  if (parent?.type === 'Property') return parent.method || parent.kind !== 'init';
  if (parent?.type !== 'MethodDefinition') return false;
  if (parent.kind !== 'constructor') return true;
  const owner = state.ancestor(3) as ESTree.Class | undefined;
  return node.type === 'FunctionExpression' && !owner?.superClass; // derived: no `this` before super()
}

/** Parameters folded into the ENTER call (e1…e4 / em1…em4); a function with more writes them as statements. */
const MAX_FOLDED_PARAMS = 4;

function openFunction(
  visit: Visit,
  node: AnyFunction,
): { frame: FunctionFrame; enter: string; params: string[]; thisArg: string } {
  const { state } = visit;
  const params = node.params.flatMap((p) => boundNames(p));
  // A method's probe spans its key too (`deposit(…) {…}`), so its position is where its name is.
  const parent = state.ancestor(1) as Pos | undefined;
  const isMethod =
    parent?.type === 'MethodDefinition' || (parent?.type === 'Property' && (parent.method || parent.kind !== 'init'));
  const span = isMethod && parent ? parent : node;
  const probeId = state.probe('function', span.start, span.end, {
    functionName: functionName(state, node),
    paramNames: params,
    isAsync: !!node.async,
    isGenerator: !!node.generator,
    ...declaredBinding(state, node),
  });
  const frame = pushFrame(state, probeId, node, isMethod);
  const scope = openScope(state.scope, frame.depth, probeId, node);
  state.scope = scope;
  for (const name of params) scope.names.set(name, 'param');
  if (node.type === 'FunctionExpression' && node.id && !scope.names.has(node.id.name))
    scope.names.set(node.id.name, 'function');
  if (node.body.type === 'BlockStatement') {
    declareHoisted(scope, node.body.body);
    declareAnnexB(scope, node.body.body, params, state.classNames.length > 0);
    declareLexical(scope, node.body.body);
  }
  // Parameters shadowed by a body-level function declaration would read the function: skip them.
  const written = params.filter((name) => scope.names.get(name) === 'param');
  return {
    frame,
    enter: `const ${state.frameVar(frame.depth)}=`,
    params: written,
    thisArg: usesThis(state, node) ? ',this' : '',
  };
}

/**
 * `<enter><rt>.e(id)` (or `em(id,this)`) then `;try{` and the parameters' WRITE statements; with 1–4
 * parameters one call `e2(id,a,b)` records the ENTER and their WRITEs, whose probes it knows as
 * id+1… — allocated here in order, as the statements would have been (same probe table).
 */
function entry(
  state: VisitState,
  opened: ReturnType<typeof openFunction>,
  start: number,
  end: number,
  printedStatements: number | undefined,
  node: AnyFunction,
): string {
  const { frame, params, thisArg } = opened;
  const link = closureLink(state, frame, node) ?? ((call: string) => call);
  const method = thisArg ? 'em' : 'e';
  const id = state.id(frame.probeId);
  // A literal V8 may print in "… is not a function" keeps its statement count (calleeLiterals.ts):
  // one `try` holding the frame's `var`, plus a `0;` for each further statement of the user's.
  const printed = printedStatements !== undefined;
  const enter = printed
    ? `${'0;'.repeat(Math.max(0, printedStatements - 1))}try{var ${state.frameVar(frame.depth)}=`
    : opened.enter;
  const open = printed ? ';' : ';try{';
  if (params.length === 0 || params.length > MAX_FOLDED_PARAMS) {
    return `${enter}${link(`${state.open(method)}${id}${thisArg})`)}${open}${writeStatements(state, params, start, end)}`;
  }
  params.forEach((name, index) => {
    const write = writeProbe(state, name, start, end);
    // Always so at a function's start (own binding, probes in order): the recorder relies on it.
    if (write.frame !== undefined || write.probeId !== frame.probeId + 1 + index)
      throw new Error(`instrumenter: parameter ${name} cannot be folded into its function's ENTER`);
  });
  const folded = `${method}${params.length}` as 'e1' | 'em1';
  return `${enter}${link(`${state.open(folded)}${id}${thisArg},${params.join(',')})`)}${open}`;
}

/**
 * A function declaration's binding, hoisted to the start of its block: the replay knows it from
 * the probe table (no event records it), so a debugger shows `add` before its line runs.
 */
function declaredBinding(state: VisitState, node: AnyFunction): Partial<ProbeInfo> {
  if (node.type !== 'FunctionDeclaration' || !node.id) return {};
  const found = resolve(state.scope, node.id.name);
  if (!found || found.kind !== 'function') return {};
  return {
    varName: node.id.name,
    declarationKind: 'function',
    scopeRange: state.options.lines.range(found.scope.start, found.scope.end),
  };
}

function closing(state: VisitState, frame: FunctionFrame): string {
  return `}finally{${state.open('x')}${state.frameVar(frame.depth)},${state.id(frame.probeId)})${state.tempDeclaration(frame)}}`;
}

function functionNode(visit: Visit): void {
  const node = visit.node as AnyFunction;
  const { state, leaves } = visit;
  const opened = openFunction(visit, node);
  const { frame } = opened;
  const body = node.body as Pos;
  const printed = node.type !== 'FunctionDeclaration' && printedInCallee(state.ancestors);
  // Directives stay before the entry (counted in both), so only the statements after them.
  const statements =
    node.body.type === 'BlockStatement'
      ? v8StatementCount(node.body.body.filter((each) => typeof (each as ESTree.Directive).directive !== 'string'))
      : 1;
  const leaf = plannedLeaf(state, node, opened.thisArg, printed);
  const enter =
    (leaf ? leafEntry(state, node, leaf, frame.probeId) : '') +
    entry(state, opened, node.start, body.start, printed ? statements : undefined, node);
  if (node.body.type === 'BlockStatement') {
    state.insert(afterDirectives(node.body.body, body.start + 1), enter);
    const returnId = state.id(state.probe('return', body.end - 1, body.end, { endsFrame: true }));
    leaves.push(() => {
      state.insert(body.end - 1, `;${state.open('r')}${returnId},void 0)${closing(state, frame)}`);
      if (leaf) keepLeaf(state, node, leaf, frame.probeId);
      popFrame(state);
    });
    return;
  }
  // Expression body: `=> x` becomes `=> {…return <rt>.r(f, id, x)…}` around any parentheses.
  const start = skipTrivia(state.code, findArrow(state.code, lastParamEnd(node)) + 2);
  let end = body.end;
  for (let at = start; at < body.start; at = skipTrivia(state.code, at + 1))
    end = expectToken(state.code, end, ')') + 1;
  const returnId = state.id(state.probe('return', body.start, body.end, { endsFrame: true }));
  state.insert(start, `{${enter}return ${state.open('r')}${returnId},`);
  leaves.push(() => {
    state.insert(end, `)${closing(state, frame)}}`);
    if (leaf) keepLeaf(state, node, leaf, frame.probeId);
    popFrame(state);
  });
}

function lastParamEnd(node: AnyFunction): number {
  const last = node.params[node.params.length - 1] as Pos | undefined;
  return last ? last.end : node.start;
}

function staticBlock(visit: Visit): void {
  const node = visit.node as Pos<ESTree.StaticBlock>;
  const { state, leaves } = visit;
  const probeId = state.probe('function', node.start, node.end, {
    functionName: `${state.classNames[state.classNames.length - 1] ?? '<class>'}.<static>`,
    paramNames: [],
  });
  const frame = pushFrame(state, probeId, {});
  state.scope = openScope(state.scope, frame.depth, probeId, node);
  state.scope.strict = true; // a class body
  declareHoisted(state.scope, node.body);
  declareLexical(state.scope, node.body);
  const frameVar = state.frameVar(frame.depth);
  const open = expectToken(state.code, node.start + 'static'.length, '{') + 1;
  state.insert(open, `const ${frameVar}=${state.open('e')}${state.id(probeId)});try{`);
  const returnId = state.id(state.probe('return', node.end - 1, node.end, { endsFrame: true }));
  leaves.push(() => {
    state.insert(node.end - 1, `;${state.open('r')}${returnId},void 0)${closing(state, frame)}`);
    popFrame(state);
  });
}

export const functionHandlers: HandlerTable = {
  Program: program,
  FunctionDeclaration: functionNode,
  FunctionExpression: functionNode,
  ArrowFunctionExpression: functionNode,
  StaticBlock: staticBlock,
};
