// Lexical scopes, just enough to say which function frame owns a written variable and in which
// block it is visible (ProbeInfo.scopeFunctionProbe / scopeRange). Hoisted names are collected by
// a statements-only pre-scan when a scope opens, so the main walk stays single-pass over expressions.
import type * as ESTree from 'estree';
import type { DeclarationKind } from '../format/probes';

export interface Scope {
  parent: Scope | undefined;
  names: Map<string, DeclarationKind>;
  /** Function nesting depth of the owner (0 = module); names its frame variable. */
  depth: number;
  /** Probe id of the owning function, -1 for the module. */
  functionProbe: number;
  start: number;
  end: number;
  /** Strict mode code (a module, "use strict", a class body): no Annex B block functions. */
  strict: boolean;
  /** On a function (or module) scope: start offsets of its block functions that are also its vars (annexB.ts). */
  annexB?: ReadonlySet<number>;
}

type Positioned = { start: number; end: number };

/** A scope inherits its parent's strictness; a function that makes itself strict sets it after. */
export function openScope(parent: Scope | undefined, depth: number, functionProbe: number, node: Positioned): Scope {
  return { parent, names: new Map(), depth, functionProbe, start: node.start, end: node.end, strict: !!parent?.strict };
}

/** The function (or module) scope a block scope belongs to: blocks share their function's depth. */
export function functionScopeOf(scope: Scope): Scope {
  let at = scope;
  while (at.parent && at.parent.depth === at.depth) at = at.parent;
  return at;
}

export function resolve(scope: Scope | undefined, name: string): { scope: Scope; kind: DeclarationKind } | undefined {
  for (let s = scope; s; s = s.parent) {
    const kind = s.names.get(name);
    if (kind) return { scope: s, kind };
  }
  return undefined;
}

/** Names bound by a binding or assignment pattern, in source order (members are not bindings). */
export function boundNames(pattern: ESTree.Node | null | undefined, out: string[] = []): string[] {
  if (!pattern) return out;
  switch (pattern.type) {
    case 'Identifier':
      out.push(pattern.name);
      break;
    case 'ObjectPattern':
      for (const p of pattern.properties) boundNames(p.type === 'RestElement' ? p.argument : p.value, out);
      break;
    case 'ArrayPattern':
      for (const e of pattern.elements) boundNames(e, out);
      break;
    case 'RestElement':
      boundNames(pattern.argument, out);
      break;
    case 'AssignmentPattern':
      boundNames(pattern.left, out);
      break;
    default:
      break;
  }
  return out;
}

function declareAll(scope: Scope, names: string[], kind: DeclarationKind): void {
  for (const name of names) if (!scope.names.has(name) || kind !== 'var') scope.names.set(name, kind);
}

/** Block-level declarations: let/const/class, and function declarations (block-scoped in blocks). */
export function declareLexical(scope: Scope, statements: readonly ESTree.Node[]): void {
  for (const item of statements) {
    let statement = item;
    if (item.type === 'ExportNamedDeclaration' || item.type === 'ExportDefaultDeclaration') {
      if (!item.declaration) continue;
      statement = item.declaration as ESTree.Node;
    }
    if (statement.type === 'VariableDeclaration' && statement.kind !== 'var') {
      for (const d of statement.declarations)
        declareAll(scope, boundNames(d.id), statement.kind === 'const' ? 'const' : 'let');
    } else if (statement.type === 'ClassDeclaration' && statement.id) {
      scope.names.set(statement.id.name, 'class');
    } else if (statement.type === 'FunctionDeclaration' && statement.id) {
      scope.names.set(statement.id.name, 'function');
    } else if (statement.type === 'ImportDeclaration') {
      for (const s of statement.specifiers) scope.names.set(s.local.name, 'import');
    }
  }
}

/** `var` declarations anywhere in a function body (not in nested functions): hoisted to the function. */
export function declareHoisted(scope: Scope, statements: readonly ESTree.Node[]): void {
  for (const statement of statements) hoistFrom(scope, statement);
}

function hoistFrom(scope: Scope, node: ESTree.Node | null | undefined): void {
  if (!node) return;
  switch (node.type) {
    case 'VariableDeclaration':
      if (node.kind === 'var') for (const d of node.declarations) declareAll(scope, boundNames(d.id), 'var');
      break;
    case 'ExportNamedDeclaration':
      hoistFrom(scope, node.declaration);
      break;
    case 'BlockStatement':
      declareHoisted(scope, node.body);
      break;
    case 'IfStatement':
      hoistFrom(scope, node.consequent);
      hoistFrom(scope, node.alternate);
      break;
    case 'ForStatement':
      hoistFrom(scope, node.init);
      hoistFrom(scope, node.body);
      break;
    case 'ForInStatement':
    case 'ForOfStatement':
      hoistFrom(scope, node.left);
      hoistFrom(scope, node.body);
      break;
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'LabeledStatement':
    case 'WithStatement':
      hoistFrom(scope, node.body);
      break;
    case 'TryStatement':
      hoistFrom(scope, node.block);
      hoistFrom(scope, node.handler?.body);
      hoistFrom(scope, node.finalizer);
      break;
    case 'SwitchStatement':
      for (const c of node.cases) declareHoisted(scope, c.consequent);
      break;
    default:
      break;
  }
}
