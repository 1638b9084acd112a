// Function literals that V8 prints in "… is not a function" (issue 14 item 2): `(() => a)()()` is
// "(intermediate value)(...) is not a function", one "(intermediate value)" per statement of the
// literal's body as V8's parser built it. functions.ts gives such a literal's instrumented body as
// many statements as the user's. Knows the AST only.
import type * as ESTree from 'estree';

/** Statements V8's parser keeps in a body: function declarations are hoisted out, `;` dropped. */
export function v8StatementCount(statements: readonly ESTree.Node[]): number {
  let count = 0;
  for (const statement of statements)
    if (statement.type !== 'FunctionDeclaration' && statement.type !== 'EmptyStatement') count++;
  return count;
}

/** Expressions V8's CallPrinter prints the parts of, so a literal inside may be printed. */
const PRINTED_PARTS = new Set([
  'MemberExpression',
  'SequenceExpression',
  'ArrayExpression',
  'SpreadElement',
  'BinaryExpression',
  'LogicalExpression',
  'UnaryExpression',
  'TemplateLiteral',
]);

/**
 * Whether the function literal at the end of `ancestors` (root first) can be printed in a failing
 * call's message: it is inside the callee of a call (or `new`, or a tag) through parts V8 prints,
 * and is not that callee itself (a function literal called directly cannot fail as "not a function").
 */
export function printedInCallee(ancestors: readonly ESTree.Node[]): boolean {
  let child = ancestors[ancestors.length - 1];
  let direct = true;
  for (let i = ancestors.length - 2; i >= 0; i--) {
    const parent = ancestors[i];
    const isCallee =
      ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.callee === child) ||
      (parent.type === 'TaggedTemplateExpression' && parent.tag === child);
    if (isCallee) {
      if (!direct) return true;
      direct = false;
    } else if (parent.type === 'MemberExpression') {
      if (parent.object !== child) return false;
      direct = false;
    } else if (PRINTED_PARTS.has(parent.type)) direct = false;
    else if (parent.type !== 'ChainExpression') return false;
    child = parent;
  }
  return false;
}
