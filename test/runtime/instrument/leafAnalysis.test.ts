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
    ['a property read of a parameter also used as a value', 'return a.x + a;'],
    ['a property read of a parameter also written', 'a = b; return a.x;'],
    ['a property write', 'a.x = b; return 0;'],
    ['a property update', 'return a.x++;'],
    ['a method call', 'return a.f(b);'],
    ['an optional chain', 'return a?.x;'],
    ['a property read of a global (globalThis may have a getter for it)', 'return Math.PI + a;'],
    ['a property read of a call', 'return h().x;'],
    ['delete of a property', 'return delete a.x;'],
    ['a property read of a local', 'let o = a; return o.x;'],
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
    ['a read of a mutable outer binding', 'return a + w;'],
    ['a read of a global', 'return a + Number.MAX_VALUE;'],
    ['destructuring', 'const [x] = a; return x;'],
    ['a binding declared twice', 'var x = a; { let x = b; } return x;'],
    ['a block binding read outside its block', '{ let x = a; } return x;'],
    ['assignment to a const', 'const x = a; x = b; return x;'],
    ['a redacted name', 'let token = a; return token;'],
  ])('refuses %s', (_what, body) => {
    expect(leaves(`let g = 1; let w = 1; w++; const h = Math.max; function f(a, b) {${body}}`)).toEqual([]);
  });

  it("refuses an error's stack: reading it may format it through Error.prepareStackTrace, program code", () => {
    expect(accepted('return a.stack;')).toEqual([]);
    expect(accepted('return a.stack.length;')).toEqual([]);
    expect(accepted('return a.stacks;')).toEqual(['f']);
  });

  it('reads properties of this, of parameters only read from, of bindings outside, through chains and prototypes', () => {
    expect(accepted('return a.length;')).toEqual(['f']);
    expect(accepted('let s = 0; for (let i = 0; i < b; i++) s += a[i]; return s;')).toEqual(['f']);
    expect(accepted('return a.elms[a.elms.length - 1];')).toEqual(['f']);
    expect(accepted('return b ? a.x : a.y;')).toEqual(['f']);
    expect(leaves('const D = {}; function f(a) { return a.d == D.FORWARD ? a.v1 : a.v2; }')).toEqual([
      { name: 'f', constants: {} },
    ]);
    expect(
      leaves('function T() {} T.prototype.f = function () { return this.state & 4; };').map((l) => l.name),
    ).toEqual(['T', 'T.prototype.f']);
    const read = instrument('const D = {}; function f(a) { return D.x + a.y.z; }', {
      filename: '/virtual/leaf.js',
      leaf: true,
    });
    expect(read?.table.leaves?.[0].receivers).toEqual(['D']);
    // The copy reads through checked calls: values, and a receiver read from in turn. A body that
    // only returns is copied in place, as the event's argument (no inner function per call).
    expect(read?.code).toContain(
      'try{return $rw$lq1(        3,($rw$leafRead(D,"x") + $rw$leafRead($rw$leafFrom(a,"y"),"z")),a)}catch{}',
    );
    expect(read?.code).not.toContain('function $rw$lc');
    const longer = instrument('function f(a) { let s = 0; for (let i = 0; i < 3; i++) s += a[i]; return s; }', {
      filename: '/virtual/leaf.js',
      leaf: true,
    });
    // Statements keep their own function: `$rw$lc1(a)` runs them, its reads checked.
    expect(longer?.code).toContain('$rw$lc1(a),a)}catch{}function $rw$lc1(a){');
    expect(longer?.code).toContain('s += $rw$leafRead(a,i)');
  });

  it('refuses this in an arrow (its copy would not see it), and any binding outside with eval or with in the module', () => {
    expect(leaves('function T() { this.f = () => this.x; }').map((l) => l.name)).toEqual([]);
    expect(leaves('const D = {}; function f(a) { return D.x + a; } eval("1");')).toEqual([]);
  });

  it('takes a var or let never written but by its literal as a constant; a var is checked at entry (hoisted: undefined before)', () => {
    expect(leaves('var K = 4; let M = 2; function f(a) { return a & K | M; }')).toEqual([
      { name: 'f', constants: { K: 4, M: 2 } },
    ]);
    const result = instrument('var K = 4; function f(a) { return a & K; }', {
      filename: '/virtual/leaf.js',
      leaf: true,
    });
    expect(result?.code).toMatch(/if\(\$rw\$lk1\(a\)&&K!==void 0\)/);
    expect(leaves('var K = 4; K = 5; function f(a) { return a & K; }')).toEqual([]);
    expect(leaves('var K = 4; function g(K) { return K; } function f(a) { return a & K; }').map((l) => l.name)).toEqual(
      ['g'],
    );
    expect(leaves('var K = 4; for (K in {}); function f(a) { return a & K; }')).toEqual([]);
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
