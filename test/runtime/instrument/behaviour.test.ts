// Behavioural table: each snippet runs plain and instrumented (node:vm, a stub recorder as the
// global) and must print the same and fail the same way; then the recorded calls are checked for
// sense (loop heads, written values, frames, short-circuits). Fixture-level coverage per INS row
// is in fixtures.test.ts; this table pins the call sequences.
import { describe, expect, it } from 'vitest';
import type { ProbeKind } from '../../../runtime/format/probes';
import { runInstrumented, runPlain, type InstrumentedRun } from './support/runVm';
import { framesBalanced, RUNNING, type Call } from './support/stubRecorder';

/** Calls of `method` whose probe (at argument index `probeArg`) has the given kind. */
function callsOfKind(run: InstrumentedRun, method: Call[0], kind: ProbeKind, probeArg = 1): Call[] {
  return run.calls.filter((c) => c[0] === method && run.result.probes.probes[c[probeArg] as number]?.kind === kind);
}
function written(run: InstrumentedRun, name: string): unknown[] {
  return run.calls
    .filter((c) => (c[0] === 'w' || c[0] === 'wp') && run.result.probes.probes[c[1] as number]?.varName === name)
    .map((c) => c[2]);
}
/** [name, value] of each write to a var the instrumenter made for an Annex B block function. */
function annexBWrites(run: InstrumentedRun): Array<[string | undefined, unknown]> {
  return run.calls
    .filter((c) => {
      const probe = run.result.probes.probes[c[1] as number];
      return (c[0] === 'w' || c[0] === 'wf') && probe?.kind === 'write' && probe.declarationKind === 'var';
    })
    .map((c) => [run.result.probes.probes[c[1] as number]?.varName, c[2]]);
}
function methods(run: InstrumentedRun): string[] {
  return run.calls.map((c) => c[0]);
}

interface Row {
  row: string;
  source: string;
  check?: (run: InstrumentedRun) => void;
}

