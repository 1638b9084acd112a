// Which functions are regenerable leaves (issue 9 §2): a function whose steps the adapter can
// re-run from its arguments alone, so the recorder writes one LEAF_CALL event instead of them.
// Pure analysis of one function's AST; knows nothing of the text it emits (leafShape.ts) or of
// the recorder. Deliberately narrow: a wrong regenerated value is worse than a slow recording.
import type * as ESTree from 'estree';
import type { Pos } from './visit';

/** A module constant a leaf may read: its literal value (no event records it; the adapter is told it). */
export type LeafConstant = number | boolean | null;

/**
 * A property read of a leaf (`o.k`, `o[k]`) by where its value goes: `value` computed with (a leaf
 * value), `receiver` only read from in turn (`this.a.b`'s `this.a`: an object), `result` returned
 * as it is (`return this.elms[i]`: either; an object the recording must know already).
 */
export interface LeafRead {
  node: Pos<ESTree.MemberExpression>;
  kind: 'value' | 'receiver' | 'result';
}

/** What a leaf needs besides its arguments: the module constants it reads, by name. */
export interface LeafPlan {
  params: string[];
  constants: Record<string, LeafConstant>;
  /**
   * Parameters only ever read from (`p.x`, `p[i]`): not guarded at entry (objects), their reads
   * are checked one by one. Empty for a leaf without property reads.
   */
  receivers: string[];
  /** Its property reads, in source order (leafShape.ts turns each into a checked read). */
  reads: LeafRead[];
  /** It reads `this` (only ever as a receiver): its copy is called with the leaf's `this`. */
  usesThis: boolean;
  /** Bindings outside it it reads properties of (`Direction.FORWARD`), only ever as receivers. */
  outerReceivers: string[];
  /**
   * Module `var`s among `constants`: undefined until their declaration runs (hoisted), so the
   * entry guard checks they are not (a `let`/`const` read early throws, and the full path then runs).
   */
  hoisted: string[];
}

/**
 * How a name free in the function resolves outside it: a module-level binding never written but
 * by its declaration's literal (`hoisted` for a `var`); `bound`: some other binding of the module
 * or an enclosing function (reading it runs no code, so it may be a receiver); `unbound` (a
 * global); `other`: neither may be read (a module with `eval` or `with`).
 */
export type OuterName = { moduleConstant: LeafConstant; hoisted: boolean } | 'bound' | 'unbound' | 'other';

/** Globals that cannot be redefined (non-writable, non-configurable on globalThis). */
const FROZEN_GLOBALS = new Set(['undefined', 'NaN', 'Infinity']);

/** At most this many parameters: the recorder's leaf entries are written out per arity (lf0…lf4). */
const MAX_LEAF_PARAMS = 4;

type AnyFunction = Pos<ESTree.FunctionDeclaration | ESTree.FunctionExpression | ESTree.ArrowFunctionExpression>;

class NotALeaf extends Error {}

interface Binding {
  start: number;
  end: number;
  constant: boolean;
}

/**
 * The plan for `node` if it is a leaf, else undefined. Accepted (with every argument a number,
 * boolean, null or undefined, which the entry guard checks, every value inside is one of those,
 * so no operator can call user code, allocate, or throw):
 * - simple identifier parameters (≤ MAX_LEAF_PARAMS), no default, rest or destructuring;
 * - statements: blocks, `var`/`let`/`const` of plain names, expression statements, if, for,
 *   while, do-while, switch, labels, break, continue, return, empty;
 * - expressions: number/boolean/null literals, names, unary - + ! ~ void, binary operators but
 *   `in`/`instanceof`, logical, conditional, sequence, assignment and ++/-- of the function's own
 *   non-const bindings;
 * - names: the function's own parameters and locals (each declared once, read inside its block),
 *   module-level bindings never written but by their number/boolean/null literal,
 *   `undefined`/`NaN`/`Infinity`;
 * - property reads `R.k` and `R[e]` (issue 9 §2), whose receiver R is `this` (not in an arrow), a
 *   parameter used only as a receiver, or such a read in turn. The recorder checks each read
 *   before making it (an ordinary object, no Proxy or accessor on the way: no user code runs) and
 *   that its value is a leaf value, or an object where it is only a receiver or returned as it is
 *   (one the recording knows); else the full path. A binding outside the function (not a global)
 *   may be a receiver too (`Direction.FORWARD`).
 * Refused: anything else — calls, `new`, writes to properties, reads of `.stack`, strings (their encoding depends on
 * the recorder's interning state), typeof, templates, objects, functions, `this` or a receiver
 * parameter as a value, arguments, try, throw, for-in/of, optional chains, async, generators, and
 * names that would be redacted (`redacted`).
 */
