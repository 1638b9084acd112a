// Instrumenter specs as tables (istanbul-style, readable as documentation): source → the probes
// it allocates (kind@line:column, in id order), and source → the exact instrumented text for the
// shapes runtime/format/hotPath.ts prescribes. `B(n)` stands for the 9-character probe-id literal of local id n.
import { describe, expect, it } from 'vitest';
import { instrument } from '../../../runtime/instrument';
import { instrumentSnippet } from './support/runVm';

const MARKER = '/*rewind:instrumented v1*/';

function probesOf(source: string, level: 'full' | 'calls' = 'full'): string[] {
  return instrumentSnippet(source, level).probes.probes.map(
    (p) => `${p.kind}@${p.range.start.line1}:${p.range.start.column0}`,
  );
}

/** The instrumented body without marker, aliases and module enter/exit; probe-id literals shown as B(n). */
function shape(source: string, sourceType: 'commonjs' | 'module' = 'commonjs'): string {
  const code =
    sourceType === 'module'
      ? instrument(source, { filename: '/snippet.mjs', sourceType })!.code
      : instrumentSnippet(source).code;
  return code
    .replace(MARKER, '')
    .replace(/^var (?:\$rw\$[a-zA-Z]+[1-4]?=\$rw\$\.[a-zA-Z]+[1-4]?,?)+;/, '')
    .replace(/var \$rw\$f0=\$rw\$\.?e\( {8}0\);/, '')
    .replace(/;\$rw\$\.?x\(\$rw\$f0, {8}0\)(;var [^;]*)?$/, '$1')
    .replace(/(?<=\$rw\$\.?[a-z]{1,3}[1-4]?\((?:\$rw\$f\d+,)?) {0,8}(\d+)(?=[,)])/g, 'B($1)');
}

describe('probe table: source → probes (kind@line1:column0)', () => {
  const rows: Array<[string, string, string[]]> = [
    ['one statement', 'a();', ['module@1:0', 'statement@1:0']],
    ['directives get no step (INS-01)', '"use strict";\na();', ['module@1:0', 'statement@2:0']],
    ['function declarations are not steps (INS-02)', 'function f() {}', ['module@1:0', 'function@1:0', 'return@1:14']],
    [
      'label: step before the label only (INS-14)',
      'L: for (;;) break L;',
      ['module@1:0', 'statement@1:0', 'loopHead@1:8', 'statement@1:12'],
    ],
    [
      'while: loop head on the test',
      'while (a) b();',
      ['module@1:0', 'statement@1:0', 'loopHead@1:7', 'statement@1:10'],
    ],
    [
      'for-of: per-iteration head and binding write',
      'for (const x of xs) f(x);',
      ['module@1:0', 'statement@1:0', 'loopHead@1:5', 'write@1:5', 'statement@1:20'],
    ],
    [
      'declarations and assignments are writes',
      'let a = 1; a = 2; a++;',
      ['module@1:0', 'statement@1:0', 'write@1:4', 'statement@1:11', 'write@1:11', 'statement@1:18', 'write@1:18'],
    ],
    [
      'params are writes at body start',
      'function f(a, {b}) {}',
      ['module@1:0', 'function@1:0', 'write@1:0', 'write@1:0', 'return@1:20'],
    ],
    [
      'property writes, deletes and mutator calls',
      'o.p = 1; delete o.p; a.push(1);',
      [
        'module@1:0',
        'statement@1:0',
        'property@1:0',
        'statement@1:9',
        'property@1:9',
        'statement@1:21',
        'mutatorCall@1:21',
      ],
    ],
    [
      'throw and catch',
      'try { throw e } catch (x) {}',
      ['module@1:0', 'statement@1:0', 'statement@1:6', 'throw@1:12', 'catch@1:16', 'write@1:23'],
    ],
    [
      'level calls: frames and returns only',
      'function f(a) { a = 1; return a; }',
      ['module@1:0', 'function@1:0', 'write@1:0', 'return@1:33', 'return@1:23'],
    ],
  ];
  it.each(rows)('%s', (_name, source, expected) => {
    const level = _name.startsWith('level calls') ? 'calls' : 'full';
    expect(probesOf(source, level)).toEqual(expected);
  });

  it('records names, params and scopes in the table', () => {
    const probes = instrumentSnippet('class K { m(a, [b]) { let c = a; } }\nconst g = async function* () {};').probes
      .probes;
    const m = probes.find((p) => p.functionName === 'K.m');
    expect(m).toMatchObject({ kind: 'function', paramNames: ['a', 'b'], isAsync: false, isGenerator: false });
    expect(m!.range.start).toEqual({ line1: 1, column0: 10 }); // a method's probe starts at its name
    expect(probes.find((p) => p.functionName === 'g')).toMatchObject({ isAsync: true, isGenerator: true });
    const c = probes.find((p) => p.varName === 'c');
    expect(c).toMatchObject({ kind: 'write', declarationKind: 'let', scopeFunctionProbe: probes.indexOf(m!) });
    expect(probes.find((p) => p.varName === 'g')).toMatchObject({ declarationKind: 'const', scopeFunctionProbe: -1 });
  });
});

