// Which function literals V8 can print in "… is not a function" (issue 14 item 2), and how many
// statements of a body it counts: the instrumented body keeps that count (INS-19 call shapes).
import { Parser } from 'acorn';
import type * as ESTree from 'estree';
import { walk } from 'estree-walker';
import { describe, expect, it } from 'vitest';
import { printedInCallee, v8StatementCount } from '../../../runtime/instrument/calleeLiterals';

/** Whether the first function literal of `code` is one V8 may print. */
function printed(code: string): boolean {
  const ast = Parser.parse(code, { ecmaVersion: 'latest' }) as unknown as ESTree.Node;
  const path: ESTree.Node[] = [];
  let found: boolean | undefined;
  walk(ast, {
    enter(node) {
      path.push(node);
      if (found === undefined && (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression'))
        found = printedInCallee(path);
    },
    leave() {
      path.pop();
    },
  });
  if (found === undefined) throw new Error(`no function literal in ${code}`);
  return found;
}

describe('function literals V8 prints in a failing call', () => {
  it.each([
    ['((a) => a)(1)()', true],
    ['(function () {})()()', true],
    ['(() => 1)[0]()', true],
    ['(() => 1).call.x()', true],
    ['[function () {}][0]()', true],
    ['(() => 1)?.x()', true],
    ['new (function () {})()()', true],
    ['(() => 1)()', false],
    ['(function () {}).call(this)', true],
    ['f(() => 1)()', false],
    ['const g = () => 1; g()()', false],
    ['x = (() => 1)', false],
  ] as const)('%s: %s', (code, expected) => {
    expect(printed(code)).toBe(expected);
  });

  it('counts what V8 keeps: function declarations and `;` are not statements', () => {
    const body = (
      Parser.parse('1; ; function f() {} let a; if (a) {}', { ecmaVersion: 'latest' }) as unknown as ESTree.Program
    ).body;
    expect(v8StatementCount(body)).toBe(3);
  });
});