export function leafPlan(
  node: AnyFunction,
  outer: (name: string) => OuterName,
  redacted: (name: string) => boolean,
): LeafPlan | undefined {
  if (node.async || node.generator) return undefined;
  if (node.params.length > MAX_LEAF_PARAMS || node.params.some((p) => p.type !== 'Identifier')) return undefined;
  const params = (node.params as ESTree.Identifier[]).map((p) => p.name);
  const analysis = new Analysis(outer, redacted, node.start, node.end, receiverParams(node, params));
  analysis.arrow = node.type === 'ArrowFunctionExpression';
  try {
    for (const param of node.params as ESTree.Identifier[]) analysis.declare(param.name, node, false);
    if (node.type === 'FunctionExpression' && node.id) return undefined; // its own name: a function value
    if (node.body.type === 'BlockStatement') {
      analysis.declarations(node.body.body, node.body as Pos, node);
      for (const statement of node.body.body) analysis.statement(statement);
    } else {
      analysis.result(node.body);
    }
  } catch (error) {
    if (error instanceof NotALeaf) return undefined;
    throw error;
  }
  return {
    params,
    constants: analysis.constants,
    receivers: params.filter((name) => analysis.receivers.has(name)),
    reads: analysis.reads,
    usesThis: analysis.usesThis,
    outerReceivers: [...analysis.outerReceivers],
    hoisted: [...analysis.hoisted],
  };
}

/**
 * Parameters some property read takes as its receiver (`p.x`, `p[i]`, `p.a.b`): the analysis then
 * refuses them anywhere else. A name's own binding is the parameter (no name is declared twice).
 */
function receiverParams(node: AnyFunction, params: readonly string[]): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object' || typeof (value as ESTree.Node).type !== 'string') return;
    const child = value as ESTree.Node;
    if (child.type === 'MemberExpression' && child.object.type === 'Identifier' && params.includes(child.object.name))
      found.add(child.object.name);
    for (const key of Object.keys(child)) if (key !== 'type') visit((child as unknown as Record<string, unknown>)[key]);
  };
  visit(node.body);
  return found;
}

class Analysis {
  readonly constants: Record<string, LeafConstant> = {};
  readonly hoisted = new Set<string>();
  readonly reads: LeafRead[] = [];
  readonly outerReceivers = new Set<string>();
  usesThis = false;
  arrow = false;
  private readonly bindings = new Map<string, Binding>();

  constructor(
    private readonly outer: (name: string) => OuterName,
    private readonly redacted: (name: string) => boolean,
    private readonly fnStart: number,
    private readonly fnEnd: number,
    readonly receivers: ReadonlySet<string>,
  ) {}

  declare(name: string, scope: { start: number; end: number }, constant: boolean): void {
    // One declaration per name: no shadowing inside, so a position says which binding a name is.
    if (this.bindings.has(name) || this.redacted(name)) throw new NotALeaf();
    this.bindings.set(name, { start: scope.start, end: scope.end, constant });
  }

  /** Every declaration in `body`: `var` visible in the whole function, `let`/`const` in `block`. */
  declarations(body: readonly ESTree.Node[], block: Pos, fn: Pos): void {
    for (const statement of body) this.declarationsIn(statement, block, fn);
  }

