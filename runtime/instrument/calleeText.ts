// How V8 prints the object of a failing call in "<object>.push is not a function": its own
// CallPrinter's rules, for the expressions it prints in a fixed way (names, `this`, property
// paths, calls as `f(...)`, `new`/functions as `(intermediate value)`, string literals quoted).
// The recorder throws that message itself when a mutator call's receiver went through a temporary
// (issue 14 item 4). Undefined for anything else: the caller then leaves the call as it was.
import type * as ESTree from 'estree';

/** An array index as V8 reads a key: printed in brackets, not after a dot. */
const INDEX = /^(?:0|[1-9]\d{0,9})$/;

function memberText(node: ESTree.MemberExpression): string | undefined {
  if (node.optional) return undefined;
  const object = calleeObjectText(node.object);
  if (object === undefined) return undefined;
  const key = node.property;
  if (key.type === 'PrivateIdentifier') return `${object}[#${key.name}]`;
  if (!node.computed && key.type === 'Identifier') return `${object}.${key.name}`;
  if (key.type === 'Identifier') return `${object}[${key.name}]`;
  if (key.type === 'Literal' && typeof key.value === 'string' && !INDEX.test(key.value) && !/["\\\n\r]/.test(key.value))
    return `${object}.${key.value}`;
  if (key.type === 'Literal' && typeof key.value === 'number' && INDEX.test(String(key.value)))
    return `${object}[${key.value}]`;
  return undefined;
}

export function calleeObjectText(node: ESTree.Node): string | undefined {
  switch (node.type) {
    case 'Identifier':
      return node.name;
    case 'ThisExpression':
      return 'this';
    case 'MemberExpression':
      return memberText(node);
    case 'CallExpression': {
      if (node.optional || node.callee.type === 'Super') return undefined;
      const callee = calleeObjectText(node.callee);
      return callee === undefined ? undefined : `${callee}(...)`;
    }
    case 'NewExpression':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ClassExpression':
      return '(intermediate value)';
    case 'ArrayExpression': {
      const elements = node.elements.map((element) => (element === null ? undefined : calleeObjectText(element)));
      return elements.every((element) => element !== undefined) ? `[${elements.join(',')}]` : undefined;
    }
    case 'Literal':
      return typeof node.value === 'string' && !/["\\\n\r]/.test(node.value) ? `"${node.value}"` : undefined;
    default:
      return undefined;
  }
}