const rows: Row[] = [
  {
    row: 'a for loop of N iterations gives N+1 loop-head steps',
    source: 'for (let i = 0; i < 3; i++) {} log("done")',
    check: (run) => expect(callsOfKind(run, 's', 'loopHead')).toHaveLength(4),
  },
  {
    row: 'while: N+1 heads',
    source: 'let k = 0; while (k < 5) k++; log(k)',
    check: (run) => expect(callsOfKind(run, 's', 'loopHead')).toHaveLength(6),
  },
  {
    row: 'for(;;) head is a step that is true',
    source: 'let k = 0; for (;;) { if (++k > 2) break; } log(k)',
    check: (run) => expect(callsOfKind(run, 's', 'loopHead')).toHaveLength(3),
  },
  {
    row: 'for-of: one head and one binding write per iteration',
    source: 'for (const [a, b] of [[1, 2], [3, 4]]) log(a + b)',
    check: (run) => {
      expect(callsOfKind(run, 's', 'loopHead')).toHaveLength(2);
      expect(written(run, 'b')).toEqual([2, 4]);
    },
  },
  {
    row: 'writes carry the written values; postfix passes the old value',
    source: 'let a = 1; a += 2; a++; ++a; a--; log(a)',
    check: (run) => expect(written(run, 'a')).toEqual([1, 3, 3, 5, 5]),
  },
  {
    row: 'destructuring declarations and assignments are written after',
    source: 'let {x, y: [z]} = {x: 1, y: [2]}; [x, z] = [z, x]; log(x, z)',
    check: (run) => {
      expect(written(run, 'x')).toEqual([1, 2]);
      expect(written(run, 'z')).toEqual([2, 1]);
    },
  },
  {
    row: 'params are written at body start; return values are recorded',
    source: 'function f(a, {b}) { return a + b; } log(f(1, {b: 2}))',
    check: (run) => {
      expect(written(run, 'a')).toEqual([1]);
      expect(written(run, 'b')).toEqual([2]);
      expect(run.calls.filter((c) => c[0] === 'r').map((c) => c[2])).toContain(3);
    },
  },
  {
    row: 'frames balance and writes name the owning frame',
    source:
      'let m = 0; function outer() { let o = 0; const inner = () => { o = 1; m = 2; }; inner(); return o; } log(outer(), m)',
    check: (run) => {
      expect(framesBalanced(run.calls)).toBe(true);
      const frameOf = (probeName: string): unknown =>
        run.calls.find((c) => c[0] === 'e' && run.result.probes.probes[c[1] as number].functionName === probeName)?.[2];
      const scopeOf = (name: string, value: unknown): unknown =>
        run.calls.find(
          (c) => c[0] === 'w' && c[2] === value && run.result.probes.probes[c[1] as number].varName === name,
        )?.[3];
      expect(scopeOf('o', 1)).toBe(frameOf('outer'));
      expect(scopeOf('m', 2)).toBe(frameOf('<module>'));
      expect(scopeOf('o', 0)).toBe(RUNNING); // outer's own binding, written in outer: no scope argument
      expect(scopeOf('m', 0)).toBe(frameOf('<module>')); // module scope always names its frame
    },
  },
  {
    row: 'a throw exits without RETURN; catch records the value',
    source: 'function f() { throw new Error("boom"); } try { f(); } catch (e) { log(e.message); }',
    check: (run) => {
      const fid = run.result.probes.probes.findIndex((p) => p.functionName === 'f');
      const inF = run.calls.filter(
        (c) => (c[0] === 'e' && c[1] === fid) || (c[0] === 'x' && c[2] === fid) || c[0] === 'th' || c[0] === 'r',
      );
      expect(inF.map((c) => c[0])).toEqual(['e', 'th', 'x']);
      expect(Object.prototype.toString.call(run.calls.find((c) => c[0] === 'c')?.[2])).toBe('[object Error]'); // another realm
    },
  },
  {
    row: 'methods enter with this; derived constructors never touch this before super (INS-03)',
    source:
      'class A { m() { return 1; } } class B extends A { constructor() { super(); } } const b = new B(); log(b.m())',
    check: (run) => {
      expect(methods(run).filter((m) => m === 'em')).toHaveLength(1);
      expect((run.calls.find((c) => c[0] === 'em')?.[3] as object).constructor.name).toBe('B');
    },
  },
  {
    row: 'a class declaration records its class as the binding once it runs: module, function, block (issue 12 item 1)',
    source:
      'class A {} function f() { class B { m() { return 2; } } return new B().m(); } { class C {} log(typeof C); } log(typeof A, f())',
    check: (run) => {
      for (const name of ['A', 'B', 'C']) {
        const writes = run.calls.filter(
          (c) => (c[0] === 'w' || c[0] === 'wf') && run.result.probes.probes[c[1] as number]?.varName === name,
        );
        expect(writes, name).toHaveLength(1);
        expect((writes[0][2] as { name: string }).name).toBe(name);
      }
    },
  },
  {
    row: 'a sloppy block function is also a var of its function, written when its declaration runs (Annex B, issue 12)',
    source:
      'log(typeof a); { function a() {} } switch (1) { case 1: function s() {} } l: { function b() {} } ' +
      '{ m: function c() {} } function f(p) { { function p() {} } { function g() {} } return [typeof p, typeof g]; } ' +
      'function h() { let k = 1; { function k() {} } { let n = 1; { function n() {} } } return [typeof k, typeof n]; } ' +
      'function t() { "use strict"; { function u() {} } return typeof u; } class K { m() { { function v() {} } return typeof v; } } ' +
      '{ function require() {} } log(typeof a, typeof s, typeof b, typeof c, f(1), h(), t(), new K().m())',
    check: (run) => {
      const annexB = run.calls.filter((c) => {
        const probe = run.result.probes.probes[c[1] as number];
        return (c[0] === 'w' || c[0] === 'wf') && probe?.kind === 'write' && probe.declarationKind === 'var';
      });
      const names = annexB.map((c) => run.result.probes.probes[c[1] as number]?.varName);
      // Not p (a parameter), k, n (a let above), u, v (strict), require (the CommonJS wrapper's parameter).
      expect(names).toEqual(['a', 's', 'b', 'c', 'g']);
      for (const call of annexB) expect(typeof call[2]).toBe('function');
    },
  },
  {
    row: 'an if-clause function is a var once its clause ran (B.3.4); not over a parameter or a let (issue 12)',
    source:
      'log(typeof f, typeof g); if (true) function f() {} if (false) ; else function g() {} if (false) function n() {} ' +
      'function p(q) { if (q) function q() {} return typeof q; } ' +
      'function k() { let r = 1; { if (true) function r() {} } return typeof r; } ' +
      'log(typeof f, typeof g, typeof n, p(1), k())',
    check: (run) => {
      expect(annexBWrites(run).map(([name]) => name)).toEqual(['f', 'g']);
      for (const [, value] of annexBWrites(run)) expect(typeof value).toBe('function');
    },
  },
  {
    row: "a with body's block functions are written after it, from outside: the scope object sees no name (issue 12)",
    source:
      'const seen = []; const o = new Proxy({ w: 1, a: 2 }, { has(t, k) { seen.push(String(k)); return k in t; } }); ' +
      'with (o) { function w() {} { function inner() { return a; } } if (a) function clause() {} } ' +
      'function thrown() { try { with ({}) { function t() {} throw 1; } } catch { return typeof t; } } ' +
      'function hidden() { try { throw 1; } catch (h) { with ({}) { { function h() {} } } } return typeof h; } ' +
      'log(typeof w, o.w, typeof inner, inner(), typeof clause, thrown(), hidden(), seen.join())',
    check: (run) => {
      // Not h: a catch parameter hides the var where the with statement is.
      expect(annexBWrites(run).map(([name]) => name)).toEqual(['w', 'inner', 'clause', 't']);
      for (const [, value] of annexBWrites(run)) expect(typeof value).toBe('function');
    },
  },
  {
    row: 'generator and async block functions stay in their block: no var write (issue 12)',
    source:
      '{ function* gen() {} async function as() {} async function* ag() {} function plain() {} } ' +
      'log(typeof gen, typeof as, typeof ag, typeof plain)',
    check: (run) => expect(annexBWrites(run).map(([name]) => name)).toEqual(['plain']),
  },
  {
    row: 'Annex B guards: a catch parameter (B.3.5), duplicate switch cases, an arrow body, a static block',
    source:
      'function c() { const r = []; try { throw 1; } catch (e) { { function e() {} } r.push(typeof e); } ' +
      'r.push(typeof e); return r.join(); } ' +
      'function d(n) { switch (n) { case 1: function t() { return 1; } case 2: function t() { return 2; } } ' +
      'return typeof t === "function" ? t() : typeof t; } ' +
      'const a = () => { { function inArrow() {} } return typeof inArrow; }; ' +
      'class S { static { { function inStatic() {} } log(typeof inStatic); } } ' +
      'log(c(), d(1), d(2), d(3), a())',
    check: (run) => {
      const writes = annexBWrites(run);
      expect(writes.map(([name]) => name)).toEqual(['e', 't', 't', 't', 'inArrow']);
      // The block's binding is the last declaration from the block's entry on: both writes carry it.
      const values = writes.filter(([name]) => name === 't').map(([, value]) => (value as () => number)());
      expect(values).toEqual([2, 2, 2]);
    },
  },
  {
    row: 'builtins writing through an argument: mb after the call, target read once (issue 12 item 13)',
    source:
      'const o = {a: 1}; const box = {get inner() { log("get"); return o; }}; const arr = [1]; const m = new Map(); ' +
      'Object.assign(box.inner, {a: 2}); Reflect.set(o, "c", 3); Array.prototype.push.call(arr, 2); [].push.apply(arr, [3]); ' +
      'Map.prototype.set.call(m, "k", 1); Reflect.apply(Set.prototype.add, new Set(), [1]); Object.freeze(o); ' +
      'const Obj = {assign: (t) => t}; Obj.assign(o); log(JSON.stringify(o), arr.length, m.size)',
    check: (run) => {
      const mb = run.calls.filter((c) => c[0] === 'mb');
      expect(mb.map((c) => run.result.probes.probes[c[1] as number]?.operation)).toEqual([
        'Object.assign',
        'Reflect.set',
        'Array.prototype.push.call',
        '[].push.apply',
        'Map.prototype.set.call',
        'Reflect.apply',
        'Object.freeze',
      ]);
      expect(mb.map((c) => run.result.probes.probes[c[1] as number]?.kind)).toEqual(Array(7).fill('mutatorCall'));
      expect(mb[0][3]).toBe(mb[1][3]); // box.inner (read once, "get" printed once) is o
      expect(mb[2][3]).toBe(mb[3][3]);
      expect(run.calls.filter((c) => c[0] === 'mc')).toHaveLength(0); // Reflect.set is not a collection's set
    },
  },
  {
    row: "a Date's setter on any receiver: mb with the Date itself, receiver read once, V8's messages kept (issue 12)",
    source:
      'let reads = 0; const h = {d: new Date(0), list: [new Date(0), new Date(0)], n: 5}; let i = 1; ' +
      'const g = {get d() { reads++; return h.d; }}; const mk = () => h.list[0]; const bad = () => ({}); ' +
      'h.d.setUTCFullYear(2001); h.list[i].setTime(9); mk().setUTCDate(3); g.d.setUTCMonth(4); new Date(5).setTime(6); ' +
      'let m = ""; try { h.n.setTime(1); } catch (e) { m = e.message; } try { bad().setTime(1); } catch (e) { m += "|" + e.message; } ' +
      'try { h.list[i + 5].setTime(1); } catch (e) { m += "|" + e.message; } log(reads, h.d.getTime(), h.list[1].getTime(), m)',
    check: (run) => {
      const mb = run.calls.filter((c) => c[0] === 'mb');
      expect(mb.map((c) => run.result.probes.probes[c[1] as number]?.operation)).toEqual([
        'setUTCFullYear',
        'setTime',
        'setUTCDate',
        'setUTCMonth',
        'setTime',
      ]);
      // The written Date is what mb re-snapshots: each call's own receiver, a path through a getter
      // too (held in a temp: the getter runs once, the program's). (h.d is read at the end: g.d's
      // setUTCMonth wrote it.)
      expect(mb.map((c) => (c[3] as Date | undefined)?.getTime())).toEqual([
        Date.UTC(2001, 4, 1),
        9,
        Date.UTC(1970, 0, 3),
        Date.UTC(2001, 4, 1),
        6,
      ]);
      expect(mb[3][3]).toBe(mb[0][3]);
      expect(run.logs[0]).toMatch(/^1 /);
    },
  },
  {
    row: "a Date's setter through super: mb with this, the Date itself; before super() V8's own error (issue 12)",
    source:
      'class S extends Date { reset(t) { super.setTime(t); return this; } static make() { try { return new (class extends S { constructor() { super.setTime(1); super(0); } })(); } catch (e) { return e.constructor.name + ": " + e.message; } } } ' +
      'const s = new S(0); const same = s.reset(42) === s; log(same, s.getTime(), S.make())',
    check: (run) => {
      const mb = run.calls.filter((c) => c[0] === 'mb');
      expect(mb.map((c) => run.result.probes.probes[c[1] as number]?.operation)).toEqual(['setTime']);
      expect((mb[0][3] as Date).getTime()).toBe(42);
      expect(run.logs[0]).toMatch(/^true 42 ReferenceError: /);
    },
  },
  {
    row: 'property set, compound, postfix, delete and mutator record target/key/value',
    source:
      'const o = {n: 1}; o.p = 2; o["n"] += 3; o.n++; delete o.p; const a = []; a.push(o.n, 7); log(JSON.stringify(o), a.length)',
    check: (run) => {
      const byMethod = (m: string): Call[] => run.calls.filter((c) => c[0] === m);
      expect(byMethod('pv')[0].slice(3)).toEqual(['p', 2]);
      expect(byMethod('pr')[0][2]).toBe(4);
      expect(byMethod('pp')[0].slice(2)).toEqual([4, expect.anything(), 'n', 1]);
      expect(byMethod('pd')[0][2]).toBe(true);
      expect(byMethod('mc')[0][2]).toBe(2);
      // `o.n` is not simple (not named again after the call): both arguments are held in temps as evaluated.
      expect(byMethod('mc')[0].slice(4)).toEqual([5, 7]);
    },
  },
  {
    row: "mutator on a property path: the callee is the source's own, the receiver named by data reads (issue 14 item 4)",
    source:
      'const h = {items: [], nested: {list: new Set()}}; const k = "items"; let reads = 0; ' +
      'const g = {get list() { reads++; return h.items; }}; class Box { constructor() { this.items = new Map(); } ' +
      'add(x) { this.items.set(x, 1); } } h.items.push(1); h.nested.list.add(2); h[k].push(3); h["items"].push(4); ' +
      'new Box().add(5); g.list.push(6); let m = ""; try { h.nested.missing.push(7); } catch (e) { m = e.message; } ' +
      'try { h.nested.list.push(8); } catch (e) { m += "|" + e.message; } log(reads, h.items.length, m)',
    check: (run) => {
      const targets = run.calls.filter((c) => c[0] === 'mc').map((c) => c[3]);
      // The seventh is `new Box().add(5)`: no path, so its receiver goes through a temp as before.
      expect(targets).toHaveLength(7);
      expect(targets[0]).toBe(targets[2]); // h.items, h[k], h["items"]: the same array
      expect(targets[0]).toBe(targets[3]);
      expect(Object.prototype.toString.call(targets[1])).toBe('[object Set]');
      expect(Object.prototype.toString.call(targets[4])).toBe('[object Map]');
      expect((targets[5] as object).constructor.name).toBe('Box');
      expect(targets[6]).toBeUndefined(); // through a getter: not read again, so not named
      expect(run.logs).toEqual([
        "1 4 Cannot read properties of undefined (reading 'push')|h.nested.list.push is not a function",
      ]);
    },
  },
  {
    row: 'logical property assignment short-circuits identically (INS-15)',
    source: 'let calls = 0; const o = {p: 1}; o.p ||= ++calls; o.q ??= ++calls; log(calls, o.q)',
    check: (run) => expect(run.calls.filter((c) => c[0] === 'pv')).toHaveLength(1),
  },
  {
    row: 'getters and setters run exactly as often (INS-06)',
    source:
      'let g = 0, s = 0; const o = { get p() { g++; return 1; }, set p(v) { s++; } }; o.p = 5; o.p += 1; o.p++; delete o.q; log(g, s)',
  },
  {
    row: 'a computed key is converted to a property key once (INS-06)',
    source: 'let n = 0; const k = { toString() { n++; return "k"; } }; const o = {}; o[k] = 1; o[k] += 1; log(n, o.k)',
  },
  {
    row: 'NamedEvaluation keeps names (INS-18)',
    source:
      'const a = () => {}; let b; b = function () {}; let c; c ??= class {}; const {d = () => {}} = {}; log(a.name, b.name, c.name, d.name)',
  },
  {
    row: 'f.length and arguments mapping unchanged (INS-17)',
    source:
      'function f(a, b = 1, ...c) { a = 2; return arguments[0]; } function g(a) { a = 2; return arguments[0]; } log(f.length, f(1), g(1))',
  },
  { row: 'TDZ errors are the same (INS-03)', source: 'log(typeof f); let x = y; let y = 1;' },
  {
    row: 'labels: continue/break unchanged (INS-14)',
    source:
      'let s = ""; o: for (const i of [1, 2]) { for (const j of [1, 2]) { if (j > i) continue o; s += i + "" + j; } } log(s)',
  },
  {
    row: 'generators: suspend/resume around each yield (INS-13)',
    source:
      'function* g() { const x = yield 1; yield* [x]; } const it = g(); it.next(); log(JSON.stringify(it.next(5)), JSON.stringify(it.next()))',
    check: (run) => {
      expect(methods(run).filter((m) => m === 'as')).toHaveLength(2);
      expect(methods(run).filter((m) => m === 'ar')).toHaveLength(2);
      expect(run.calls.find((c) => c[0] === 'ar')?.[3]).toBe(5);
    },
  },
  {
    row: 'with body is untouched (INS-05)',
    source:
      'const seen = []; const p = new Proxy({a: 1}, { has(t, k) { seen.push(String(k)); return k in t; } }); with (p) { a; a = 2; } log(seen.join())',
  },
  {
    row: 'a binding named like the recorder moves the prefix (INS-25)',
    source: 'var $rw$ = 1; log($rw$ + 1)',
    check: (run) => expect(run.result.runtimeName).toBe('$rw1$'),
  },
  {
    row: 'top-level return exits the module frame',
    source: 'log("a"); if (true) return; log("b")',
    check: (run) => expect(framesBalanced(run.calls)).toBe(true),
  },
  {
    row: 'optional chains are not broken up (INS-15)',
    source: 'let o = null; let n = 0; o?.a.push(++n); o?.b.c(n = 5); log(n, delete o?.x)',
  },
  {
    row: "an emit's start comes after its receiver and arguments ran; call/apply/['emit'] name their event",
    source:
      "const bus = { emit: (n, v) => (log(n, v), v) }; function get() { log('get'); return bus; } " +
      "log(get().emit('x', get() && 1), bus['emit']('y', ...[2]), bus.emit.call(bus, 'z', 3), bus.emit.apply(bus, ['w', 4]), bus.emit())",
    check: (run) => {
      const order = run.calls
        .filter((c) => c[0] === 'emitStart' || c[0] === 'emitEnd' || c[0] === 'e')
        .map((c) => (c[0] === 'emitStart' ? `start ${String(c[1])}` : c[0] === 'e' ? 'enter' : 'end'));
      // The module, get() twice, then each call: nothing between a start and its emit's own entry.
      const each = (name: string) => [`start ${name}`, 'enter', 'end'];
      expect(order).toEqual([
        'enter',
        'enter',
        'enter',
        ...each('x'),
        ...each('y'),
        ...each('z'),
        ...each('w'),
        ...each('undefined'),
      ]);
    },
  },
];

describe('behaviour: plain and instrumented print the same; recorded calls make sense', () => {
  it.each(rows)('$row', ({ source, check }) => {
    const plain = runPlain(source);
    const run = runInstrumented(source);
    expect(run.logs).toEqual(plain.logs);
    expect(run.error).toBe(plain.error);
    check?.(run);
  });
});

describe('level calls', () => {
  it('records only frames, returns and params', () => {
    const run = runInstrumented('function f(a) { let b = a + 1; o.p = b; return b; } const o = {}; log(f(1))', 'calls');
    expect(run.logs).toEqual(['2']);
    expect(new Set(methods(run))).toEqual(new Set(['e', 'w', 'r', 'x']));
    expect(written(run, 'a')).toEqual([1]);
    expect(written(run, 'b')).toEqual([]);
  });
});
