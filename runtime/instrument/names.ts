// Display names for function probes ("Foo.bar", "<anonymous>"), following what V8 would infer
// from the surrounding declaration, assignment, property or class. Knows only node shapes.
import type * as ESTree from 'estree';
import type { VisitState } from './state';

function keyName(key: ESTree.Node, computed: boolean, code: string): string {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number'))
    return String(key.value);
  const { start, end } = key as unknown as { start: number; end: number };
  return `[${code.slice(start, Math.min(end, start + 40))}]`;
}

function memberText(node: ESTree.Node, code: string): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'ThisExpression') return 'this';
  if (node.type !== 'MemberExpression' || node.object.type === 'Super') return undefined;
  const object = memberText(node.object, code);
  return object === undefined ? undefined : `${object}.${keyName(node.property, node.computed, code)}`;
}

/** The name a debugger should show for the function node being entered. */
export function functionName(state: VisitState, node: ESTree.Node): string {
  if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && node.id) {
    return qualify(state, node.id.name);
  }
  const parent = state.ancestor(1);
  const className = state.classNames[state.classNames.length - 1] ?? '<class>';
  switch (parent?.type) {
    case 'VariableDeclarator':
      return parent.id.type === 'Identifier' ? parent.id.name : '<anonymous>';
    case 'AssignmentExpression':
      return memberText(parent.left, state.code) ?? '<anonymous>';
    case 'AssignmentPattern':
      return parent.left.type === 'Identifier' ? parent.left.name : '<anonymous>';
    case 'Property':
      return keyName(parent.key, parent.computed, state.code);
    case 'MethodDefinition':
    case 'PropertyDefinition':
      return `${className}.${keyName(parent.key, parent.computed, state.code)}`;
    case 'ExportDefaultDeclaration':
      return 'default';
    default:
      return '<anonymous>';
  }
}

function qualify(state: VisitState, name: string): string {
  const parent = state.ancestor(1);
  if (parent?.type !== 'MethodDefinition') return name;
  return `${state.classNames[state.classNames.length - 1] ?? '<class>'}.${name}`;
}

/** A class's display name: its id, or the binding it is assigned to. */
export function className(state: VisitState, node: ESTree.Class): string {
  if (node.id) return node.id.name;
  const parent = state.ancestor(1);
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent?.type === 'AssignmentExpression') return memberText(parent.left, state.code) ?? '<class>';
  return parent?.type === 'ExportDefaultDeclaration' ? 'default' : '<class>';
}

/** True for an initializer that NamedEvaluation names after its binding: it must not be wrapped (INS-18). */
export function isAnonymousFunctionDefinition(node: ESTree.Node): boolean {
  return (
    node.type === 'ArrowFunctionExpression' ||
    ((node.type === 'FunctionExpression' || node.type === 'ClassExpression') && !node.id)
  );
}