describe('output shapes: source → instrumented text', () => {
  const rows: Array<[string, string, string]> = [
    ['STEP before a statement', 'a();', '$rw$s(B(1));a();'],
    ['non-block body gets braces, no new line', 'if (a) b();', '$rw$s(B(1));if (a) {$rw$s(B(2));b();}'],
    ['loop head in the test', 'while (a) {}', '$rw$s(B(1));while (($rw$s(B(2)),a)) {}'],
    ['empty for-test becomes a STEP that is true', 'for (;;) {}', '$rw$s(B(1));for (;($rw$s(B(2)),true);) {}'],
    [
      'a for (let …) that makes a function marks each iteration where the bindings are copied; its closures link to it',
      'for (let i = 0; i < 2; i++) g(() => i);',
      '$rw$s(B(1));for (let i = $rw$wf(B(3),0,$rw$f0),$rw$i1=$rw$li($rw$f0,B(1)); ($rw$s(B(2)),i < 2); $rw$i1=$rw$li($rw$f0,B(1)),$rw$wpf(B(4),i++,1,$rw$f0)) {$rw$s(B(5));g(() => {const $rw$f1=$rw$closedBy($rw$e(B(6)),$rw$f0,$rw$i1);try{return $rw$r(B(7),i)}finally{$rw$x($rw$f1,B(6))}});}',
    ],
    [
      'with no update, the iteration mark is the update',
      'for (let i = 0; ;) { g(() => i++); break; }',
      '$rw$s(B(1));for (let i = $rw$wf(B(3),0,$rw$f0),$rw$i1=$rw$li($rw$f0,B(1));($rw$s(B(2)),true) ;$rw$i1=$rw$li($rw$f0,B(1))) { $rw$s(B(4));g(() => {const $rw$f1=$rw$closedBy($rw$e(B(5)),$rw$f0,$rw$i1);try{return $rw$r(B(6),$rw$wpf(B(7),i++,1,$rw$f0))}finally{$rw$x($rw$f1,B(5))}}); $rw$s(B(8));break; }',
    ],
    [
      'a loop that makes no function, or a var loop, is left as it was',
      'for (let i = 0; i < 2; i++) g(i); for (var j = 0; j < 2; j++) g(() => j);',
      '$rw$s(B(1));for (let i = $rw$wf(B(3),0,$rw$f0); ($rw$s(B(2)),i < 2); $rw$wpf(B(4),i++,1,$rw$f0)) {$rw$s(B(5));g(i);} $rw$s(B(6));for (var j = $rw$wf(B(8),0,$rw$f0); ($rw$s(B(7)),j < 2); $rw$wpf(B(9),j++,1,$rw$f0)) {$rw$s(B(10));g(() => {const $rw$f1=$rw$e(B(11));try{return $rw$r(B(12),j)}finally{$rw$x($rw$f1,B(11))}});}',
    ],
    ['declaration init wrapped in w()', 'let a = 1;', '$rw$s(B(1));let a = $rw$wf(B(2),1,$rw$f0);'],
    [
      'anonymous function initializer is written after (NamedEvaluation, INS-18)',
      'const f = () => 1;',
      '$rw$s(B(1));const f = () => {const $rw$f1=$rw$e(B(3));try{return $rw$r(B(4),1)}finally{$rw$x($rw$f1,B(3))}};;$rw$wf(B(2),f,$rw$f0);',
    ],
    ['postfix update uses wp', 'a++;', '$rw$s(B(1));$rw$wpf(B(2),a++,1,0);'],
    [
      '`+=` on an own let: ap with the part in a temp (an APPEND when both are strings, issue 9)',
      "function f() { let s = ''; s += x; }",
      "function f() {const $rw$f1=$rw$e(B(1));try{ $rw$s(B(3));let s = $rw$w(B(4),''); $rw$s(B(5));$rw$ap(B(6),s,$rw$appendMark(),s += ($rw$t0=x),$rw$t0); ;$rw$r(B(2),void 0)}finally{$rw$x($rw$f1,B(1));var $rw$t0}}",
    ],
    [
      '`+=` on an own var: ap',
      "function f() { var s = ''; s += x; }",
      "function f() {const $rw$f1=$rw$e(B(1));try{ $rw$s(B(3));var s = $rw$w(B(4),''); $rw$s(B(5));$rw$ap(B(6),s,$rw$appendMark(),s += ($rw$t0=x),$rw$t0); ;$rw$r(B(2),void 0)}finally{$rw$x($rw$f1,B(1));var $rw$t0}}",
    ],
    [
      '`+=` on a parameter, in the body: ap',
      'function f(s) { s += x; return s; }',
      'function f(s) {const $rw$f1=$rw$e1(B(1),s);try{ $rw$s(B(4));$rw$ap(B(5),s,$rw$appendMark(),s += ($rw$t0=x),$rw$t0); $rw$s(B(6));return $rw$r(B(7),s); ;$rw$r(B(3),void 0)}finally{$rw$x($rw$f1,B(1));var $rw$t0}}',
    ],
    [
      "`+=` on a closure's binding: apf with its creator's frame",
      "function f() { let s = ''; return () => { s += x; }; }",
      "function f() {const $rw$f1=$rw$e(B(1));try{ $rw$s(B(3));let s = $rw$w(B(4),''); $rw$s(B(5));return $rw$r(B(6),() => {const $rw$f2=$rw$closedBy($rw$e(B(7)),$rw$f1,0);try{ $rw$s(B(9));$rw$apf(B(10),s,$rw$appendMark(),s += ($rw$t0=x),$rw$t0,$rw$f1); ;$rw$r(B(8),void 0)}finally{$rw$x($rw$f2,B(7));var $rw$t0}}); ;$rw$r(B(2),void 0)}finally{$rw$x($rw$f1,B(1))}}",
    ],
    [
      "`+=` on a module binding: apf with the module's frame; nothing nested writes s, so the mark is -1 (proven)",
      "let s = ''; s += x;",
      "$rw$s(B(1));let s = $rw$wf(B(2),'',$rw$f0); $rw$s(B(3));$rw$apf(B(4),s,-1,s += ($rw$t0=x),$rw$t0,$rw$f0);;var $rw$t0",
    ],
    [
      'append proof: a call in the part cannot write s when no nested code writes it: mark -1, no runtime check',
      "g(); function f() { let s = ''; s += g(); }",
      "$rw$s(B(1));g(); function f() {const $rw$f1=$rw$e(B(2));try{ $rw$s(B(4));let s = $rw$w(B(5),''); $rw$s(B(6));$rw$ap(B(7),s,-1,s += ($rw$t0=g()),$rw$t0); ;$rw$r(B(3),void 0)}finally{$rw$x($rw$f1,B(2));var $rw$t0}}",
    ],
    [
      'append proof: a nested function writes s, so the part might: the runtime mark',
      "g(); function f() { let s = ''; const h = () => { s = 'q'; }; s += h(); }",
      "$rw$s(B(1));g(); function f() {const $rw$f1=$rw$e(B(2));try{ $rw$s(B(4));let s = $rw$w(B(5),''); $rw$s(B(6));const h = () => {const $rw$f2=$rw$closedBy($rw$e(B(8)),$rw$f1,0);try{ $rw$s(B(10));$rw$wf(B(11),s = 'q',$rw$f1); ;$rw$r(B(9),void 0)}finally{$rw$x($rw$f2,B(8))}};;$rw$w(B(7),h); $rw$s(B(12));$rw$ap(B(13),s,$rw$appendMark(),s += ($rw$t0=h()),$rw$t0); ;$rw$r(B(3),void 0)}finally{$rw$x($rw$f1,B(2));var $rw$t0}}",
    ],
    [
      'append proof: the part itself writes s: the runtime mark',
      "g(); function f() { let s = ''; s += (s = 'q', 'z'); }",
      "$rw$s(B(1));g(); function f() {const $rw$f1=$rw$e(B(2));try{ $rw$s(B(4));let s = $rw$w(B(5),''); $rw$s(B(6));$rw$ap(B(7),s,$rw$appendMark(),s += (($rw$t0=($rw$w(B(8),s = 'q'), 'z'))),$rw$t0); ;$rw$r(B(3),void 0)}finally{$rw$x($rw$f1,B(2));var $rw$t0}}",
    ],
    [
      'append proof: a parameter of sloppy code (a mapped `arguments` aliases it): the runtime mark',
      'g(); function f(s) { s += g(arguments); }',
      '$rw$s(B(1));g(); function f(s) {const $rw$f1=$rw$e1(B(2),s);try{ $rw$s(B(5));$rw$ap(B(6),s,$rw$appendMark(),s += ($rw$t0=g(arguments)),$rw$t0); ;$rw$r(B(4),void 0)}finally{$rw$x($rw$f1,B(2));var $rw$t0}}',
    ],
    [
      'append proof: a parameter of strict code: mark -1',
      "g(); function f(s) { 'use strict'; s += g(); }",
      "$rw$s(B(1));g(); function f(s) { 'use strict';const $rw$f1=$rw$e1(B(2),s);try{ $rw$s(B(5));$rw$ap(B(6),s,-1,s += ($rw$t0=g()),$rw$t0); ;$rw$r(B(4),void 0)}finally{$rw$x($rw$f1,B(2));var $rw$t0}}",
    ],
    [
      'append proof: `eval` in the file (a name may not be the binding the scopes say): the runtime mark',
      "eval('1'); function f() { let s = ''; s += g(); }",
      "$rw$s(B(1));eval('1'); function f() {const $rw$f1=$rw$e(B(2));try{ $rw$s(B(4));let s = $rw$w(B(5),''); $rw$s(B(6));$rw$ap(B(7),s,$rw$appendMark(),s += ($rw$t0=g()),$rw$t0); ;$rw$r(B(3),void 0)}finally{$rw$x($rw$f1,B(2));var $rw$t0}}",
    ],
    [
      '`s = s + x`: the same append shape',
      "function f() { let s = ''; s = s + x; }",
      "function f() {const $rw$f1=$rw$e(B(1));try{ $rw$s(B(3));let s = $rw$w(B(4),''); $rw$s(B(5));$rw$ap(B(6),s,$rw$appendMark(),s = s + ($rw$t0=x),$rw$t0); ;$rw$r(B(2),void 0)}finally{$rw$x($rw$f1,B(1));var $rw$t0}}",
    ],
    [
      "`s = s + a + b` (the `+`'s left operand is `s + a`) keeps the plain write",
      "function f() { let s = ''; s = s + a + b; }",
      "function f() {const $rw$f1=$rw$e(B(1));try{ $rw$s(B(3));let s = $rw$w(B(4),''); $rw$s(B(5));$rw$w(B(6),s = s + a + b); ;$rw$r(B(2),void 0)}finally{$rw$x($rw$f1,B(1))}}",
    ],
    [
      '`+=` used as an expression still yields the new value',
      "function f() { let s = ''; return (s += a, b); }",
      "function f() {const $rw$f1=$rw$e(B(1));try{ $rw$s(B(3));let s = $rw$w(B(4),''); $rw$s(B(5));return ($rw$r(B(6),($rw$ap(B(7),s,$rw$appendMark(),s += ($rw$t0=a),$rw$t0), b))); ;$rw$r(B(2),void 0)}finally{$rw$x($rw$f1,B(1));var $rw$t0}}",
    ],
    [
      'a sequence as the part stays one value in the temp',
      "function f() { let s = ''; s += (a, b); }",
      "function f() {const $rw$f1=$rw$e(B(1));try{ $rw$s(B(3));let s = $rw$w(B(4),''); $rw$s(B(5));$rw$ap(B(6),s,$rw$appendMark(),s += (($rw$t0=(a, b))),$rw$t0); ;$rw$r(B(2),void 0)}finally{$rw$x($rw$f1,B(1));var $rw$t0}}",
    ],
    [
      '`+=` on an undeclared name keeps the plain write (maybe a global accessor: no second read, INS-06)',
      's += x;',
      '$rw$s(B(1));$rw$wf(B(2),s += x,0);',
    ],
    [
      '`+=` in a parameter default keeps the plain write (no temp there)',
      'function f(s, a = (s += 1)) {}',
      'function f(s, a = ($rw$wf(B(5),s += 1,-1))) {const $rw$f1=$rw$e2(B(1),s,a);try{;$rw$r(B(4),void 0)}finally{$rw$x($rw$f1,B(1))}}',
    ],
    [
      '`+=` in a class field initializer keeps the plain write (no temp there)',
      "class A { s = ''; x = (t += 1); } let t = '';",
      "$rw$s(B(1));class A { s = ''; x = ($rw$wf(B(3),t += 1,$rw$f0)); };$rw$wf(B(2),A,$rw$f0); $rw$s(B(4));let t = $rw$wf(B(5),'',$rw$f0);",
    ],
    [
      '`-=` and `??=` keep their shapes',
      'function f() { let s = 0; s -= x; s ??= y; }',
      'function f() {const $rw$f1=$rw$e(B(1));try{ $rw$s(B(3));let s = $rw$w(B(4),0); $rw$s(B(5));$rw$w(B(6),s -= x); $rw$s(B(7));s ??= $rw$w(B(8),y); ;$rw$r(B(2),void 0)}finally{$rw$x($rw$f1,B(1))}}',
    ],
    [
      'property set goes through a temp',
      'o.p = v;',
      '$rw$s(B(1));($rw$t0=o).p = $rw$pv(B(2),$rw$t0,"p",v);;var $rw$t0',
    ],
    [
      'computed compound set',
      'o[k] += v;',
      '$rw$s(B(1));$rw$pr(B(2),($rw$t0=o)[$rw$t1=k] += v,$rw$t0,$rw$t1);;var $rw$t0,$rw$t1',
    ],
    [
      'logical property assignment keeps its short-circuit (INS-15)',
      'o.p ||= v;',
      '$rw$s(B(1));($rw$t0=o).p ||= $rw$pv(B(2),$rw$t0,"p",v);;var $rw$t0',
    ],
    ['delete', 'delete o.p;', '$rw$s(B(1));$rw$pd(B(2),delete ($rw$t0=o).p,$rw$t0,"p");;var $rw$t0'],
    [
      'mutator re-passes declared names and literals; holds other arguments in temps as evaluated (an undeclared name may be a global getter: read once)',
      'var x; a.push(x, 1); a.push(g, f());',
      '$rw$s(B(1));var x; $rw$s(B(2));$rw$mc(B(3),$rw$cr(B(3),($rw$t0=a),"push","a.push").push(x, 1),$rw$t0,x,1); $rw$s(B(4));$rw$mc(B(5),$rw$cr(B(5),($rw$t2=a),"push","a.push").push(($rw$t0=g), ($rw$t1=f())),$rw$t2,$rw$t0,$rw$t1);;var $rw$t0,$rw$t1,$rw$t2',
    ],
    [
      'mutator with a function literal in an argument: not held (a temp would name it, INS-18)',
      'var x; a.push({ f: [() => 1] });',
      '$rw$s(B(1));var x; $rw$s(B(2));$rw$mc(B(3),$rw$cr(B(3),($rw$t0=a),"push","a.push").push({ f: [() => {const $rw$f1=$rw$e(B(4));try{return $rw$r(B(5),1)}finally{$rw$x($rw$f1,B(4))}}] }),$rw$t0);;var $rw$t0',
    ],
    [
      'mutator with a spread argument: nothing re-passed (the collection is re-snapshotted)',
      'var x; a.push(...x);',
      '$rw$s(B(1));var x; $rw$s(B(2));$rw$mc(B(3),$rw$cr(B(3),($rw$t0=a),"push","a.push").push(...x),$rw$t0);;var $rw$t0',
    ],
    [
      'function: enter, try/finally, implicit return',
      'function f(a) { return a; }',
      'function f(a) {const $rw$f1=$rw$e1(B(1),a);try{ $rw$s(B(4));return $rw$r(B(5),a); ;$rw$r(B(3),void 0)}finally{$rw$x($rw$f1,B(1))}}',
    ],
    [
      // Issue 9: one call records the ENTER and its parameters' WRITEs (probes 3, 4, 5 = 2+1…), patterns by their
      // names.
      'a method folds up to four parameters into its ENTER',
      '({ m(a, { b }, ...c) {} });',
      '$rw$s(B(1));({ m(a, { b }, ...c) {const $rw$f1=$rw$em3(B(2),this,a,b,c);try{;$rw$r(B(6),void 0)}finally{$rw$x($rw$f1,B(2))}} });',
    ],
    [
      'five parameters: the ENTER and one WRITE statement each',
      'function f(a, b, c, d, e) {}',
      'function f(a, b, c, d, e) {const $rw$f1=$rw$e(B(1));try{$rw$w(B(2),a);$rw$w(B(3),b);$rw$w(B(4),c);$rw$w(B(5),d);$rw$w(B(6),e);;$rw$r(B(7),void 0)}finally{$rw$x($rw$f1,B(1))}}',
    ],
    [
      'method enters with this',
      '({ m() {} });',
      '$rw$s(B(1));({ m() {const $rw$f1=$rw$em(B(2),this);try{;$rw$r(B(3),void 0)}finally{$rw$x($rw$f1,B(2))}} });',
    ],
    [
      'parenthesised arrow body',
      'g(() => ({a: 1}));',
      '$rw$s(B(1));g(() => {const $rw$f1=$rw$e(B(2));try{return $rw$r(B(3),({a: 1}))}finally{$rw$x($rw$f1,B(2))}});',
    ],
    [
      'await suspends and resumes',
      'async function f() { await p; }',
      'async function f() {const $rw$f1=$rw$e(B(1));try{ $rw$s(B(3));$rw$ar($rw$f1,B(4),await $rw$as($rw$f1,B(4),p)); ;$rw$r(B(2),void 0)}finally{$rw$x($rw$f1,B(1))}}',
    ],
    [
      "own bindings are written without a frame; a closure names the owner's",
      'function f() { let a = 1; a++; return () => { a = 2; }; }',
      'function f() {const $rw$f1=$rw$e(B(1));try{ $rw$s(B(3));let a = $rw$w(B(4),1); $rw$s(B(5));$rw$wp(B(6),a++,1); $rw$s(B(7));return $rw$r(B(8),() => {const $rw$f2=$rw$closedBy($rw$e(B(9)),$rw$f1,0);try{ $rw$s(B(11));$rw$wf(B(12),a = 2,$rw$f1); ;$rw$r(B(10),void 0)}finally{$rw$x($rw$f2,B(9))}}); ;$rw$r(B(2),void 0)}finally{$rw$x($rw$f1,B(1))}}',
    ],
    [
      'a catch binding names its frame (an async function resumed by a rejection has no RESUME)',
      'async function f() { try { await p; } catch (e) {} }',
      'async function f() {const $rw$f1=$rw$e(B(1));try{ $rw$s(B(3));try { $rw$s(B(4));$rw$ar($rw$f1,B(5),await $rw$as($rw$f1,B(5),p)); } catch (e) {$rw$c(B(6),e);$rw$wf(B(7),e,$rw$f1);} ;$rw$r(B(2),void 0)}finally{$rw$x($rw$f1,B(1))}}',
    ],
    ['throw', 'throw e;', '$rw$s(B(1));throw $rw$th(B(2),e);'],
    ['with body left untouched (INS-05)', 'with (o) { a = 1; }', '$rw$s(B(1));with (o) { a = 1; }'],
    [
      'an if-clause function is braced (Annex B.3.4: a block of its own), its var written inside',
      'if (a) function f() {}',
      '$rw$s(B(1));if (a) {function f() {const $rw$f1=$rw$e(B(3));try{;$rw$r(B(4),void 0)}finally{$rw$x($rw$f1,B(3))}};$rw$wf(B(2),f,$rw$f0);}',
    ],
    [
      "a with body's block function: the body untouched, its var read after it, from a finally",
      'with (o) { function f() {} }',
      '$rw$s(B(1));try{with (o) { function f() {} }}finally{$rw$wf(B(2),f,$rw$f0);}',
    ],
  ];
  it.each(rows)('%s', (_name, source, expected) => {
    expect(shape(source)).toBe(expected);
  });

  it('function declarations V8 rejects in a clause are left to Node (INS-28): labelled in an if, loop bodies', () => {
    for (const source of ['if (a) l: function h() {}', 'for (;;) function f() {}', 'while (a) function f() {}'])
      expect(instrument(source, { filename: '/snippet.js', sourceType: 'commonjs' }), source).toBeUndefined();
    expect(instrument('"use strict"; if (a) function f() {}', { filename: '/snippet.js' })).toBeUndefined();
  });

  it('ES modules keep the recorder object: a hoisted function may run before the module body (circular imports)', () => {
    expect(shape('export function f(a) { return a; }', 'module')).toBe(
      'export function f(a) {const $rw$f1=$rw$.e1(B(1),a);try{ $rw$.s(B(4));return $rw$.r(B(5),a); ;$rw$.r(B(3),void 0)}finally{$rw$.x($rw$f1,B(1))}}',
    );
  });

  it('puts the marker on line 1, then one alias per hot-path function used, before the module ENTER', () => {
    const code = instrumentSnippet('"use strict"; a() // tail comment').code;
    expect(code).toBe(
      `${MARKER}"use strict"; var $rw$e=$rw$.e,$rw$s=$rw$.s,$rw$x=$rw$.x;var $rw$f0=$rw$e(        0);$rw$s(        1);a();$rw$x($rw$f0,        0) // tail comment`,
    );
  });
});
