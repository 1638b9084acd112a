// calleeObjectText (issue 14 item 4) against the V8 running the test: for each receiver shape, the
// text it predicts for "<receiver>.add is not a function" is exactly what V8 itself prints for the
// same source (evaluated here with every name bound to a number), in the reading this V8 uses.
import { Parser } from 'acorn';
import type * as ESTree from 'estree';
import { describe, expect, it } from 'vitest';
import { calleeObjectText } from '../../../runtime/instrument/calleeText';

const RECEIVERS = [
  '5',
  '1.5e21',
  '0x10',
  '-1',
  '~5',
  "+'5'",
  "!'x'",
  '1 + 2',
  '7 % 2',
  '2 ** 3',
  '1 << 3',
  '`t`',
  '`a${n}b${m}`',
  '/r+\\//gimsuy',
  '10n',
  'true',
  '[null, true]',
  '{}',
  '{ a: 1, ...{}, b() {} }',
  "[n, 'q', [m]]",
  "[...'ab']",
  'n ? 1 : 2',
  '(1, 2)',
  '(n, m, 3)',
  "(void 0, 'z')",
  'typeof n',
  '-n',
  '!n',
  'n + 1',
  'n + 1 + 2',
  '(n + 1) + 2',
  'n + (1 + 2)',
  'n * 2 + 1',
  "'a' + 'b'",
  "'a' + 'b' + 'c' + n",
  "('a' + 'b') + ('c' + 'd')",
  "'a' + ('b' + 'c')",
  "n + 'a' + 'b'",
  "1 + 2 + 'a'",
  "'a' + `b`",
  '`a${n}` + 1',
  'n < 2',
  'n === 1',
  "'x' in {}",
  '({}) instanceof Object',
  'n && 5',
  'n && m && 5',
  '0 || n',
  'null ?? 4',
  'n = 2',
  'n += 1',
  'n++',
  '--n',
  '({ n } = { n: 1 })',
  'o.y = 2',
  'o.x[0]',
  'o[n]',
  'o[n + 1]',
  'o.x.length',
  '[n][0]',
  'f()',
  'f(1).g(2)',
  'new f()',
  'f`x${n}`',
  '(a) => a',
  '(p = 1) => n',
  'async () => 1',
  'function () {}',
  'function () { n; m; }',
  "function () { 'use strict'; function g() {} var q = 1; }",
  'function (p = 1) { n; n; }',
  'function (...r) { n; }',
  'function* () { n; }',
  'async function () { n; await n; }',
  'async function* () { n; }',
  'class {}',
  'class extends Object { a = 1; }',
  'class { m() {} static s() {} }',
  'class { #p = 1; #m() {} get g() { return 1; } }',
  'class { [n] = 1; [n + 1]() {} }',
  'class { static { n; } m() {} }',
  '(o?.x)',
];

/** V8's own message for `(<receiver>).add()`, with n, m, o and f bound to values that have no `add`. */
function v8Says(receiver: string): string {
  const run = new Function(
    `let n = 1, m = 2; const o = { 1: 1, 2: 2, x: [5], y: 1 }; const f = function () { return { g: () => 3 }; };
     return (async () => { try { (${receiver}).add(); } catch (error) { return error.message; } })();`,
  ) as () => Promise<string>;
  return run() as unknown as string;
}

function receiverNode(receiver: string): ESTree.Node {
  const program = Parser.parse(`(${receiver}).push()`, { ecmaVersion: 'latest' }) as unknown as ESTree.Program;
  const statement = program.body[0] as ESTree.ExpressionStatement;
  return ((statement.expression as ESTree.CallExpression).callee as ESTree.MemberExpression).object;
}

/** V8's own message for `<callee>()`, with n and o bound as in v8Says. */
function v8SaysCall(callee: string): string {
  const run = new Function(
    `let n = 1; const o = { y: 1 }; try { ${callee}(); } catch (error) { return error.message; }`,
  ) as () => string;
  return run();
}

/** This V8's reading: does it join adjacent string literals (as calleeText's modern reading says)? */
async function modernV8(): Promise<boolean> {
  return (await v8Says("'a' + 'b'")).startsWith('"ab"');
}

describe('calleeObjectText prints receivers as V8 does', () => {
  it.each(RECEIVERS)('%s', async (receiver) => {
    const printed = calleeObjectText(receiverNode(receiver));
    expect(printed).toBeDefined();
    const text = (await modernV8()) ? (printed!.modern ?? printed!.text) : printed!.text;
    expect(`${text}.add is not a function`).toBe(await v8Says(receiver));
  });

  // The whole callee of a call whose last link is optional: V8 prints `?.` before the name or bracket.
  it.each(['(o.y = 2)?.x', '(o.y = 2)?.[0]', '(n++)?.[n]', "(o.y = 2)?.['x']", '(n = 2)?.x'])(
    'callee %s',
    async (callee) => {
      const program = Parser.parse(`${callee}()`, { ecmaVersion: 'latest' }) as unknown as ESTree.Program;
      const chain = (program.body[0] as ESTree.ExpressionStatement).expression as ESTree.ChainExpression;
      const printed = calleeObjectText((chain.expression as ESTree.CallExpression).callee);
      expect(printed).toBeDefined();
      const text = (await modernV8()) ? (printed!.modern ?? printed!.text) : printed!.text;
      expect(`${text} is not a function`).toBe(await v8SaysCall(callee));
    },
  );

  it('declines the shapes V8 prints its own way (a hole, import.meta)', () => {
    expect(calleeObjectText(receiverNode('[, 1]'))).toBeUndefined();
    const meta = Parser.parse('(import.meta).push()', { ecmaVersion: 'latest', sourceType: 'module' });
    const call = (meta as unknown as ESTree.Program).body[0] as ESTree.ExpressionStatement;
    const object = ((call.expression as ESTree.CallExpression).callee as ESTree.MemberExpression).object;
    expect(calleeObjectText(object)).toBeUndefined();
  });
});
