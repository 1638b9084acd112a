// When may an append skip its runtime check? `x += e` records an APPEND extending the binding's last
// recorded value, which is exact only if evaluating `e` did not write `x` itself. The recorder checks
// that at run time with a ring mark (no event at all since `x` was read), which also refuses the
// common case `out += render(item)`, whose call writes events. This proves instead, from the syntax
// of the whole file, that nothing `e` runs can write the binding: no write of the name inside any
// function-like code nested in the binding's own function (where a call in `e` could reach it), none
// in `e` itself, no `eval` or `with` in the file, and not a parameter of sloppy code (a mapped
// `arguments` object aliases it). Conservative by name: a nested function writing its own `x` still
// counts. Knows syntax only, not the recorder nor the shapes written.
import type * as ESTree from 'estree';
import type { DeclarationKind } from '../format/probes';
import { childNodes } from './childNodes';
import { boundNames, functionScopeOf, type Scope } from './scope';

/** Code that runs in an activation of its own: a write inside it may happen during a call. */
const FUNCTION_LIKE = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'StaticBlock',
  'PropertyDefinition',
  'AccessorProperty',
]);

/**
 * Per function-like node (the module's: the Program), by its span, names written in code nested in
 * it; every such node has an entry, so a scope that matches none is never taken as proven. Two
 * nodes with one span (a file that is one function) share an entry: a superset, still safe.
 */
export interface NestedWrites {
  writtenBelow: Map<string, Set<string>>;
  /** The file has `eval` or `with`: a name may not be the binding the scopes say. */
  dynamic: boolean;
}

const MODULE_KEY = 'module';

function spanKey(span: { start: number; end: number }): string {
  return `${span.start}:${span.end}`;
}

/** The binding names a node writes by itself (not its children's writes; a member target writes none). */
function ownWrites(node: ESTree.Node): string[] {
  if (node.type === 'AssignmentExpression') return boundNames(node.left);
  if (node.type === 'UpdateExpression') return boundNames(node.argument);
  if ((node.type === 'ForInStatement' || node.type === 'ForOfStatement') && node.left.type !== 'VariableDeclaration')
    return boundNames(node.left);
  return [];
}

/**
 * The walk that finds, for every function-like node, the names written in code nested in it: fed
 * the module's statements one by one (the large-file path never holds them all), then `result()`.
 */
export class NestedWritesBuilder {
  private readonly writtenBelow = new Map<string, Set<string>>();
  private readonly enclosing: string[];
  private dynamic = false;

  constructor() {
    // The module's span is known only once the whole file is parsed: filed under its own key until result().
    this.writtenBelow.set(MODULE_KEY, new Set());
    this.enclosing = [MODULE_KEY];
  }

  statement(statement: ESTree.Node): void {
    this.visit(statement);
  }

  /** `program`: the span the module's scope has (instrument/functions.ts program()). */
  result(program: { start: number; end: number }): NestedWrites {
    const key = spanKey(program);
    const moduleWrites = this.writtenBelow.get(MODULE_KEY)!;
    this.writtenBelow.delete(MODULE_KEY);
    // A function spanning the whole file shares the key: the union, a superset of either, stays safe.
    for (const name of this.writtenBelow.get(key) ?? []) moduleWrites.add(name);
    this.writtenBelow.set(key, moduleWrites);
    return { writtenBelow: this.writtenBelow, dynamic: this.dynamic };
  }

  private visit(node: ESTree.Node): void {
    const opens = FUNCTION_LIKE.has(node.type);
    if (opens) {
      const key = spanKey(node as ESTree.Node & { start: number; end: number });
      this.enclosing.push(key);
      if (!this.writtenBelow.has(key)) this.writtenBelow.set(key, new Set());
    }
    if (node.type === 'WithStatement' || (node.type === 'Identifier' && node.name === 'eval')) this.dynamic = true;
    // Every function-like node around a write but the innermost: a call from there may run it.
    for (const name of ownWrites(node))
      for (let index = 0; index < this.enclosing.length - 1; index++)
        this.writtenBelow.get(this.enclosing[index])!.add(name);
    for (const child of childNodes(node)) this.visit(child);
    if (opens) this.enclosing.pop();
  }
}

/** NestedWritesBuilder over a whole syntax tree. */
export function nestedWrites(program: ESTree.Program & { start: number; end: number }): NestedWrites {
  const builder = new NestedWritesBuilder();
  for (const statement of program.body) builder.statement(statement);
  return builder.result(program);
}

/** Whether `part` writes `name` anywhere in its own syntax (nested functions included: conservative). */
function writesName(node: ESTree.Node, name: string): boolean {
  return ownWrites(node).includes(name) || childNodes(node).some((child) => writesName(child, name));
}

/**
 * True when evaluating `part` cannot write the binding `name` (declared in `scope`, of `kind`), so
 * the binding's last recorded value is the one `name += part` extends.
 */
export function appendProven(
  facts: NestedWrites,
  name: string,
  scope: Scope,
  kind: DeclarationKind,
  part: ESTree.Node,
): boolean {
  if (facts.dynamic) return false;
  if (kind === 'param' && !scope.strict) return false;
  const writtenBelow = facts.writtenBelow.get(spanKey(functionScopeOf(scope)));
  if (!writtenBelow || writtenBelow.has(name)) return false;
  return !writesName(part, name);
}
