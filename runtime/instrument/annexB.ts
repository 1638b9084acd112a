// Annex B.3.3 block functions (sloppy mode only): `{ function f() {} }` in a function (or a
// CommonJS module's wrapper) is block-scoped AND makes `f` a var binding of the function, assigned
// the block's function when the declaration is evaluated — so `f` is defined after its block. This
// file decides which declarations qualify (statically, from statements) and records that
// assignment: `<rt>.w(id,f);` right after the declaration, where `f` reads the block's binding
// (initialised at block entry), so the program reads nothing it would not. Knows no replay.
//
// `if (x) function f(){}` (B.3.4) is a block of its own: statements.ts braces it, so its write
// goes inside. A `with` body is not instrumented (visitor.ts): no name may be read there, so its
// block functions are recorded once the statement is over, from outside (withStatement below).
// Not Annex B (the function stays invisible after its block, as in V8): strict code (a module,
// "use strict", a class body), a generator or async function, a name that is a parameter, and a
// name a `var f` there would make an early error — a let/const/class of the function's top level,
// or a let/const/class/function of an enclosing block, a for-loop's let/const, a destructured
// catch parameter.
import type * as ESTree from 'estree';
import { boundNames, functionScopeOf, resolve, type Scope } from './scope';
import type { HandlerTable, Pos, Visit } from './visit';
import { writeStatement } from './writes';

/** A CommonJS module's wrapper parameters: a block function of one of these names stays in its block. */
export const COMMONJS_PARAMS: readonly string[] = ['exports', 'require', 'module', '__filename', '__dirname'];

type Names = ReadonlySet<string>;

/** let/const/class names declared directly in statements, and function names when `functions`. */
function lexicalNames(statements: readonly ESTree.Node[], functions: boolean): Set<string> {
  const names = new Set<string>();
  for (const item of statements) {
    let statement = item;
    while (statement.type === 'LabeledStatement') statement = statement.body;
    if (statement.type === 'VariableDeclaration' && statement.kind !== 'var') {
      for (const d of statement.declarations) for (const name of boundNames(d.id)) names.add(name);
    } else if (statement.type === 'ClassDeclaration' && statement.id) {
      names.add(statement.id.name);
    } else if (functions && statement.type === 'FunctionDeclaration' && statement.id) {
      names.add(statement.id.name);
    }
  }
  return names;
}

/**
 * The plain function declaration a statement is, through any labels (`l: function f() {}`). A
 * generator or async one is no FunctionDeclaration in the grammar B.3.3 names: it stays in its block.
 */
function declaredFunction(statement: ESTree.Node): ESTree.FunctionDeclaration | undefined {
  let at = statement;
  while (at.type === 'LabeledStatement') at = at.body;
  return at.type === 'FunctionDeclaration' && at.id && !at.generator && !at.async ? at : undefined;
}

class Collector {
  readonly found = new Set<ESTree.Node>();

  constructor(private readonly excluded: Names) {}

  /** Statements of a block (or of a switch's cases) nested in the function, under `enclosing` blocks. */
  block(statements: readonly ESTree.Node[], enclosing: readonly Names[]): void {
    for (const statement of statements) {
      const declared = declaredFunction(statement);
      const name = declared?.id?.name;
      if (declared && name && !this.excluded.has(name) && !enclosing.some((names) => names.has(name)))
        this.found.add(declared);
    }
    const inner = [...enclosing, lexicalNames(statements, true)];
    for (const statement of statements) this.statement(statement, inner);
  }

  /** Any statement: finds the blocks in it (not in nested functions or classes: their own scopes). */
  statement(node: ESTree.Node | null | undefined, enclosing: readonly Names[]): void {
    if (!node) return;
    switch (node.type) {
      case 'BlockStatement':
        this.block(node.body, enclosing);
        break;
      case 'SwitchStatement':
        this.block(
          node.cases.flatMap((c) => c.consequent),
          enclosing,
        );
        break;
      case 'IfStatement':
        this.clause(node.consequent, enclosing);
        this.clause(node.alternate, enclosing);
        break;
      case 'ForStatement':
        this.statement(node.body, [...enclosing, new Set(loopNames(node.init))]);
        break;
      case 'ForInStatement':
      case 'ForOfStatement':
        this.statement(node.body, [...enclosing, new Set(loopNames(node.left))]);
        break;
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'LabeledStatement':
      case 'WithStatement':
        this.statement(node.body, enclosing);
        break;
      case 'TryStatement': {
        this.statement(node.block, enclosing);
        // A simple catch parameter may be redeclared by a var (B.3.4); a destructured one may not.
        const param = node.handler?.param;
        const caught = param && param.type !== 'Identifier' ? [new Set(boundNames(param))] : [];
        this.statement(node.handler?.body, [...enclosing, ...caught]);
        this.statement(node.finalizer, enclosing);
        break;
      }
      default:
        break;
    }
  }

  /** An `if` clause: a function declaration there is the sole statement of a block of its own (B.3.4). */
  private clause(node: ESTree.Node | null | undefined, enclosing: readonly Names[]): void {
    if (node?.type === 'FunctionDeclaration') this.block([node], enclosing);
    else this.statement(node, enclosing);
  }
}

