// The append proof (runtime/instrument/appendProof.ts): an append skips its runtime check (the mark
// is -1) only where nothing its part can run writes the binding. Each row is a way code nested in
// the binding's function, or the part itself, can write it: every one must keep the runtime check.
import { describe, expect, it } from 'vitest';
import { instrument } from '../../../runtime/instrument';
import { instrumentSnippet } from './support/runVm';

/** Whether the (single) append in `source` was proven: its mark is the literal -1. */
function proven(source: string): boolean {
  const code = instrumentSnippet(source).code;
  const appends = code.match(/\$rw\$apf?\([^,]+,s,([^,]+(?:\(\))?),/g) ?? [];
  expect(appends, code).toHaveLength(1);
  return appends[0]!.includes(',s,-1,');
}

describe('append proof', () => {
  it.each([
    ['a plain part', "g(); function f() { let s = ''; s += 'a' + 1; }"],
    ['a call in the part', "g(); function f() { let s = ''; s += g(h()); }"],
    [
      'a nested function writing another name',
      "g(); function f() { let s = ''; const k = () => { t = 1; }; s += k(); }",
    ],
    ['a strict parameter', "g(); function f(s) { 'use strict'; s += g(); }"],
    ['a module binding no function writes', "let s = ''; function k() { return s; } s += k();"],
  ])('proves %s', (_name, source) => {
    expect(proven(source)).toBe(true);
  });

  it.each([
    ['an assignment in a nested function', "g(); function f() { let s = ''; const k = () => { s = 'q'; }; s += k(); }"],
    ['an update in a nested function', "g(); function f() { let s = ''; function k() { s++; } s += k(); }"],
    [
      'a destructuring in a nested function',
      "g(); function f() { let s = ''; const k = (a) => { [s] = a; }; s += k(['q']); }",
    ],
    [
      'an object pattern default in a nested function',
      "g(); function f() { let s = ''; const k = (a) => { ({ x: s = 'd' } = a); }; s += k({}); }",
    ],
    [
      'a for-of target in a nested function',
      "g(); function f() { let s = ''; const k = (a) => { for (s of a); }; s += k(['q']); }",
    ],
    [
      'a for-in target in a nested function',
      "g(); function f() { let s = ''; const k = (a) => { for (s in a); }; s += k({ q: 1 }); }",
    ],
    ['a class static block', "g(); function f() { let s = ''; s += (class { static { s = 'q'; } }, 'z'); }"],
    ['a class field initializer', "g(); function f() { let s = ''; s += new (class { x = (s = 'q'); })().x; }"],
    ['a write in the part', "g(); function f() { let s = ''; s += (s = 'q'); }"],
    ['a nested write in the part itself', "g(); function f() { let s = ''; s += (() => (s = 'q'))(); }"],
    ['a sloppy parameter (mapped arguments)', 'g(); function f(s) { s += g(arguments); }'],
    ['`with` in the file', "with ({}) g(); function f() { let s = ''; s += g(); }"],
    ['`eval` in the file', "eval('g()'); function f() { let s = ''; s += g(); }"],
    ['a module binding a function writes', "let s = ''; function k() { s = 'q'; return 'z'; } s += k();"],
  ])('keeps the runtime check for %s', (_name, source) => {
    expect(proven(source)).toBe(false);
  });
});

describe('append proof in a large file (streamed: its first pass finds the writes, statement by statement)', () => {
  /** The marks of the appends to `s` in `source` instrumented on the large-file path. */
  function streamedMarks(source: string): string[] {
    const code = instrument(source, { filename: '/large.js', sourceType: 'commonjs', streamFromChars: 0 })!.code;
    return [...code.matchAll(/\$rw\$apf?\([^,]+,s,([^,]+?),\s*s \+=/g)].map((match) => match[1]);
  }

  it('keeps the runtime check for a module binding a later function writes, and proves the rest', () => {
    const marks = streamedMarks(
      [
        "let s = '';",
        's += g();', // a later statement's function writes s: the runtime check
        "function k() { s = 'q'; }",
        "function f() { let s = ''; s += g(); }", // f's own s: nothing nested writes it
      ].join('\n'),
    );
    expect(marks).toEqual(['$rw$appendMark()', '-1']);
  });
});