  private declarationsIn(node: ESTree.Node, block: Pos, fn: Pos): void {
    switch (node.type) {
      case 'VariableDeclaration':
        for (const d of node.declarations) {
          if (d.id.type !== 'Identifier') throw new NotALeaf();
          this.declare(d.id.name, node.kind === 'var' ? fn : block, node.kind === 'const');
        }
        return;
      case 'BlockStatement':
        return this.declarations(node.body, node as Pos, fn);
      case 'IfStatement':
        this.declarationsIn(node.consequent, block, fn);
        if (node.alternate) this.declarationsIn(node.alternate, block, fn);
        return;
      case 'ForStatement':
        if (node.init?.type === 'VariableDeclaration') this.declarationsIn(node.init, node as Pos, fn);
        return this.declarationsIn(node.body, node as Pos, fn);
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'LabeledStatement':
        return this.declarationsIn(node.body, block, fn);
      case 'SwitchStatement':
        for (const c of node.cases) this.declarations(c.consequent, node as Pos, fn);
        return;
      default:
        return;
    }
  }

  statement(node: ESTree.Node): void {
    switch (node.type) {
      case 'EmptyStatement':
      case 'BreakStatement':
      case 'ContinueStatement':
        return;
      case 'BlockStatement':
        return node.body.forEach((s) => this.statement(s));
      case 'ExpressionStatement':
        if (typeof (node as ESTree.Directive).directive === 'string') return; // 'use strict'
        return this.expression(node.expression);
      case 'VariableDeclaration':
        for (const d of node.declarations) if (d.init) this.expression(d.init);
        return;
      case 'IfStatement':
        this.expression(node.test);
        this.statement(node.consequent);
        if (node.alternate) this.statement(node.alternate);
        return;
      case 'ForStatement':
        if (node.init) {
          if (node.init.type === 'VariableDeclaration') this.statement(node.init);
          else this.expression(node.init);
        }
        if (node.test) this.expression(node.test);
        if (node.update) this.expression(node.update);
        return this.statement(node.body);
      case 'WhileStatement':
      case 'DoWhileStatement':
        this.expression(node.test);
        return this.statement(node.body);
      case 'LabeledStatement':
        return this.statement(node.body);
      case 'SwitchStatement':
        this.expression(node.discriminant);
        for (const c of node.cases) {
          if (c.test) this.expression(c.test);
          c.consequent.forEach((s) => this.statement(s));
        }
        return;
      case 'ReturnStatement':
        if (node.argument) this.result(node.argument);
        return;
      default:
        throw new NotALeaf();
    }
  }

  expression(node: ESTree.Node): void {
    switch (node.type) {
      case 'Literal':
        if (node.value === null && !('regex' in node) && !('bigint' in node)) return;
        if (typeof node.value === 'number' || typeof node.value === 'boolean') return;
        throw new NotALeaf();
      case 'Identifier':
        return this.read(node as Pos<ESTree.Identifier>);
      case 'UnaryExpression':
        if (node.operator === 'typeof' || node.operator === 'delete') throw new NotALeaf();
        return this.expression(node.argument);
      case 'BinaryExpression':
        if (node.operator === 'in' || node.operator === 'instanceof') throw new NotALeaf();
        this.expression(node.left);
        return this.expression(node.right);
      case 'LogicalExpression':
        this.expression(node.left);
        return this.expression(node.right);
      case 'ConditionalExpression':
        this.expression(node.test);
        this.expression(node.consequent);
        return this.expression(node.alternate);
      case 'SequenceExpression':
        return node.expressions.forEach((e) => this.expression(e));
      case 'UpdateExpression':
        return this.written(node.argument);
      case 'AssignmentExpression':
        this.written(node.left);
        return this.expression(node.right);
      case 'MemberExpression':
        return this.member(node as Pos<ESTree.MemberExpression>, 'value');
      default:
        throw new NotALeaf();
    }
  }

  /** What the function returns: a property read there may return an object as it is. */
  result(node: ESTree.Node): void {
    if (node.type === 'MemberExpression') return this.member(node as Pos<ESTree.MemberExpression>, 'result');
    if (node.type !== 'ConditionalExpression') return this.expression(node);
    this.expression(node.test);
    this.result(node.consequent);
    this.result(node.alternate);
  }