function loopNames(init: ESTree.Node | null | undefined): string[] {
  if (init?.type !== 'VariableDeclaration' || init.kind === 'var') return [];
  return init.declarations.flatMap((d) => boundNames(d.id));
}

function hasUseStrict(body: readonly ESTree.Node[]): boolean {
  for (const statement of body) {
    const directive = (statement as ESTree.Directive).directive;
    if (typeof directive !== 'string') return false;
    if (directive === 'use strict') return true;
  }
  return false;
}

/**
 * Called when a function (or module) scope opens, after its var names are declared and before its
 * lexical ones: marks the scope strict when its body says so, else collects its Annex B block
 * functions and declares each name as a var of the scope (unless it already has the name).
 */
export function declareAnnexB(
  scope: Scope,
  body: readonly ESTree.Node[],
  params: readonly string[],
  strictByContext: boolean,
): void {
  if (strictByContext || hasUseStrict(body)) scope.strict = true;
  if (scope.strict) return;
  const excluded = new Set([...params, ...lexicalNames(body, false), 'arguments']);
  const collector = new Collector(excluded);
  for (const statement of body) collector.statement(statement, []);
  if (collector.found.size === 0) return;
  for (const node of collector.found) {
    const name = (node as ESTree.FunctionDeclaration).id!.name;
    if (!scope.names.has(name)) scope.names.set(name, 'var');
  }
  scope.annexB = new Set([...collector.found].map(startOf));
}

function startOf(node: ESTree.Node): number {
  return (node as ESTree.Node & { start: number }).start;
}

/**
 * A streamed module's block functions (largeFile.ts), statement by statement: its walk sees one
 * statement at a time, so the module scope's Annex B set is found here over the whole body first
 * (the same rule as declareAnnexB's; a top-level let/const/class of the name, anywhere, excludes it).
 */
export class ModuleAnnexB {
  private readonly candidates: Array<{ start: number; name: string }> = [];
  private readonly lexical = new Set<string>();
  private readonly collector = new Collector(new Set());

  statement(statement: ESTree.Node): void {
    for (const name of lexicalNames([statement], false)) this.lexical.add(name);
    this.collector.statement(statement, []);
    for (const node of this.collector.found) {
      this.candidates.push({ start: startOf(node), name: (node as ESTree.FunctionDeclaration).id!.name });
    }
    this.collector.found.clear();
  }

  /** Start offsets and names of the module's Annex B declarations ([] in strict code). */
  result(prologue: readonly ESTree.Node[], commonjs: boolean): Array<{ start: number; name: string }> {
    if (!commonjs || hasUseStrict(prologue)) return [];
    const excluded = new Set([...COMMONJS_PARAMS, ...this.lexical, 'arguments']);
    return this.candidates.filter((candidate) => !excluded.has(candidate.name));
  }
}

/** After an Annex B declaration: `;<rt>.w(id,f);` — the function scope's `f` takes the block's. */
function blockFunction(visit: Visit): void {
  const node = visit.node as Visit<ESTree.FunctionDeclaration>['node'];
  const { state, leaves } = visit;
  if (!state.full || !node.id || !state.scope) return;
  const owner = functionScopeOf(state.scope);
  if (!owner.annexB?.has(node.start)) return;
  const name = node.id.name;
  const target = { scope: owner, kind: owner.names.get(name) ?? 'var' };
  // Allocated now, while the enclosing function's frame is current (functionNode pushes the declared one).
  const text = writeStatement(state, name, node.start, node.end, target);
  leaves.push(() => state.insert(node.end, `;${text}`));
}

/**
 * A `with` body's block functions: `try{with(o){…}}finally{<rt>.w(id,f);}`. Inside the body every
 * name goes through the object (a Proxy's `has` trap sees it: INS-05), so the var is read after the
 * statement, from outside, where it holds what the body's declarations assigned (also when the body
 * threw or broke out). A name a catch parameter hides at the statement cannot be read: not recorded.
 */
function withStatement(visit: Visit): void {
  const node = visit.node as Pos<ESTree.WithStatement>;
  const { state, leaves } = visit;
  if (!state.full || !state.scope) return;
  const owner = functionScopeOf(state.scope);
  const annexB = owner.annexB;
  if (!annexB) return;
  const collector = new Collector(new Set());
  collector.statement(node.body, []);
  const byName = new Map<string, Pos>();
  for (const declared of collector.found) {
    const name = (declared as ESTree.FunctionDeclaration).id!.name;
    if (annexB.has(startOf(declared)) && !byName.has(name)) byName.set(name, declared as Pos);
  }
  let text = '';
  for (const [name, declared] of byName) {
    const found = resolve(state.scope, name);
    if (found?.scope === owner) text += writeStatement(state, name, declared.start, declared.end, found);
  }
  if (!text) return;
  state.insert(node.start, 'try{');
  leaves.push(() => state.insert(node.end, `}finally{${text}}`));
}

/** Must come before functionHandlers (visitor.ts): it reads the scope the declaration is in. */
export const annexBHandlers: HandlerTable = {
  FunctionDeclaration: blockFunction,
  WithStatement: withStatement,
};
