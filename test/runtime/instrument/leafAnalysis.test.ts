// Which functions leafAnalysis.ts accepts as regenerable leaves (issue 9 §2), and which it refuses:
// every refusal names a form that could call user code, allocate, read state the adapter cannot
// rebuild, or write outside the function.
import { describe, expect, it } from 'vitest';
import { instrument } from '../../../runtime/instrument';

function leaves(source: string): Array<{ name: string; constants: Record<string, unknown> }> {
  const result = instrument(source, { filename: '/virtual/leaf.js', leaf: true });
  return (result?.table.leaves ?? []).map((leaf) => ({
    name: result!.probes.probes[leaf.probe].functionName ?? '?',
    constants: leaf.constants,
  }));
}

const accepted = (body: string, params = 'a, b') => leaves(`function f(${params}) {${body}}`).map((l) => l.name);

describe('leaf analysis', () => {
  it('accepts arithmetic, comparisons, locals, loops, switch and early returns over the arguments', () => {
    expect(accepted('return a + b;')).toEqual(['f']);
    expect(accepted('let s = 0; for (let i = 0; i < a; i++) { if (i % 2) continue; s += i * b; } return s;')).toEqual([
      'f',
    ]);
    expect(accepted('var x; switch (a) { case 1: x = b; break; default: x = -b; } return x ? x : void 0;')).toEqual([
      'f',
    ]);
    expect(
      accepted('outer: while (a > 0) { do { a--; if (a === 3) break outer; } while (b-- > 0); } return a;'),
    ).toEqual(['f']);
    expect(accepted('return a ** b >>> 1 || (a, b) && !a ? null : true;')).toEqual(['f']);
    expect(accepted('return NaN + Infinity + undefined;', '')).toEqual(['f']);
    expect(leaves('const half = (x) => x / 2;').map((l) => l.name)).toEqual(['half']);
  });

  it('reads module-level constants of literal value, and says which with their values', () => {
    expect(
      leaves('const K = 3, M = -1.5, ON = true, NONE = null; function f(a) { return a * K + M + ON + NONE; }'),
    ).toEqual([{ name: 'f', constants: { K: 3, M: -1.5, ON: true, NONE: null } }]);
  });

  it.each([
    ['a call', 'return Math.abs(a);'],
    ['a call of a parameter', 'return a();'],
    ['new', 'return new Number(a);'],
    ['a member read (a getter may run)', 'return a.length;'],
    ['a computed member read', 'return a[b];'],
    ['a string literal (interned at record time)', "return a + 'x';"],
    ['a template', 'return `${a}`;'],
    ['typeof (a string)', 'return typeof a;'],
    ['in', 'return a in b;'],
    ['instanceof', 'return a instanceof b;'],
    ['delete', 'return delete a;'],
    ['a bigint literal', 'return a + 1n;'],
    ['a regexp literal', 'return /x/;'],
    ['an object literal', 'return { a };'],
    ['an array literal', 'return [a];'],
    ['a nested function', 'return () => a;'],
    ['this', 'return this;'],
    ['arguments', 'return arguments;'],
    ['try', 'try { return a; } catch { return b; }'],
    ['throw', 'throw a;'],
    ['for-of', 'for (const x of a) b += x; return b;'],
    ['for-in', 'for (const x in a) b += x; return b;'],
    ['a write outside the function', 'g = a;'],
    ['a read of a mutable outer binding', 'return a + g;'],
    ['a read of a global', 'return a + Number.MAX_VALUE;'],
    ['destructuring', 'const [x] = a; return x;'],
    ['a binding declared twice', 'var x = a; { let x = b; } return x;'],
    ['a block binding read outside its block', '{ let x = a; } return x;'],
    ['assignment to a const', 'const x = a; x = b; return x;'],
    ['a redacted name', 'let token = a; return token;'],
  ])('refuses %s', (_what, body) => {
    expect(leaves(`let g = 1; function f(a, b) {${body}}`)).toEqual([]);
  });

  it('refuses async functions, generators, methods, default and rest parameters, more than four parameters', () => {
    expect(leaves('async function f(a) { return a; }')).toEqual([]);
    expect(leaves('function* f(a) { return a; }')).toEqual([]);
    expect(leaves('const o = { m(a) { return a; } };')).toEqual([]);
    expect(leaves('class C { m(a) { return a; } }')).toEqual([]);
    expect(leaves('function f(a = 1) { return a; }')).toEqual([]);
    expect(leaves('function f(...a) { return 0; }')).toEqual([]);
    expect(leaves('function f(a, b, c, d, e) { return a; }')).toEqual([]);
    expect(leaves('const f = function g(a) { return a; };')).toEqual([]);
  });

  it('refuses a constant shadowed between the leaf and the module, and one that is not a literal', () => {
    expect(leaves('const K = 2; function outer(K) { function f(a) { return a * K; } }').map((l) => l.name)).toEqual([]);
    expect(leaves('const K = [2]; function f(a) { return a * K; }')).toEqual([]);
  });

  it('makes no leaves without the option, at level calls, or in a function whose name V8 may print', () => {
    expect(instrument('function f(a) { return a; }', { filename: '/virtual/a.js' })?.table.leaves).toBeUndefined();
    expect(
      instrument('function f(a) { return a; }', { filename: '/virtual/a.js', leaf: true, level: 'calls' })?.table
        .leaves,
    ).toBeUndefined();
  });
});