  /** A property read, by where its value goes. */
  private member(node: Pos<ESTree.MemberExpression>, kind: LeafRead['kind']): void {
    if (node.optional || node.object.type === 'Super') throw new NotALeaf();
    this.reads.push({ node, kind });
    this.receiver(node.object);
    if (node.computed) this.expression(node.property);
    else if (node.property.type !== 'Identifier')
      throw new NotALeaf(); // #private: a brand check may throw
    // An error's `stack` (own on errors and on Error.captureStackTrace's targets) is, on Node 20, a
    // V8 native accessor that shows as a data property, and its first read formats the stack
    // through Error.prepareStackTrace: program code, which the copy would run before the leaf's
    // entry. No check can tell it from data without reading it; a computed key is never "stack"
    // (a leaf's keys are numbers, booleans, null or undefined).
    else if (node.property.name === 'stack') throw new NotALeaf();
  }

  /** What a property is read from: `this`, a receiver parameter, or a read of either. */
  private receiver(node: ESTree.Node): void {
    switch (node.type) {
      case 'ThisExpression':
        if (this.arrow) throw new NotALeaf(); // the enclosing function's `this`: the copy would not see it
        this.usesThis = true;
        return;
      case 'Identifier': {
        if (this.ownBinding(node as Pos<ESTree.Identifier>)) {
          if (!this.receivers.has(node.name)) throw new NotALeaf();
          return;
        }
        // A binding outside (not a global: its lookup could run a getter of globalThis).
        if (this.bindings.has(node.name) || this.outer(node.name) !== 'bound' || this.redacted(node.name))
          throw new NotALeaf();
        this.outerReceivers.add(node.name);
        return;
      }
      case 'MemberExpression':
        return this.member(node as Pos<ESTree.MemberExpression>, 'receiver');
      default:
        throw new NotALeaf();
    }
  }

  /** A write target: one of the function's own non-const bindings, where it is visible. */
  private written(target: ESTree.Node): void {
    if (target.type !== 'Identifier') throw new NotALeaf();
    const own = this.ownBinding(target as Pos<ESTree.Identifier>);
    if (!own || own.constant || this.receivers.has(target.name)) throw new NotALeaf();
  }

  /** A name read as a value: never a receiver parameter (it may hold an object, whose operators run user code). */
  private read(node: Pos<ESTree.Identifier>): void {
    if (this.ownBinding(node)) {
      if (this.receivers.has(node.name)) throw new NotALeaf();
      return;
    }
    if (this.bindings.has(node.name)) throw new NotALeaf(); // read outside its block: some outer binding
    const outer = this.outer(node.name);
    if (outer === 'unbound' && FROZEN_GLOBALS.has(node.name)) return;
    if (typeof outer !== 'object') throw new NotALeaf();
    this.constants[node.name] = outer.moduleConstant;
    if (outer.hoisted) this.hoisted.add(node.name);
  }

  private ownBinding(node: Pos<ESTree.Identifier>): Binding | undefined {
    const binding = this.bindings.get(node.name);
    if (!binding || node.start < binding.start || node.end > binding.end) return undefined;
    if (node.start < this.fnStart || node.end > this.fnEnd) return undefined;
    return binding;
  }
}

/** A module-level `const NAME = <number | boolean | null | -number>`'s value, if it is one. */
export function literalConstant(init: ESTree.Expression | null | undefined): { value: LeafConstant } | undefined {
  if (!init) return undefined;
  if (init.type === 'Literal' && !('regex' in init) && !('bigint' in init)) {
    if (init.value === null || typeof init.value === 'number' || typeof init.value === 'boolean')
      return { value: init.value };
    return undefined;
  }
  if (init.type === 'UnaryExpression' && init.operator === '-' && init.argument.type === 'Literal') {
    const value = init.argument.value;
    if (typeof value === 'number' && !('bigint' in init.argument)) return { value: -value };
  }
  return undefined;
}
